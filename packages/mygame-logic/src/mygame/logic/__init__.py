"""mygame.logic: the pong engine, pure and deterministic, standard library only."""

from __future__ import annotations

from mygame.logic._match import GameResult, play_game
from mygame.logic._version import __version__

__all__ = ["GameResult", "__version__", "play_game"]
