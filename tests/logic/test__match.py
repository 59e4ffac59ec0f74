"""Match flow, paddles and the pure step: serve, rally, point, match over."""

from __future__ import annotations

import dataclasses

import pytest
from mygame.logic import (
    Command,
    GameState,
    LogicError,
    Match,
    MatchOver,
    Phase,
    Point,
    Serve,
    Settings,
    Side,
    step,
)

S, U, D = Command.STAY, Command.UP, Command.DOWN


def rally(settings: Settings | None = None, **fields: object) -> Match:
    """A match in play with the given state fields (ball_x, ball_vx, left_y...)."""
    base = Match(settings or Settings(), seed=0).state
    state = dataclasses.replace(base, phase=Phase.RALLY, phase_ticks=0, **fields)  # type: ignore[arg-type]
    return Match.from_state(state)


def until_phase(match: Match, phase: Phase, limit: int = 10_000) -> list[object]:
    events: list[object] = []
    for _ in range(limit):
        if match.phase is phase:
            return events
        events.extend(match.advance(S, S))
    pytest.fail(f"phase {phase} not reached")


class TestStart:
    def test_a_new_match_waits_at_the_centre_with_paddles_centred(self) -> None:
        m = Match(Settings(), seed=5)
        assert (m.phase, m.tick, m.score, m.winner) == (Phase.SERVE, 0, (0, 0), None)
        assert (m.ball_x, m.ball_y, m.ball_vx, m.ball_vy) == (40.0, 24.0, 0.0, 0.0)
        assert m.left_y == m.right_y == 24.0
        assert m.phase_ticks == 60

    def test_the_first_serve_side_is_a_seeded_coin_that_lands_both_ways(self) -> None:
        sides = {Match(seed=seed).serve_to for seed in range(40)}
        assert sides == {Side.LEFT, Side.RIGHT}
        assert Match(seed=7).serve_to is Match(seed=7).serve_to

    @pytest.mark.parametrize("bad", [1.5, "3", None, True])
    def test_a_seed_that_is_not_an_integer_is_refused(self, bad: object) -> None:
        with pytest.raises(LogicError, match="seed must be an integer"):
            Match(seed=bad)  # type: ignore[arg-type]

    def test_settings_of_the_wrong_type_are_refused(self) -> None:
        with pytest.raises(LogicError, match="settings must be"):
            Match({"width": 3})  # type: ignore[arg-type]

    def test_from_state_refuses_anything_but_a_game_state(self) -> None:
        with pytest.raises(LogicError, match="state must be"):
            Match.from_state({"tick": 1})  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("changes", "fragment"),
        [
            ({"settings": None}, "settings must be"),
            ({"tick": -1}, "tick must be a non-negative integer"),
            ({"hits": 1.0}, "hits must be a non-negative integer"),
            ({"left_score": True}, "left_score must be"),
            ({"phase": "rally"}, "phase must be a Phase"),
            ({"serve_to": None}, "serve_to must be a Side"),
            ({"winner": Side.LEFT}, "winner must be a Side exactly when"),
            ({"phase": Phase.OVER}, "winner must be a Side exactly when"),
            ({"ball_x": 90.0}, "ball_x = 90.0 is outside the field"),
            ({"ball_y": float("nan")}, "ball_y = nan is outside the field"),
            ({"ball_vx": float("inf")}, "ball_vx = inf is outside"),
            ({"left_y": 2.0}, "left_y = 2.0 is outside the field"),
            ({"right_y": "24"}, "right_y must be a number"),
        ],
    )
    def test_from_state_refuses_a_state_it_could_not_continue(
        self, changes: dict[str, object], fragment: str
    ) -> None:
        state = dataclasses.replace(Match().state, **changes)  # type: ignore[arg-type]
        with pytest.raises(LogicError, match=fragment):
            Match.from_state(state)
        with pytest.raises(LogicError, match=fragment):
            step(state, S, S)


