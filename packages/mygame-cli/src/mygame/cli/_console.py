"""What the game loop needs from a terminal, and the one for this platform.

The loop talks to a :class:`Console`: read keys with a timeout, write one frame of
bytes, know the size, learn whether the screen must be repainted in full (after a
resize, a resume, or on the first frame). :func:`open_console` returns the POSIX
(termios) or Windows (msvcrt + virtual-terminal mode) implementation.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Protocol, Self

if TYPE_CHECKING:
    from types import TracebackType

from mygame.draw import enter_screen, leave_screen

__all__ = ["SCREEN_ENTER", "SCREEN_LEAVE", "Console", "open_console"]

# mygame.draw owns the escape codes: the ones that take the screen over (alternate
# screen, hidden cursor, no line wrap) and the ones that give it back.
SCREEN_ENTER = enter_screen().encode()
SCREEN_LEAVE = leave_screen().encode()


class Console(Protocol):
    """A terminal in game mode: raw keys, alternate screen, hidden cursor."""

    def __enter__(self) -> Self:
        """Enter game mode (raises CliError when there is no terminal)."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Restore the terminal exactly as it was."""
        ...

    def read_keys(self, timeout: float) -> list[str]:
        """Wait at most ``timeout`` seconds for keys; return as soon as some arrive."""
        ...

    def write(self, data: bytes) -> None:
        """Write all of ``data`` to the screen, at once."""
        ...

    def size(self) -> tuple[int, int]:
        """Return the terminal's (columns, rows)."""
        ...

    def take_repaint(self) -> bool:
        """Return whether the screen needs a full repaint since the last call (and clear it)."""
        ...

    def suspend(self) -> None:
        """Give the terminal back and stop the process (Ctrl-Z); re-enter when continued."""
        ...


def open_console(command: str) -> Console:
    """Return the console of this platform, for the subcommand ``command``.

    It takes over the screen with :data:`SCREEN_ENTER` and gives it back with
    :data:`SCREEN_LEAVE`.
    """
    if sys.platform == "win32":
        from mygame.cli._windows import WindowsConsole

        console: Console = WindowsConsole(command)
    else:
        from mygame.cli._posix import PosixTerminal

        console = PosixTerminal(command)
    return console
