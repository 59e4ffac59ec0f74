"""A fixed-timestep clock: physics at a steady rate, whatever the frame rate does.

The accumulator pattern (Glenn Fiedler, "Fix Your Timestep!"): real time flows into
an accumulator, whole ticks flow out. The time taken in per frame is clamped, so a
stall (a suspended process, a slow terminal) skips ahead instead of making the game
run hundreds of catch-up ticks ("spiral of death").
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["FixedClock"]

_EPSILON = 1e-9  # so 3 x 16.67 ms is 3 ticks despite rounding


class FixedClock:
    """Count whole ticks of ``1 / rate`` seconds of real time, scaled by ``speed``.

    >>> now = [0.0]
    >>> clock = FixedClock(rate=60, clock=lambda: now[0])
    >>> now[0] = 0.05
    >>> clock.advance()  # 50 ms of real time is 3 ticks of 16.7 ms
    3
    """

    def __init__(
        self,
        rate: float = 60.0,
        *,
        speed: float = 1.0,
        max_ticks: int = 8,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        """Tick ``rate`` times per second of real time (times ``speed``)."""
        self.tick_seconds = 1.0 / rate
        self._speed = speed
        self._max_elapsed = max_ticks * self.tick_seconds
        self._clock = clock
        self._last = clock()
        self._accumulated = 0.0

    def reset(self) -> None:
        """Forget the time that passed since the last call (after a pause or a suspend)."""
        self._last = self._clock()
        self._accumulated = 0.0

    def advance(self) -> int:
        """Take in the real time elapsed since the last call; return the ticks now due."""
        now = self._clock()
        elapsed = min((now - self._last) * self._speed, self._max_elapsed)
        self._last = now
        self._accumulated += elapsed
        ticks = int(self._accumulated / self.tick_seconds + _EPSILON)
        self._accumulated -= ticks * self.tick_seconds
        return ticks

    def until_next(self) -> float:
        """Return the real seconds until the next tick is due (0 if it is due now)."""
        since = (self._clock() - self._last) * self._speed
        left = self.tick_seconds - self._accumulated - since
        return max(0.0, left / self._speed)
