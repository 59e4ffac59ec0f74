"""Draw a match result as text (a placeholder until the renderers land)."""

from __future__ import annotations

from mygame.logic import GameResult

__all__ = ["draw_game"]


def draw_game(result: GameResult) -> str:
    """Return a one-line picture of ``result``."""
    left, right = result.score
    return f"{left:>2} | {right:<2}  ({result.ticks} ticks)"
