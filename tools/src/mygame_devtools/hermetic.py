"""The environment for pip, uv and twine runs that only the project steers.

This machine's (or any developer's) pip configuration may add extra indexes,
find-links or constraints; a run of pip, uv or twine under test must see only the
index or folder it is pointed at. Every tool, test and session that starts one
takes its environment from here; so does ``.ci/run``, which evaluates the lines
``python3 tools/src/mygame_devtools/hermetic.py --shell`` prints (this module
uses the standard library only, so it runs as a plain file before anything is
installed).
"""

from __future__ import annotations

import os
import shlex
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["DROPPED", "SETTINGS", "hermetic_env", "main", "shell_lines"]

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


def shell_lines() -> list[str]:
    """Return POSIX shell lines that make a shell's environment hermetic."""
    settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in SETTINGS.items())
    return [f"unset {' '.join(DROPPED)}", f"export {settings}"]


def main(argv: Sequence[str] | None = None) -> int:
    """``--shell``: print the lines for a POSIX shell to ``eval``."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args != ["--shell"]:
        print("usage: hermetic.py --shell (prints lines to eval)", file=sys.stderr)
        return 2
    print("\n".join(shell_lines()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
