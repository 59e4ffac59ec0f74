"""mygame.draw: pictures of a pong match, as text, terminal output and SVG.

Everything here is pure: functions and objects that return ``str``, never touching a
terminal, a file or the clock. The command line writes what they return.

>>> from mygame.draw import draw_game
>>> from mygame.logic import play_game
>>> picture = draw_game(play_game(seed=1))
"""

from __future__ import annotations

from mygame.draw._adapter import Drawable, ResultLike, StateLike, match_over_message, scene_of
from mygame.draw._color import PLAIN, Color, ColorDepth, Style, detect_color_depth, sgr_transition
from mygame.draw._errors import DrawError
from mygame.draw._frame import BLANK, Canvas, Cell, Frame
from mygame.draw._game import DEFAULT_SIZE, TerminalRenderer, draw_game
from mygame.draw._pixels import PixelGrid
from mygame.draw._scene import (
    DEFAULT_THEME,
    MIN_COLUMNS,
    MIN_ROWS,
    MONOCHROME,
    Rect,
    Scene,
    Theme,
    draw_frame,
    fits,
)
from mygame.draw._svg import render_svg
from mygame.draw._terminal import (
    ALT_SCREEN_OFF,
    ALT_SCREEN_ON,
    CLEAR_SCREEN,
    CURSOR_HIDE,
    CURSOR_SHOW,
    RESET_STYLE,
    SYNC_BEGIN,
    SYNC_END,
    WRAP_OFF,
    WRAP_ON,
    diff_frames,
    enter_screen,
    frame_to_ansi,
    leave_screen,
    to_ascii,
    wants_ascii,
)
from mygame.draw._version import __version__

__all__ = [
    "ALT_SCREEN_OFF",
    "ALT_SCREEN_ON",
    "BLANK",
    "CLEAR_SCREEN",
    "CURSOR_HIDE",
    "CURSOR_SHOW",
    "DEFAULT_SIZE",
    "DEFAULT_THEME",
    "MIN_COLUMNS",
    "MIN_ROWS",
    "MONOCHROME",
    "PLAIN",
    "RESET_STYLE",
    "SYNC_BEGIN",
    "SYNC_END",
    "WRAP_OFF",
    "WRAP_ON",
    "Canvas",
    "Cell",
    "Color",
    "ColorDepth",
    "DrawError",
    "Drawable",
    "Frame",
    "PixelGrid",
    "Rect",
    "ResultLike",
    "Scene",
    "StateLike",
    "Style",
    "TerminalRenderer",
    "Theme",
    "__version__",
    "detect_color_depth",
    "diff_frames",
    "draw_frame",
    "draw_game",
    "enter_screen",
    "fits",
    "frame_to_ansi",
    "leave_screen",
    "match_over_message",
    "render_svg",
    "scene_of",
    "sgr_transition",
    "to_ascii",
    "wants_ascii",
]
