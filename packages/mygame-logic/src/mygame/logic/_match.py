"""Play a whole match (a placeholder until the full engine lands)."""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = ["GameResult", "play_game"]


@dataclass(frozen=True, slots=True)
class GameResult:
    """The outcome of a match: the final ``(left, right)`` score and the ticks played."""

    score: tuple[int, int]
    ticks: int


def play_game(seed: int = 0, target: int = 11) -> GameResult:
    """Play a match to ``target`` points and return its result."""
    rng = random.Random(seed)
    left = right = ticks = 0
    while max(left, right) < target:
        ticks += rng.randint(60, 600)
        if rng.random() < 0.5:
            left += 1
        else:
            right += 1
    return GameResult(score=(left, right), ticks=ticks)
