"""The ``mygame`` entry point: fast paths for ``--version`` and ``--help``, argparse for the rest.

``mygame --version`` must start nearly as fast as ``python -c pass``, so this module
imports nothing beyond ``os`` and ``sys`` at import time: argparse, the engine and
the renderer are imported only by the subcommand that needs them.

Output that cannot be written (stdout closed, a full disk, a reader gone) ends the
program with one line and a non-zero status, on every path, never a traceback.
"""

from __future__ import annotations

import errno
import os
import sys

TYPE_CHECKING = False  # ``typing`` costs milliseconds at start-up; mypy treats this as True
if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]

_VERSION_FLAGS = (["--version"], ["-V"])
_HELP_FLAGS = (["--help"], ["-h"])
_EXIT_USAGE = 2  # as mygame.cli._errors.EXIT_USAGE, without importing it
_EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `cmd | head`


class _ClosedStream:
    """Stands for a standard stream the program was started without (``>&-``)."""

    def write(self, _text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        """Nothing to flush."""

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _hold_standard_fds() -> None:
    """Open /dev/null on a closed fd 0, 1 or 2, so no file we open later lands there."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)  # the lowest free fd: this one
    if sys.stdout is None:
        sys.stdout = _ClosedStream()  # writes fail, as they should


def _silence_stdout() -> None:
    """Point fd 1 at /dev/null, so the interpreter's last flush cannot fail a second time."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``mygame`` command with ``argv`` (default ``sys.argv[1:]``); return its status.

    >>> main(["--version"])  # doctest: +SKIP
    mygame-cli 1.0.0
    ...
    """
    _hold_standard_fds()
    try:
        status = _main(argv)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`mygame --version | true`)
        _silence_stdout()
        return _EXIT_BROKEN_PIPE
    except OSError as error:  # stdout closed or full (`>/dev/full`), or a file
        _silence_stdout()
        if error.filename is None:
            line = f"cannot write the output: {error.strerror or error}"
        else:
            from mygame.cli._shown import shown

            line = f"{shown(error.filename)}: {error.strerror or error}"
        print(f"mygame: error: {line}", file=sys.stderr)
        return 1
    return status


def _main(argv: Sequence[str] | None) -> int:
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
