"""The frame loop: keys wake it early, ticks follow the clock, one frame per wake-up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from mygame.cli._clock import FixedClock
from mygame.cli._loop import IDLE_WAIT, run_loop

if TYPE_CHECKING:
    from types import TracebackType


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class FakeConsole:
    """Replays a script of (seconds waited, keys) and records what is written."""

    def __init__(self, time: FakeTime, script: list[tuple[float, list[str]]]) -> None:
        self.time = time
        self.script = script
        self.writes: list[bytes] = []
        self.suspended = 0
        self.repaint = True
        self.timeouts: list[float] = []

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def read_keys(self, timeout: float) -> list[str]:
        self.timeouts.append(timeout)
        waited, keys = self.script.pop(0) if self.script else (timeout, ["q"])
        self.time.now += waited
        return keys

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def size(self) -> tuple[int, int]:
        return (80, 24)

    def take_repaint(self) -> bool:
        repaint, self.repaint = self.repaint, False
        return repaint

    def suspend(self) -> None:
        self.suspended += 1
        self.time.now += 100.0  # stopped for a long time


class CountingScenario:
    def __init__(self) -> None:
        self.ticks = 0
        self.keys: list[str] = []
        self.frames: list[bool] = []

        self.paused = False

    @property
    def finished(self) -> bool:
        return "q" in self.keys

    @property
    def idle(self) -> bool:
        return self.paused

    def on_key(self, key: str) -> None:
        self.keys.append(key)
        if key == "p":
            self.paused = not self.paused

    def tick(self, size: tuple[int, int]) -> None:
        assert size == (80, 24)
        self.ticks += 1

    def frame(self, size: tuple[int, int], *, full: bool) -> bytes:
        assert size == (80, 24)
        self.frames.append(full)
        return b"frame"


def test_ticks_follow_the_clock_not_the_keys() -> None:
    time = FakeTime()
    tick = 1 / 60
    # Many keys within one tick, then a quiet whole tick, then two ticks' worth of time.
    script = [(tick / 4, ["w"]), (tick / 4, ["w"]), (tick / 4, ["s"]), (tick, []), (2 * tick, [])]
    console = FakeConsole(time, script)
    scenario = CountingScenario()
    run_loop(console, scenario, FixedClock(60, clock=time))
    assert scenario.keys == ["w", "w", "s", "q"]
    assert scenario.ticks == 3
    assert scenario.frames[0] is True  # the first frame is a full repaint
    assert console.writes == [b"frame"] * len(scenario.frames)


def test_the_wait_is_the_time_left_until_the_next_tick() -> None:
    time = FakeTime()
    tick = 1 / 60
    console = FakeConsole(time, [(tick / 2, ["w"]), (tick / 2, [])])
    run_loop(console, CountingScenario(), FixedClock(60, clock=time))
    assert abs(console.timeouts[0] - tick) < 1e-9
    assert abs(console.timeouts[1] - tick / 2) < 1e-9


def test_ctrl_z_suspends_and_the_stopped_time_is_not_played() -> None:
    time = FakeTime()
    console = FakeConsole(time, [(0.0, ["ctrl-z"]), (1 / 60, [])])
    scenario = CountingScenario()
    run_loop(console, scenario, FixedClock(60, clock=time))
    assert console.suspended == 1
    assert "ctrl-z" not in scenario.keys
    assert scenario.ticks == 1


def test_while_idle_the_loop_waits_longer_and_runs_no_ticks() -> None:
    time = FakeTime()
    tick = 1 / 60
    script = [(0.0, ["p"]), (IDLE_WAIT, []), (IDLE_WAIT, []), (0.0, ["p"]), (tick, [])]
    console = FakeConsole(time, script)
    scenario = CountingScenario()
    run_loop(console, scenario, FixedClock(60, clock=time))
    assert console.timeouts[1:3] == [IDLE_WAIT, IDLE_WAIT]
    assert scenario.ticks == 1  # half a second paused is not played afterwards
