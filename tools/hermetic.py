"""The environment for pip, uv and twine runs that only the project steers.

This machine's (or any developer's) pip configuration may add extra indexes,
find-links or constraints; a run of pip, uv or twine under test must see only the
index or folder it is pointed at. Every tool, test and session that starts one
takes its environment from here.
"""

from __future__ import annotations

import os

__all__ = ["DROPPED", "SETTINGS", "hermetic_env"]

DROPPED = (
    "PIP_FIND_LINKS",
    "PIP_INDEX_URL",
    "PIP_EXTRA_INDEX_URL",
    "PIP_CONSTRAINT",
    "PIP_REQUIRE_VIRTUALENV",
    "UV_INDEX",
    "UV_INDEX_URL",
    "UV_DEFAULT_INDEX",
    "UV_EXTRA_INDEX_URL",
    "UV_FIND_LINKS",
    "UV_CONSTRAINT",
)
"""Variables that point an installer at other packages: removed."""

SETTINGS = {
    "PIP_CONFIG_FILE": os.devnull,
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    "PIP_NO_INPUT": "1",
    "UV_NO_CONFIG": "1",
}
"""Variables that switch off configuration files and prompts: set."""


def hermetic_env(**extra: str) -> dict[str, str]:
    """Return this process's environment, hermetic for pip, uv and twine, plus ``extra``.

    So are ``VIRTUAL_ENV`` (the caller names the environment to act on) and twine's
    credentials (``TWINE_*``): a test or tool that uploads passes them in ``extra``.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in DROPPED and k != "VIRTUAL_ENV" and not k.startswith("TWINE_")
    }
    return env | SETTINGS | extra
