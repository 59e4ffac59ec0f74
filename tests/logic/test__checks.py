"""Integers and numbers from outside: booleans are neither, wherever the engine takes one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from mygame.logic import ComputerPlayer, LogicError, Match, Recording, Settings, play_game
from mygame.logic._checks import check_seed, is_integer, is_number
from mygame.logic._recording import VERSION

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
        Recording.from_json(text.replace(f'"version":{VERSION}', '"version":true'))


def test_a_player_takes_any_integer_seed_but_a_match_only_one_a_recording_can_hold() -> None:
    """Players are seeded with 2 * seed + 1, past the bound; the match seed is what gets saved."""
    assert check_seed(2**70) == 2**70
    assert check_seed(2**63 - 1, recordable=True) == 2**63 - 1
    with pytest.raises(LogicError, match=r"below 2\*\*63"):
        check_seed(2**63, recordable=True)
    ComputerPlayer(seed=2 * (2**63 - 1) + 1)  # player_seeds of the largest match seed
