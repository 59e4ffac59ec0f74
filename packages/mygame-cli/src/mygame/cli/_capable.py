"""Whether the terminal can show the game: cursor moves and a screen to draw on.

The game draws with ANSI cursor addressing on the alternate screen. A terminal
that says it cannot (``TERM=dumb``, as in Emacs' shell buffers; no ``TERM`` at
all; or a terminfo entry without cursor addressing) would show the control codes
as garbage, so the game refuses it with one line before sending any.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from mygame.cli._errors import CliError
from mygame.cli._shown import shown

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["check_capable"]

_INCAPABLE = frozenset({"", "dumb", "unknown"})


def _lacks_cursor_addressing(term: str, fd: int) -> bool:
    """Ask terminfo; a terminal it does not know is given the benefit of the doubt."""
    try:
        import curses
    except ImportError:
        return False
    try:
        curses.setupterm(term, fd)
        return curses.tigetstr("cup") is None
    except curses.error:
        return False


def check_capable(command: str, environ: Mapping[str, str] = os.environ, fd: int = 1) -> None:
    """Raise CliError when ``TERM`` names a terminal that cannot show ``mygame <command>``."""
    if sys.platform == "win32":  # the console's virtual-terminal mode is checked there
        return
    if not os.isatty(fd):  # no terminal at all: the console says so
        return
    term = environ.get("TERM", "")
    if term in _INCAPABLE or _lacks_cursor_addressing(term, fd):
        what = f"TERM={shown(term)} cannot" if term else "TERM is not set"
        msg = (
            f"'mygame {command}' needs a terminal that can move the cursor, but {what}: "
            "run it in a terminal emulator (TERM=xterm-256color or similar), or use "
            "'mygame simulate' for headless matches"
        )
        raise CliError(msg)
