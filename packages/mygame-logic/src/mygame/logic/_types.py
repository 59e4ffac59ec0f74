"""Small value types shared by the engine: sides, walls, phases, commands, ball and paddle."""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["Ball", "Command", "Paddle", "Phase", "Side", "Wall"]


class Side(enum.Enum):
    """One of the two players, named by the side of the field their paddle guards."""

    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        """The opposite side."""
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


class Wall(enum.Enum):
    """The walls the ball bounces off: the top (y = 0) and the bottom (y = height)."""

    TOP = "top"
    BOTTOM = "bottom"


class Phase(enum.Enum):
    """Where a match is in its flow.

    ``SERVE``: the ball waits at the centre for ``phase_ticks`` more ticks, then is served.
    ``RALLY``: the ball is in play. ``POINT``: a point was just scored; a short pause of
    ``phase_ticks`` ticks before the next serve. ``OVER``: the match has a winner.
    """

    SERVE = "serve"
    RALLY = "rally"
    POINT = "point"
    OVER = "over"


class Command(enum.IntEnum):
    """What a player does with its paddle during one tick.

    ``UP`` moves the paddle towards y = 0 (the top of the screen), ``DOWN`` towards the
    bottom, each by ``Settings.paddle_speed / Settings.tick_rate`` field units.
    The integer values are the ones stored in recordings.
    """

    STAY = 0
    UP = 1
    DOWN = 2


@dataclass(frozen=True, slots=True)
class Ball:
    """The ball: a square of side ``size`` centred on ``(x, y)``.

    Coordinates are field units, origin at the top-left corner, x to the right, y down.
    The velocity ``(vx, vy)`` is in field units per tick.
    """

    x: float
    y: float
    vx: float
    vy: float
    size: float

    @property
    def left(self) -> float:
        """The x of the ball's left edge."""
        return self.x - self.size / 2

    @property
    def right(self) -> float:
        """The x of the ball's right edge."""
        return self.x + self.size / 2

    @property
    def top(self) -> float:
        """The y of the ball's top edge."""
        return self.y - self.size / 2

    @property
    def bottom(self) -> float:
        """The y of the ball's bottom edge."""
        return self.y + self.size / 2


@dataclass(frozen=True, slots=True)
class Paddle:
    """A paddle: a rectangle ``width`` x ``height`` centred on ``(x, y)``, in field units.

    Paddles move only vertically; ``x`` is fixed by the settings.
    """

    side: Side
    x: float
    y: float
    width: float
    height: float

    @property
    def left(self) -> float:
        """The x of the paddle's left edge."""
        return self.x - self.width / 2

    @property
    def right(self) -> float:
        """The x of the paddle's right edge."""
        return self.x + self.width / 2

    @property
    def top(self) -> float:
        """The y of the paddle's top edge."""
        return self.y - self.height / 2

    @property
    def bottom(self) -> float:
        """The y of the paddle's bottom edge."""
        return self.y + self.height / 2
