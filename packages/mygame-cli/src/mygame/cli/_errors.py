"""The one exception of mygame.cli: a message for the user and an exit status."""

from __future__ import annotations

__all__ = ["EXIT_ERROR", "EXIT_USAGE", "CliError", "Terminated"]

EXIT_USAGE = 2
"""Exit status for a bad command line: unknown command, bad value."""

EXIT_ERROR = 1
"""Exit status for a request that cannot be met: no terminal, missing file."""


class CliError(Exception):
    """A problem the user can fix, reported as one line, never a traceback."""

    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        """Keep ``message`` (what was wrong and what to do) and the exit ``status``."""
        super().__init__(message)
        self.message = message
        self.status = status


class Terminated(BaseException):
    """Raised by the SIGTERM/SIGHUP handler so every ``finally`` restores the terminal."""

    def __init__(self, signum: int) -> None:
        """Remember which signal ended the program."""
        super().__init__(signum)
        self.signum = signum
