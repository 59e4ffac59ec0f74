"""The ``mygame`` entry point: fast paths for ``--version`` and ``--help``, argparse for the rest.

``mygame --version`` must start nearly as fast as ``python -c pass``, so this module
imports nothing beyond ``sys`` at import time: argparse, the engine and the
renderer are imported only by the subcommand that needs them.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # ``typing`` costs milliseconds at start-up; mypy treats this as True
if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]

_VERSION_FLAGS = (["--version"], ["-V"])
_HELP_FLAGS = (["--help"], ["-h"])
_EXIT_USAGE = 2  # as mygame.cli._errors.EXIT_USAGE, without importing it


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``mygame`` command with ``argv`` (default ``sys.argv[1:]``); return its status.

    >>> main(["--version"])  # doctest: +SKIP
    mygame-cli 1.0.0
    ...
    """
    args = sys.argv[1:] if argv is None else list(argv)
    if args in _VERSION_FLAGS:
        from mygame.cli._installed import version_text

        sys.stdout.write(version_text())
        sys.stdout.flush()
        return 0
    if args in _HELP_FLAGS or not args:
        from mygame.cli._help import top_help

        out = sys.stdout if args else sys.stderr  # no command at all is a usage error
        out.write(top_help())
        out.flush()
        return 0 if args else _EXIT_USAGE
    from mygame.cli._commands import run

    return run(args)
