"""Names that mygame.draw 1.1 exported and 1.2 keeps private: importable, with a warning.

They go away in 2.0. Each one names what to use instead.
"""

from __future__ import annotations

import warnings

from mygame.draw import _color, _pixels, _terminal
from mygame.logic import GameResult, MatchView

__all__ = ["deprecated_attribute"]

_ENTER = "enter_screen()"
_LEAVE = "leave_screen()"
_FRAMES = "TerminalRenderer or diff_frames(), which write the escape codes a frame needs"

_MOVED: dict[str, tuple[object, str]] = {
    "ALT_SCREEN_OFF": (_terminal.ALT_SCREEN_OFF, _LEAVE),
    "ALT_SCREEN_ON": (_terminal.ALT_SCREEN_ON, _ENTER),
    "CLEAR_SCREEN": (_terminal.CLEAR_SCREEN, _ENTER),
    "CURSOR_HIDE": (_terminal.CURSOR_HIDE, _ENTER),
    "CURSOR_SHOW": (_terminal.CURSOR_SHOW, _LEAVE),
    "RESET_STYLE": (_terminal.RESET_STYLE, _LEAVE),
    "SYNC_BEGIN": (_terminal.SYNC_BEGIN, _FRAMES),
    "SYNC_END": (_terminal.SYNC_END, _FRAMES),
    "WRAP_OFF": (_terminal.WRAP_OFF, _ENTER),
    "WRAP_ON": (_terminal.WRAP_ON, _LEAVE),
    "PixelGrid": (_pixels.PixelGrid, "a Scene drawn with draw_frame()"),
    "ResultLike": (GameResult, "mygame.logic.GameResult"),
    "StateLike": (MatchView, "mygame.logic.MatchView"),
    "sgr_transition": (_color.sgr_transition, "frame_to_ansi() or TerminalRenderer"),
}


def deprecated_attribute(name: str) -> object:
    """Return the value of ``name`` with a DeprecationWarning naming what replaces it.

    Raise AttributeError, as a module does, for a name that mygame.draw never had.
    """
    try:
        value, replacement = _MOVED[name]
    except KeyError:
        msg = f"module 'mygame.draw' has no attribute {name!r}"
        raise AttributeError(msg) from None
    warnings.warn(
        f"mygame.draw.{name} is deprecated and goes away in mygame-draw 2.0; "
        f"use {replacement} instead",
        DeprecationWarning,
        stacklevel=3,
    )
    return value
