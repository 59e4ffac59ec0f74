"""mygame.draw: pictures of a pong match, as text, terminal output and SVG.

Everything here is pure: functions and objects that return ``str``, never touching a
terminal, a file or the clock. The command line writes what they return.

>>> from mygame.draw import draw_game
>>> from mygame.logic import play_game
>>> picture = draw_game(play_game(seed=1))
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mygame.draw._adapter import Drawable, match_over_message, scene_of
from mygame.draw._color import PLAIN, Color, ColorDepth, Style, detect_color_depth
from mygame.draw._deprecated import deprecated_attribute as _deprecated_attribute
from mygame.draw._errors import DrawError
from mygame.draw._frame import BLANK, Canvas, Cell, Frame
from mygame.draw._game import DEFAULT_SIZE, TerminalRenderer, draw_game
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
    diff_frames,
    enter_screen,
    frame_to_ansi,
    leave_screen,
    to_ascii,
    wants_ascii,
)
from mygame.draw._version import __version__

__all__ = [
    "BLANK",
    "DEFAULT_SIZE",
    "DEFAULT_THEME",
    "MIN_COLUMNS",
    "MIN_ROWS",
    "MONOCHROME",
    "PLAIN",
    "Canvas",
    "Cell",
    "Color",
    "ColorDepth",
    "DrawError",
    "Drawable",
    "Frame",
    "Rect",
    "Scene",
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
    "to_ascii",
    "wants_ascii",
]

if not TYPE_CHECKING:  # type checkers see only the public names above

    def __getattr__(name: str) -> object:
        """Give the names 1.1 exported and 1.2 made private, with a DeprecationWarning."""
        return _deprecated_attribute(name)
