"""The frame loop: wait for keys until the next tick, run the due ticks, draw once.

The input timeout is never the game clock: a key press wakes the loop early, the
keys are handled, and the loop goes back to waiting for what is left of the frame.
Physics advances only by whole fixed ticks from :class:`FixedClock`, so the game
runs at the same speed however fast keys arrive or frames are drawn; one frame is
drawn per wake-up that ran ticks (at most 60 a second), none while nothing changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from mygame.cli._clock import FixedClock
    from mygame.cli._console import Console

__all__ = ["Scenario", "run_loop"]


class Scenario(Protocol):
    """What runs inside the loop: a match to play, watch or replay."""

    @property
    def finished(self) -> bool:
        """Whether the loop should stop (the player quit, or the match is over)."""
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
    """Run ``scenario`` on ``console`` (already entered) until it is finished."""
    size = console.size()
    clock.reset()
    while True:
        full = console.take_repaint()
        if full:
            size = console.size()
        for key in console.read_keys(clock.until_next()):
            if key == "ctrl-z":
                console.suspend()
                clock.reset()  # the time spent stopped is not game time
                continue
            scenario.on_key(key)
        if scenario.finished:
            return
        ticks = clock.advance()
        for _ in range(ticks):
            scenario.tick(size)
        if ticks or full:
            console.write(scenario.frame(size, full=full))
