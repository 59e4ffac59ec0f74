"""The frame loop: wait for keys until the next tick, run the due ticks, draw once.

The input timeout is never the game clock: a key press wakes the loop early, the
keys are handled, and the loop goes back to waiting for what is left of the frame.
Physics advances only by whole fixed ticks from :class:`FixedClock`, so the game
runs at the same speed however fast keys arrive or frames are drawn; one frame is
drawn per wake-up that ran ticks or handled keys (at most 60 a second from ticks).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from mygame.cli._clock import FixedClock
    from mygame.cli._console import Console

__all__ = ["IDLE_WAIT", "Scenario", "run_loop"]

IDLE_WAIT = 0.25
"""Seconds the loop waits for a key while nothing moves (paused, end screen)."""


class Scenario(Protocol):
    """What runs inside the loop: a match to play, watch or replay."""

    @property
    def finished(self) -> bool:
        """Whether the loop should stop (the player quit, or the match is over)."""
        ...

    @property
    def idle(self) -> bool:
        """Whether nothing moves until a key is pressed (paused, end screen): no ticks."""
        ...

    def on_key(self, key: str) -> None:
        """React to one key (see :mod:`mygame.cli._keys` for the names)."""
        ...

    def tick(self, size: tuple[int, int]) -> None:
        """Advance one fixed tick; ``size`` is the terminal's (columns, rows)."""
        ...

    def frame(self, size: tuple[int, int], *, full: bool) -> bytes:
        """Return the bytes that bring the screen up to date (all of it when ``full``)."""
        ...


def run_loop(console: Console, scenario: Scenario, clock: FixedClock) -> None:
    """Run ``scenario`` on ``console`` (already entered) until it is finished.

    While the scenario is idle the loop waits for keys up to :data:`IDLE_WAIT` instead
    of waking every tick, and the clock restarts when it moves again.
    """
    size = console.size()
    clock.reset()
    while True:
        full = console.take_repaint()
        if full:
            size = console.size()
        keys = console.read_keys(IDLE_WAIT if scenario.idle else clock.until_next())
        for key in keys:
            if key == "ctrl-z":
                console.suspend()
                clock.reset()  # the time spent stopped is not game time
                continue
            scenario.on_key(key)
        if scenario.finished:
            return
        ticks = 0
        if scenario.idle:
            clock.reset()
        else:
            ticks = clock.advance()
            for _ in range(ticks):
                scenario.tick(size)
        if ticks or full or keys:
            console.write(scenario.frame(size, full=full))
