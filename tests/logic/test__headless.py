"""play_game and replay: whole matches in one call."""

from __future__ import annotations

import pytest
from mygame.logic import (
    Command,
    ComputerPlayer,
    Difficulty,
    GameResult,
    LogicError,
    Match,
    ScriptedPlayer,
    Settings,
    Side,
    play_game,
)


class TestPlayGame:
    def test_returns_the_final_score_and_the_ticks_played(self) -> None:
        result = play_game(seed=3, target=2)
        assert isinstance(result, GameResult)
        assert max(result.score) == 2
        assert result.winner is (Side.LEFT if result.score[0] == 2 else Side.RIGHT)
        assert result.ticks > 0

    def test_target_overrides_the_settings_target(self) -> None:
        result = play_game(seed=1, target=1, settings=Settings(target_score=9))
        assert max(result.score) == 1

    def test_settings_alone_set_the_target(self) -> None:
        result = play_game(seed=1, settings=Settings(target_score=2))
        assert max(result.score) == 2

    def test_a_player_object_can_take_either_side(self) -> None:
        # A paddle that never moves against a hard computer loses every point.
        result = play_game(
            seed=2, target=3, left=ScriptedPlayer([], then=Command.UP), right=Difficulty.HARD
        )
        assert result.score == (0, 3)

    def test_max_ticks_stops_an_unfinished_match_without_a_winner(self) -> None:
        result = play_game(seed=0, max_ticks=100)
        assert (result.ticks, result.winner, result.score) == (100, None, (0, 0))

    @pytest.mark.parametrize("bad", [-1, 1.5, True, "9"])
    def test_a_bad_max_ticks_is_refused(self, bad: object) -> None:
        with pytest.raises(LogicError, match="max_ticks must be"):
            play_game(max_ticks=bad)  # type: ignore[arg-type]

    def test_run_on_a_finished_match_returns_its_result_at_once(self) -> None:
        m = Match(Settings(target_score=1), seed=0)
        first = m.run(ComputerPlayer(seed=1), ComputerPlayer(seed=2))
        assert m.run(ComputerPlayer(seed=1), ComputerPlayer(seed=2)) == first
        assert m.run(ComputerPlayer(seed=1), ComputerPlayer(seed=2), max_ticks=5) == first
