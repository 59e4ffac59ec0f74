"""Whether the terminal can show the game: cursor moves and a screen to draw on.

The game draws with ANSI cursor addressing on the alternate screen. A terminal
that says it cannot (``TERM=dumb``, as in Emacs' shell buffers; no ``TERM`` at
all; or a terminfo entry without cursor addressing) would show the control codes
as garbage, so the game refuses it with one line before sending any.
"""

from __future__ import annotations

import locale
import os
import sys
from typing import TYPE_CHECKING, TextIO

from mygame.cli._errors import CliError
from mygame.cli._shown import shown

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["check_capable", "needs_ascii"]

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


def needs_ascii(stream: TextIO) -> bool:
    """Return whether ``stream`` or its terminal cannot take Unicode block characters.

    Python's UTF-8 mode (``LC_ALL=C``) encodes stdout as UTF-8 even when the terminal's
    locale says ASCII, so a terminal's own codeset is asked too.
    """
    from mygame.draw import wants_ascii

    if wants_ascii(getattr(stream, "encoding", None)):
        return True
    langinfo = getattr(locale, "nl_langinfo", None)  # POSIX; Windows consoles take Unicode
    return langinfo is not None and stream.isatty() and wants_ascii(langinfo(locale.CODESET))


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
