"""GameState names the state of a match once; MatchView and Match keep to it."""

from __future__ import annotations

import dataclasses
import inspect

from mygame.logic import Command, GameState, Match, MatchView, Settings


def _view_names() -> list[str]:
    return [name for name, member in vars(MatchView).items() if isinstance(member, property)]


def test_match_view_declares_exactly_the_fields_of_game_state_in_order() -> None:
    assert _view_names() == [f.name for f in dataclasses.fields(GameState)]


def test_every_match_view_property_says_what_it_is() -> None:
    for name in _view_names():
        assert inspect.getdoc(getattr(MatchView, name)), name


def test_a_live_match_has_a_slot_for_every_field_and_its_snapshot_reads_them() -> None:
    match = Match(Settings(serve_delay=0), seed=5)
    for _ in range(40):
        match.advance(Command.STAY, Command.UP)
    assert set(Match.__slots__) >= {f.name for f in dataclasses.fields(GameState)}
    state = match.state
    for field in dataclasses.fields(GameState):
        assert getattr(state, field.name) == getattr(match, field.name), field.name
    assert Match.from_state(state).state == state
