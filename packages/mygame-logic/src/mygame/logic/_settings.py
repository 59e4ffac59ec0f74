"""The rules of a match: field size, paddles, ball speeds, target score, tick rate."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from mygame.logic._checks import is_integer, is_number
from mygame.logic._errors import SettingsError
from mygame.logic._limits import shown

__all__ = ["Settings"]

# Upper bounds that keep every derived quantity finite and every match finite.
_MAX_LENGTH = 1e6
_MAX_SPEED = 1e9
_MAX_TICKS = 1_000_000
_MAX_SCORE = 1000


@dataclass(frozen=True, slots=True)
class Settings:
    """The rules and geometry of a match; immutable, validated on creation.

    Lengths are field units (the field is ``width`` x ``height``, origin top-left,
    y down); speeds are field units per second, turned into units per tick by
    dividing by ``tick_rate``. Ball speeds are *horizontal* speeds: the vertical speed
    is the horizontal one times a slope (at most ``max_slope``), so the engine needs no
    trigonometry.

    >>> Settings(target_score=5).target_score
    5

    Raises :class:`SettingsError` naming the bad field and the accepted range.
    """

    width: float = 80.0
    """Field width in units (a renderer may map one unit to one terminal column)."""
    height: float = 48.0
    """Field height in units (one unit per half-block row: 24 terminal rows)."""
    paddle_height: float = 8.0
    """Paddle length along y (at most a third of the field height)."""
    paddle_width: float = 1.0
    """Paddle thickness along x."""
    paddle_margin: float = 2.0
    """Gap between a goal line (x = 0 or x = width) and the back face of its paddle."""
    paddle_speed: float = 60.0
    """Paddle speed in units per second (at most half a paddle length per tick)."""
    ball_size: float = 1.0
    """Side of the (square) ball (at most a quarter of the field height)."""
    serve_speed: float = 36.0
    """Horizontal ball speed of a serve, units per second."""
    speedup: float = 1.06
    """Factor applied to the horizontal speed at every paddle hit (>= 1)."""
    max_speed: float = 120.0
    """Horizontal ball speed never exceeds this (units per second)."""
    max_slope: float = 1.0
    """|vy / vx| of a return off the very edge of a paddle; a centre hit returns flat."""
    serve_min_slope: float = 0.1
    """Smallest |vy / vx| of a serve (never perfectly flat)."""
    serve_max_slope: float = 0.5
    """Largest |vy / vx| of a serve."""
    spin: float = 0.25
    """Slope added to a return when the paddle moves at the moment of the hit."""
    target_score: int = 11
    """Points needed to win."""
    win_by_two: bool = False
    """If true, a player must also lead by two points to win."""
    tick_rate: int = 60
    """Simulation steps per second of game time."""
    serve_delay: int = 60
    """Ticks the ball waits at the centre before each serve."""
    point_delay: int = 30
    """Ticks of pause after a point before the next serve countdown."""

    def __post_init__(self) -> None:
        """Check every field; normalise numbers to float/int so matches are reproducible."""
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type == "bool":
                if not isinstance(value, bool):
                    msg = f"settings: {f.name} must be true or false, got {shown(value)}"
                    raise SettingsError(msg)
            elif f.type == "int":
                if not is_integer(value):
                    msg = f"settings: {f.name} must be an integer, got {shown(value)}"
                    raise SettingsError(msg)
            else:
                if not is_number(value):
                    msg = f"settings: {f.name} must be a number, got {shown(value)}"
                    raise SettingsError(msg)
                try:  # an int too large for a float is out of range like inf
                    number = float(value)
                except OverflowError:
                    number = math.inf
                if not math.isfinite(number):
                    msg = f"settings: {f.name} must be a finite number, got {shown(value)}"
                    raise SettingsError(msg)
                object.__setattr__(self, f.name, number)
        self._check_ranges()

    def _check_ranges(self) -> None:
        def need(ok: bool, name: str, accepted: str) -> None:  # noqa: FBT001
            if not ok:
                msg = f"settings: {name} = {shown(getattr(self, name))} is out of range: {accepted}"
                raise SettingsError(msg)

        length = f"between 0 (exclusive) and {_MAX_LENGTH:g}"
        for name in ("width", "height", "paddle_height", "paddle_width", "ball_size"):
            need(0 < getattr(self, name) <= _MAX_LENGTH, name, length)
        need(0 <= self.paddle_margin <= _MAX_LENGTH, "paddle_margin", "between 0 and 1e6")
        speed = f"between 0 (exclusive) and {_MAX_SPEED:g}"
        for name in ("paddle_speed", "serve_speed", "max_speed"):
            need(0 < getattr(self, name) <= _MAX_SPEED, name, speed)
        need(self.serve_speed <= self.max_speed, "serve_speed", "at most max_speed")
        need(1 <= self.speedup <= 10, "speedup", "between 1 and 10")
        need(0 <= self.max_slope <= 100, "max_slope", "between 0 and 100")
        need(0 <= self.serve_max_slope <= 100, "serve_max_slope", "between 0 and 100")
        need(
            0 <= self.serve_min_slope <= self.serve_max_slope,
            "serve_min_slope",
            "between 0 and serve_max_slope",
        )
        need(0 <= self.spin <= 100, "spin", "between 0 and 100")
        need(1 <= self.target_score <= _MAX_SCORE, "target_score", f"between 1 and {_MAX_SCORE}")
        need(1 <= self.tick_rate <= 10_000, "tick_rate", "between 1 and 10000")
        need(0 <= self.serve_delay <= _MAX_TICKS, "serve_delay", f"between 0 and {_MAX_TICKS}")
        need(0 <= self.point_delay <= _MAX_TICKS, "point_delay", f"between 0 and {_MAX_TICKS}")
        # A paddle must be beatable from anywhere: at most a third of the height, and a
        # ball small enough to pass it; otherwise a rally could never end.
        need(self.paddle_height <= self.height / 3, "paddle_height", "at most height / 3")
        need(self.ball_size <= self.height / 4, "ball_size", "at most height / 4")
        # Paddles move in steps of paddle_speed / tick_rate: short enough that a paddle
        # can always stop within reach of any point. Compared per second, as the message
        # states it: per tick, the exact bound could round one unit over and be refused.
        need(
            self.paddle_speed <= self.paddle_height * self.tick_rate / 2,
            "paddle_speed",
            "at most paddle_height / 2 per tick (paddle_height * tick_rate / 2 per second)",
        )
        need(
            2 * (self.paddle_margin + self.paddle_width + self.ball_size) < self.width,
            "width",
            "more than 2 * (paddle_margin + paddle_width + ball_size)",
        )
