"""A plugin's player in a worker thread: its answers, its forfeits, and its silences."""

from __future__ import annotations

import threading
import time

import pytest
from mygame.cli._guard import PATIENCE, ForfeitError, GuardedPlayer, Lateness
from mygame.logic import Command, GameState, Match, MatchView, Settings, Side

WHO = "player 'x' (entry point 'x = m:X' of d 1.0)"
TICK = 1 / Settings().tick_rate


class Scripted:
    """Answers with whatever ``answer(view)`` gives, after ``delay`` seconds."""

    def __init__(self, answer: object = Command.UP, delay: float = 0.0) -> None:
        self.answer, self.delay = answer, delay
        self.views: list[MatchView] = []

    def command(self, view: MatchView, side: Side) -> Command:  # noqa: ARG002 - a Player's
        self.views.append(view)
        if self.delay:
            time.sleep(self.delay)
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer  # type: ignore[return-value]


class Stuck:
    """Never answers, until released."""

    def __init__(self) -> None:
        self.release = threading.Event()

    def command(self, view: MatchView, side: Side) -> Command:  # noqa: ARG002 - a Player's
        self.release.wait()
        return Command.DOWN


def guarded(player: object, *, budget: float = TICK, patience: float = PATIENCE) -> GuardedPlayer:
    return GuardedPlayer(player, Lateness(WHO, budget, patience))  # type: ignore[arg-type]


def test_an_answer_in_time_is_the_command_and_nothing_is_late() -> None:
    player = guarded(Scripted(Command.DOWN))
    match = Match(seed=1)
    assert player.command(match, Side.LEFT) is Command.DOWN
    assert player.lateness.text() is None
    player.close()


def test_the_player_sees_a_snapshot_never_the_live_match() -> None:
    inner = Scripted()
    player = guarded(inner)
    match = Match(seed=1)
    player.command(match, Side.RIGHT)
    state = match.state
    player.command(state, Side.RIGHT)
    assert all(isinstance(view, GameState) for view in inner.views)
    assert inner.views[1] is state
    player.close()


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (ZeroDivisionError("division by zero"), "raised ZeroDivisionError: division by zero"),
        (SystemExit(2), "raised SystemExit: 2"),
        (1, "returned 1, not a mygame.logic.Command"),
        ("up", "returned 'up', not a mygame.logic.Command"),
        (object(), "returned an object of type object, not a mygame.logic.Command"),
    ],
)
def test_breaking_the_contract_forfeits_naming_the_player_and_side(
    answer: object, words: str
) -> None:
    player = guarded(Scripted(answer))
    with pytest.raises(ForfeitError) as info:
        player.command(Match(seed=1), Side.RIGHT)
    assert info.value.message == f"{WHO} forfeits: its command() {words}"
    assert info.value.side is Side.RIGHT
    player.close()


def test_a_slow_answer_is_used_and_counted() -> None:
    player = guarded(Scripted(Command.UP, delay=0.02), budget=0.001, patience=5.0)
    match = Match(seed=1)
    assert player.command(match, Side.LEFT) is Command.UP
    late = player.lateness
    assert (late.slow, late.missed, late.last_tick) == (1, 0, 0)
    assert late.slowest >= 0.02
    assert late.text() is not None
    assert "took longer than a tick (1.0 ms) on 1 ticks" in late.text()  # type: ignore[operator]
    assert late.notice("x").startswith("x is slow: ")
    player.close()


def test_a_player_that_never_answers_stalls_no_tick_past_its_patience() -> None:
    inner = Stuck()
    player = guarded(inner, patience=0.05)
    match = Match(seed=1)
    start = time.perf_counter()
    commands = [player.command(match, Side.LEFT) for _ in range(50)]
    took = time.perf_counter() - start
    assert commands == [Command.STAY] * 50
    assert took < 2.0  # the first waits its patience, the others find it still busy
    late = player.lateness
    assert late.missed == 50
    assert "gave no command within 50 ms on 50 ticks (its paddle stayed)" in (late.text() or "")
    assert late.notice("x") == "x gives no command in time: its paddle stays"
    inner.release.set()  # its late answer is dropped; the next tick asks again
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if player.command(match, Side.LEFT) is Command.DOWN:
            break
    else:
        pytest.fail("the player was not asked again after its late answer")
    player.close()