class TestServe:
    def test_the_serve_comes_after_exactly_serve_delay_quiet_ticks(self) -> None:
        m = Match(Settings(serve_delay=5), seed=1)
        for _ in range(5):
            assert m.advance(S, S) == ()
        (event,) = m.advance(S, S)
        assert isinstance(event, Serve)
        assert event.tick == 6
        assert m.phase is Phase.RALLY
        assert m.serves == 1

    def test_the_serve_goes_towards_serve_to_at_serve_speed_within_the_slope_limits(self) -> None:
        s = Settings(serve_delay=0)
        for seed in range(30):
            m = Match(s, seed=seed)
            (event,) = m.advance(S, S)
            assert isinstance(event, Serve)
            assert event.towards is m.serve_to
            assert abs(event.vx) == s.serve_speed / s.tick_rate
            assert (event.vx < 0) == (event.towards is Side.LEFT)
            assert s.serve_min_slope <= abs(event.vy / event.vx) <= s.serve_max_slope
            assert (m.ball_vx, m.ball_vy) == (event.vx, event.vy)

    def test_serve_angles_differ_between_seeds(self) -> None:
        slopes = set()
        for seed in range(10):
            m = Match(Settings(serve_delay=0), seed=seed)
            m.advance(S, S)
            slopes.add(m.ball_vy / m.ball_vx)
        assert len(slopes) == 10


class TestPoints:
    def test_the_ball_reaching_the_left_goal_line_scores_for_right(self) -> None:
        m = rally(ball_x=1.0, ball_y=10.0, ball_vx=-1.0, ball_vy=0.0)
        events = m.advance(S, S)
        assert events == (Point(1, Side.RIGHT, (0, 1)),)
        assert m.score == (0, 1)
        assert m.phase is Phase.POINT
        assert (m.ball_x, m.ball_vx, m.ball_vy) == (0.5, 0.0, 0.0)

    def test_the_next_serve_goes_to_the_player_who_lost_the_point(self) -> None:
        m = rally(ball_x=79.0, ball_y=10.0, ball_vx=1.0, ball_vy=0.0)
        (point,) = m.advance(S, S)
        assert point == Point(1, Side.LEFT, (1, 0))
        assert m.serve_to is Side.RIGHT

    def test_after_a_point_come_the_pause_the_countdown_and_the_serve(self) -> None:
        s = Settings(point_delay=3, serve_delay=2)
        m = rally(s, ball_x=1.0, ball_y=10.0, ball_vx=-1.0, ball_vy=0.0)
        m.advance(S, S)
        phases = []
        for _ in range(8):
            events = m.advance(S, S)
            phases.append((m.phase, m.phase_ticks, [type(e).__name__ for e in events]))
        assert phases[:7] == [
            (Phase.POINT, 2, []),
            (Phase.POINT, 1, []),
            (Phase.POINT, 0, []),
            (Phase.SERVE, 2, []),
            (Phase.SERVE, 1, []),
            (Phase.SERVE, 0, []),
            (Phase.RALLY, 0, ["Serve"]),
        ]
        assert m.serve_to is Side.LEFT

    def test_the_ball_returns_to_the_centre_for_the_serve(self) -> None:
        m = rally(Settings(point_delay=0), ball_x=1.0, ball_y=10.0, ball_vx=-1.0, ball_vy=0.0)
        m.advance(S, S)
        m.advance(S, S)
        assert (m.phase, m.ball_x, m.ball_y) == (Phase.SERVE, 40.0, 24.0)

    def test_reaching_the_target_score_ends_the_match_on_the_same_tick(self) -> None:
        m = rally(Settings(target_score=3), left_score=2, ball_x=79.0, ball_vx=1.0, ball_vy=0.0)
        events = m.advance(S, S)
        assert events == (Point(1, Side.LEFT, (3, 0)), MatchOver(1, Side.LEFT, (3, 0)))
        assert (m.phase, m.winner, m.over) == (Phase.OVER, Side.LEFT, True)
        assert m.result().winner is Side.LEFT

    def test_a_finished_match_ignores_further_ticks(self) -> None:
        m = rally(Settings(target_score=1), ball_x=79.0, ball_vx=1.0, ball_vy=0.0)
        m.advance(S, S)
        before = m.state
        assert m.advance(U, D) == ()
        assert m.state == before

    def test_win_by_two_plays_on_past_the_target_until_a_two_point_lead(self) -> None:
        s = Settings(target_score=11, win_by_two=True)
        m = rally(s, left_score=10, right_score=10, ball_x=79.0, ball_vx=1.0, ball_vy=0.0)
        m.advance(S, S)
        assert (m.score, m.over) == ((11, 10), False)
        m = rally(s, left_score=11, right_score=10, ball_x=79.0, ball_vx=1.0, ball_vy=0.0)
        m.advance(S, S)
        assert (m.score, m.over, m.winner) == ((12, 10), True, Side.LEFT)

    def test_without_win_by_two_one_point_ahead_at_the_target_wins(self) -> None:
        m = rally(left_score=10, right_score=10, ball_x=1.0, ball_vx=-1.0, ball_vy=0.0)
        m.advance(S, S)
        assert (m.score, m.winner) == ((10, 11), Side.RIGHT)


