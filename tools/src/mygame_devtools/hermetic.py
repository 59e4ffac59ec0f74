"""The environment for pip, uv and twine runs that install or upload what is under test.

Third-party tools install with the user's own settings (their index, mirror, proxy).
What is under test, our own artifacts, must come only from the folder or loopback index
a test names: this environment drops every variable and configuration file that would
add another source.
Ours: pip and uv each read their own variables and files (``--isolated`` is pip's alone).
"""

from __future__ import annotations

import os

__all__ = ["DROPPED", "SETTINGS", "hermetic_env"]

_INSTALLER_SETTINGS = ("FIND_LINKS", "INDEX_URL", "EXTRA_INDEX_URL", "CONSTRAINT", "INDEX")
DROPPED = (
    *(f"{tool}_{name}" for tool in ("PIP", "UV") for name in _INSTALLER_SETTINGS),
    "UV_DEFAULT_INDEX",
    "PIP_REQUIRE_VIRTUALENV",
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

    ``VIRTUAL_ENV`` and twine's ``TWINE_*`` credentials are dropped too: the caller names
    the environment to act on, and a test that uploads passes its credentials in ``extra``.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in DROPPED and k != "VIRTUAL_ENV" and not k.startswith("TWINE_")
    }
    return env | SETTINGS | extra
