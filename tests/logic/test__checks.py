"""Integers and numbers from outside: booleans are neither, wherever the engine takes one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from mygame.logic import ComputerPlayer, LogicError, Match, Recording, Settings, play_game
from mygame.logic._checks import check_seed, is_integer, is_number

if TYPE_CHECKING:
    from collections.abc import Callable


@pytest.mark.parametrize(
    ("value", "integer", "number"),
    [(0, True, True), (-7, True, True), (2.5, False, True), (True, False, False),
     (False, False, False), ("3", False, False), (None, False, False)],
)  # fmt: skip
def test_booleans_are_neither_integers_nor_numbers(
    value: object, integer: bool, number: bool
) -> None:
    assert is_integer(value) is integer
    assert is_number(value) is number


def test_check_seed_returns_an_integer_and_names_anything_else() -> None:
    assert check_seed(12) == 12
    with pytest.raises(LogicError, match=r"^seed must be an integer, got True$"):
        check_seed(True)


@pytest.mark.parametrize(
    "call",
    [
        lambda: Match(seed=True),
        lambda: ComputerPlayer(seed=False),
        lambda: Match().run(ComputerPlayer(), ComputerPlayer(), max_ticks=True),
        lambda: Recording(seed=True, settings=Settings(), left=(), right=()),
        lambda: Settings(target_score=True),
        lambda: Settings(width=True),
        lambda: play_game(seed=True),
    ],
    ids=[
        "match seed",
        "player seed",
        "max_ticks",
        "recording seed",
        "int setting",
        "length",
        "play_game",
    ],
)
def test_every_entry_point_refuses_a_boolean(call: Callable[[], object]) -> None:
    with pytest.raises(LogicError, match=r"True|False"):
        call()


def test_a_recording_with_version_true_is_refused() -> None:
    text = Recording(seed=1, settings=Settings(), left=(), right=()).to_json()
    with pytest.raises(LogicError, match="unsupported version True"):
        Recording.from_json(text.replace('"version":1', '"version":true'))
