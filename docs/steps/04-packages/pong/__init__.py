"""pong: a package. This file runs on `import pong` and chooses what it offers."""

from .draw import draw_game
from .logic import play_game

__all__ = ["draw_game", "play_game"]
