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

__all__ = ["SCREEN_ENTER", "SCREEN_LEAVE", "Console", "open_console"]

# Defaults (the renderer passes its own): alternate screen, hidden cursor, no line
# wrap; undone in the reverse order, after ending synchronized output and colours in
# case we stopped mid-frame.
SCREEN_ENTER = b"\x1b[?1049h\x1b[?25l\x1b[?7l\x1b[H\x1b[2J"
SCREEN_LEAVE = b"\x1b[?2026l\x1b[0m\x1b[?7h\x1b[?25h\x1b[?1049l"


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


def open_console(
    command: str, *, enter: bytes = SCREEN_ENTER, leave: bytes = SCREEN_LEAVE
) -> Console:
    """Return the console of this platform, for the subcommand ``command``.

    ``enter`` takes over the screen (the renderer's sequences); ``leave`` undoes it.
    """
    if sys.platform == "win32":
        from mygame.cli._windows import WindowsConsole

        console: Console = WindowsConsole(command, enter=enter, leave=leave)
    else:
        from mygame.cli._posix import PosixTerminal

        console = PosixTerminal(command, enter=enter, leave=leave)
    return console
