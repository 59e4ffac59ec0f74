"""What happened during a tick, reported by the engine so front ends need not re-derive it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mygame.logic._types import Side, Wall

__all__ = ["Event", "MatchOver", "PaddleHit", "Point", "Serve", "WallBounce"]


@dataclass(frozen=True, slots=True)
class Event:
    """Base class of all events; ``tick`` is the number of the tick that produced it.

    Ticks are numbered from 1: the first call of ``advance`` produces tick 1.
    """

    tick: int


@dataclass(frozen=True, slots=True)
class Serve(Event):
    """The ball left the centre towards ``towards`` with velocity ``(vx, vy)`` units/tick."""

    towards: Side
    vx: float
    vy: float


@dataclass(frozen=True, slots=True)
class PaddleHit(Event):
    """The ball bounced off ``side``'s paddle at ``(x, y)``.

    ``offset`` is where it met the paddle, -1.0 (top edge) to 1.0 (bottom edge);
    ``speed`` the new horizontal speed in units per tick.
    """

    side: Side
    x: float
    y: float
    offset: float
    speed: float


@dataclass(frozen=True, slots=True)
class WallBounce(Event):
    """The ball bounced off ``wall`` at x = ``x`` (the first bounce if ``count`` > 1).

    ``count`` is how many wall bounces happened in this stretch of the tick: 1 in
    ordinary play, more only at extreme speeds.
    """

    wall: Wall
    x: float
    count: int = 1


@dataclass(frozen=True, slots=True)
class Point(Event):
    """``scorer`` won a point; ``score`` is the new ``(left, right)`` score."""

    scorer: Side
    score: tuple[int, int]


@dataclass(frozen=True, slots=True)
class MatchOver(Event):
    """The match ended: ``winner`` won with the final ``(left, right)`` ``score``."""

    winner: Side
    score: tuple[int, int]
