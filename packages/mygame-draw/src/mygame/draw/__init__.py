"""mygame.draw: pictures of a pong match, as text, terminal output and SVG."""

from __future__ import annotations

from mygame.draw._text import draw_game
from mygame.draw._version import __version__

__all__ = ["__version__", "draw_game"]