class TestPaddles:
    def test_up_and_down_move_one_step_of_paddle_speed_per_tick(self) -> None:
        m = Match(Settings(paddle_speed=30.0, tick_rate=60))
        m.advance(U, D)
        assert (m.left_y, m.right_y) == (23.5, 24.5)

    def test_paddles_stop_at_the_walls(self) -> None:
        m = Match(Settings())
        for _ in range(100):
            m.advance(U, D)
        assert (m.left_y, m.right_y) == (4.0, 44.0)

    def test_a_paddle_stops_against_the_ball_beside_it(self) -> None:
        # The ball sits beside the left paddle, just above it: moving up is blocked.
        m = rally(ball_x=2.5, ball_y=19.0, ball_vx=-0.01, ball_vy=0.0, left_y=24.0)
        m.advance(U, S)
        assert m.left_y == 23.5  # paddle top meets ball bottom: 23.5 - 4 == 19 + 0.5
        m.advance(U, S)
        assert m.left_y == 23.5
        m.advance(D, S)
        assert m.left_y == 24.5

    def test_a_paddle_moving_away_from_the_ball_beside_it_is_not_blocked(self) -> None:
        m = rally(ball_x=77.5, ball_y=30.0, ball_vx=0.01, ball_vy=0.0, right_y=24.0)
        m.advance(S, U)
        assert m.right_y == 23.0
        m.advance(S, D)
        m.advance(S, D)
        assert m.right_y == 25.0  # 30 - 0.5 - 4 = 25.5 is the limit; one step lands on 25

    def test_a_paddle_is_blocked_exactly_at_contact_with_the_ball(self) -> None:
        m = rally(ball_x=77.5, ball_y=30.0, ball_vx=0.01, ball_vy=0.0, right_y=25.2)
        m.advance(S, D)
        assert m.right_y == 25.5

    @pytest.mark.parametrize("bad", [1, 0, "up", None])
    def test_anything_but_a_command_is_refused_and_changes_nothing(self, bad: object) -> None:
        m = Match(record=True)
        before = (m.tick, m.left_y, m.right_y)
        with pytest.raises(LogicError, match=r"must be a mygame\.logic\.Command"):
            m.advance(bad, D)  # type: ignore[arg-type]
        with pytest.raises(LogicError, match=r"must be a mygame\.logic\.Command"):
            m.advance(U, bad)  # type: ignore[arg-type]
        assert (m.tick, m.left_y, m.right_y) == before
        assert m.recording().ticks == 0


class TestStateAndStep:
    def test_state_is_one_snapshot_per_tick(self) -> None:
        m = Match()
        first = m.state
        assert m.state is first
        m.advance(S, S)
        assert m.state is not first
        assert m.state.tick == 1

    def test_state_exposes_ball_paddles_and_score_as_objects(self) -> None:
        state = Match().state
        assert state.ball.size == 1.0
        assert (state.ball.left, state.ball.right, state.ball.top, state.ball.bottom) == (
            39.5,
            40.5,
            23.5,
            24.5,
        )
        assert (state.left.left, state.left.right, state.left.top, state.left.bottom) == (
            2.0,
            3.0,
            20.0,
            28.0,
        )
        assert (state.right.left, state.right.right) == (77.0, 78.0)
        assert state.right.side is Side.RIGHT
        assert state.score == (0, 0)
        assert state.over is False

    def test_step_leaves_its_input_unchanged_and_agrees_with_a_live_match(self) -> None:
        m = Match(Settings(serve_delay=0), seed=9)
        state = m.state
        copy = dataclasses.replace(state)
        for commands in [(U, D), (S, S), (D, U)] * 30:
            new, events = step(state, *commands)
            assert state == copy
            assert m.advance(*commands) == events
            assert m.state == new
            state = copy = new

    def test_from_state_continues_a_match_exactly(self) -> None:
        a = Match(Settings(serve_delay=3), seed=4)
        for _ in range(50):
            a.advance(U, S)
        b = Match.from_state(a.state)
        for _ in range(300):
            assert a.advance(D, U) == b.advance(D, U)
        assert a.state == b.state
        assert isinstance(b.state, GameState)

    def test_a_recording_needs_a_match_created_with_record_true(self) -> None:
        with pytest.raises(LogicError, match="record=True"):
            Match().recording()
