"""Tests of reading the engine: scene_of on states, live matches, results; end-of-match lines."""

from __future__ import annotations

import subprocess
import sys

from mygame.draw import Rect, Scene, match_over_message, scene_of
from mygame.logic import Command, GameResult, Match, Phase, Settings, Side, play_game


def rally(seed: int = 3) -> Match:
    """A match whose ball is in play, paddles at rest."""
    match = Match(Settings(), seed=seed)
    while match.phase is not Phase.RALLY:
        match.advance(Command.STAY, Command.STAY)
    return match


class TestSceneOf:
    def test_state_geometry_is_carried_over_in_field_units(self) -> None:
        state = rally().state
        scene = scene_of(state)
        assert (scene.field_width, scene.field_height) == (80, 48)
        assert scene.left_paddle == Rect(2, state.left_y - 4, 1, 8)
        assert scene.right_paddle == Rect(77, state.right_y - 4, 1, 8)
        assert scene.ball == Rect(state.ball_x - 0.5, state.ball_y - 0.5, 1, 1)
        assert scene.score == state.score

    def test_no_ball_after_a_point_while_it_is_out_of_the_field(self) -> None:
        match = rally()
        while match.phase is not Phase.POINT:
            match.advance(Command.STAY, Command.STAY)
        assert scene_of(match).ball is None

    def test_names_given_name_the_winner_of_a_result(self) -> None:
        result = GameResult(score=(3, 11), ticks=10, winner=Side.RIGHT)
        scene = scene_of(result, names=("you", "computer"))
        assert scene.message[:2] == ("match over", "computer wins 11-3")

    def test_status_message_and_names_replace_the_scenes_own(self) -> None:
        scene = scene_of(play_game(seed=2), status="s", message=["m"], names=("a", "b"))
        assert (scene.status, scene.message, scene.names) == ("s", ("m",), ("a", "b"))

    def test_a_scene_is_drawn_as_it_is(self) -> None:
        scene = Scene(10, 10, Rect(0, 0, 1, 1), Rect(9, 0, 1, 1), None)
        assert scene_of(scene) is scene


class TestMatchOverMessage:
    def test_names_the_winning_side(self) -> None:
        assert match_over_message((7, 11), Side.RIGHT) == ("match over", "right wins 11-7")

    def test_you_win_reads_as_english(self) -> None:
        lines = match_over_message((11, 9), Side.LEFT, names=("you", "computer"))
        assert lines == ("match over", "you win 11-9")

    def test_without_winner_the_higher_score_wins(self) -> None:
        assert match_over_message((3, 5)) == ("match over", "right wins 5-3")

    def test_a_stopped_match_says_so(self) -> None:
        assert match_over_message((3, 3)) == ("match stopped", "3-3")
        assert match_over_message((5, 3), None) == ("match stopped", "5-3")


class TestUsesLogic:
    def test_importing_draw_imports_logic_it_depends_on(self) -> None:
        code = "import sys, mygame.draw; print('mygame.logic' in sys.modules)"
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == "True"

    def test_a_result_is_drawn_on_the_default_settings_field(self) -> None:
        s = Settings()
        scene = scene_of(GameResult(score=(11, 2), ticks=5, winner=Side.LEFT))
        assert (scene.field_width, scene.field_height) == (s.width, s.height)
        assert scene.left_paddle == Rect(
            s.paddle_margin, (s.height - s.paddle_height) / 2, s.paddle_width, s.paddle_height
        )

    def test_the_ball_shows_while_served_and_in_play_only(self) -> None:
        match = Match(Settings(), seed=4)
        seen: dict[Phase, bool] = {}
        while not match.over:
            match.advance(Command.STAY, Command.STAY)
            seen.setdefault(match.phase, scene_of(match).ball is not None)
        assert seen == {Phase.SERVE: True, Phase.RALLY: True, Phase.POINT: False, Phase.OVER: False}

    def test_a_winner_given_by_its_value_still_names_the_side(self) -> None:
        assert match_over_message((2, 5), "right") == ("match over", "right wins 5-2")
