"""The fixed-timestep clock: whole ticks out of real time, clamped after stalls."""

from __future__ import annotations

import pytest
from mygame.cli._clock import FixedClock


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_ticks_follow_real_time_and_keep_the_remainder() -> None:
    time = FakeTime()
    clock = FixedClock(60, clock=time)
    time.now += 0.010
    assert clock.advance() == 0
    time.now += 0.010  # 20 ms in all: one tick of 16.7 ms, 3.3 ms carried over
    assert clock.advance() == 1
    time.now += 0.014
    assert clock.advance() == 1


def test_a_long_stall_runs_a_bounded_number_of_ticks() -> None:
    time = FakeTime()
    clock = FixedClock(60, max_ticks=8, clock=time)
    time.now += 30.0
    assert clock.advance() == 8


def test_until_next_counts_down_to_the_next_tick() -> None:
    time = FakeTime()
    clock = FixedClock(50, clock=time)
    assert clock.until_next() == pytest.approx(0.020)
    time.now += 0.015
    assert clock.until_next() == pytest.approx(0.005)
    time.now += 0.010
    assert clock.until_next() == 0.0


def test_speed_runs_more_ticks_per_second_of_real_time() -> None:
    time = FakeTime()
    clock = FixedClock(60, speed=4, max_ticks=1000, clock=time)
    time.now += 0.5
    assert clock.advance() == 120
    assert clock.until_next() == pytest.approx(1 / 240)


def test_reset_forgets_the_time_spent_stopped() -> None:
    time = FakeTime()
    clock = FixedClock(60, clock=time)
    time.now += 5.0
    clock.reset()
    assert clock.advance() == 0
