"""The immutable snapshot of a match, and the read-only view players decide from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from mygame.logic._types import Ball, Paddle, Phase, Side

if TYPE_CHECKING:
    from mygame.logic._settings import Settings

__all__ = ["GameResult", "GameState", "MatchView"]


class MatchView(Protocol):
    """What a player (or a renderer) may read about a match, without copying it.

    Both :class:`GameState` (an immutable snapshot) and :class:`~mygame.logic.Match`
    (the live engine) provide these attributes. Coordinates are field units, origin at
    the top-left corner, y down; velocities are field units per tick.
    """

    @property
    def settings(self) -> Settings:
        """The rules of the match."""

    @property
    def seed(self) -> int:
        """The seed every random choice of the engine derives from."""

    @property
    def tick(self) -> int:
        """Ticks played so far."""

    @property
    def phase(self) -> Phase:
        """Where the match is in its flow."""

    @property
    def phase_ticks(self) -> int:
        """Ticks left before a serve (``SERVE``) or the serve countdown (``POINT``)."""

    @property
    def ball_x(self) -> float:
        """Ball centre x."""

    @property
    def ball_y(self) -> float:
        """Ball centre y."""

    @property
    def ball_vx(self) -> float:
        """Ball velocity along x, units per tick (0 while not in play)."""

    @property
    def ball_vy(self) -> float:
        """Ball velocity along y, units per tick (0 while not in play)."""

    @property
    def left_y(self) -> float:
        """Left paddle centre y."""

    @property
    def right_y(self) -> float:
        """Right paddle centre y."""

    @property
    def left_score(self) -> int:
        """Points of the left player."""

    @property
    def right_score(self) -> int:
        """Points of the right player."""

    @property
    def serve_to(self) -> Side:
        """The side the next (or current) serve goes towards."""

    @property
    def serves(self) -> int:
        """Serves so far; changes exactly when a new rally starts."""

    @property
    def hits(self) -> int:
        """Paddle hits so far in the whole match; changes exactly when the ball is returned."""

    @property
    def winner(self) -> Side | None:
        """The winner once the phase is ``OVER``, else None."""


@dataclass(frozen=True, slots=True)
class GameState:
    """Everything about a match at one tick: an immutable, comparable snapshot.

    A renderer reads it every frame; :func:`~mygame.logic.step` maps one state to the
    next. Flat fields keep snapshots cheap; :attr:`ball`, :attr:`left`, :attr:`right`
    and :attr:`score` give the same data as objects with edges (``top``, ``left``...).
    """

    settings: Settings
    seed: int
    tick: int
    phase: Phase
    phase_ticks: int
    ball_x: float
    ball_y: float
    ball_vx: float
    ball_vy: float
    left_y: float
    right_y: float
    left_score: int
    right_score: int
    serve_to: Side
    serves: int
    hits: int
    winner: Side | None

    @property
    def ball(self) -> Ball:
        """The ball, with its size and edges."""
        return Ball(self.ball_x, self.ball_y, self.ball_vx, self.ball_vy, self.settings.ball_size)

    @property
    def left(self) -> Paddle:
        """The left paddle, with its fixed x and its edges."""
        s = self.settings
        x = s.paddle_margin + s.paddle_width / 2
        return Paddle(Side.LEFT, x, self.left_y, s.paddle_width, s.paddle_height)

    @property
    def right(self) -> Paddle:
        """The right paddle, with its fixed x and its edges."""
        s = self.settings
        x = s.width - s.paddle_margin - s.paddle_width / 2
        return Paddle(Side.RIGHT, x, self.right_y, s.paddle_width, s.paddle_height)

    @property
    def score(self) -> tuple[int, int]:
        """The ``(left, right)`` score."""
        return (self.left_score, self.right_score)

    @property
    def over(self) -> bool:
        """True once the match has a winner."""
        return self.phase is Phase.OVER


@dataclass(frozen=True, slots=True)
class GameResult:
    """The outcome of a match: the final ``(left, right)`` score and the ticks played.

    ``winner`` is None only if the match was stopped (``max_ticks``) before it ended.
    """

    score: tuple[int, int]
    ticks: int
    winner: Side | None = None
