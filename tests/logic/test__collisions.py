"""Swept collisions: paddle faces and edges, walls, corners, extreme speeds.

Default geometry (ball side 1): the ball's centre meets the left paddle's front face at
x = 3.5 and the right one's at x = 76.5; it touches the walls at y = 0.5 and y = 47.5;
a paddle (height 8) reaches the ball's centre up to 4.5 above or below its own centre.
"""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from mygame.logic import (
    Command,
    Event,
    Match,
    PaddleHit,
    Phase,
    Point,
    Settings,
    Side,
    Wall,
    WallBounce,
)

S, U, D = Command.STAY, Command.UP, Command.DOWN


def rally(settings: Settings | None = None, **fields: object) -> Match:
    """A match in play with the given state fields (ball_x, ball_vx, left_y...)."""
    base = Match(settings or Settings(), seed=0).state
    state = dataclasses.replace(base, phase=Phase.RALLY, phase_ticks=0, **fields)  # type: ignore[arg-type]
    return Match.from_state(state)


def assert_in_field(m: Match) -> None:
    s = m.settings
    r = s.ball_size / 2
    assert r <= m.ball_x <= s.width - r
    assert r <= m.ball_y <= s.height - r


def assert_clear_of_paddles(m: Match) -> None:
    """The ball's box never overlaps a paddle's box (touching is allowed)."""
    s = m.settings
    r = s.ball_size / 2
    half = s.paddle_height / 2
    for x0, x1, py in (
        (s.paddle_margin, s.paddle_margin + s.paddle_width, m.left_y),
        (s.width - s.paddle_margin - s.paddle_width, s.width - s.paddle_margin, m.right_y),
    ):
        overlap_x = m.ball_x - r < x1 and m.ball_x + r > x0
        overlap_y = m.ball_y - r < py + half and m.ball_y + r > py - half
        assert not (overlap_x and overlap_y), (m.ball_x, m.ball_y, py)


class TestPaddleHits:
    def test_a_centre_hit_returns_the_ball_flat_and_faster(self) -> None:
        m = rally(ball_x=4.0, ball_y=24.0, ball_vx=-1.0, ball_vy=0.0)
        (hit,) = m.advance(S, S)
        assert hit == PaddleHit(1, Side.LEFT, 3.5, 24.0, 0.0, 1.06)
        assert (m.ball_vx, m.ball_vy) == (1.06, 0.0)
        assert m.ball_x == 3.5 + 1.06 * 0.5
        assert m.hits == 1

    def test_the_right_paddle_returns_the_ball_leftwards(self) -> None:
        m = rally(ball_x=76.0, ball_y=26.25, ball_vx=1.0, ball_vy=0.0)
        (hit,) = m.advance(S, S)
        assert isinstance(hit, PaddleHit)
        assert (hit.side, hit.x, hit.offset) == (Side.RIGHT, 76.5, 0.5)
        assert m.ball_vx == -1.06
        assert m.ball_vy == 0.5 * 1.06  # slope = offset * max_slope

    @pytest.mark.parametrize(("ball_y", "offset"), [(19.5, -1.0), (28.5, 1.0)])
    def test_the_paddle_corners_still_return_the_ball_at_the_steepest_slope(
        self, ball_y: float, offset: float
    ) -> None:
        m = rally(ball_x=4.0, ball_y=ball_y, ball_vx=-1.0, ball_vy=0.0)
        (hit,) = m.advance(S, S)
        assert isinstance(hit, PaddleHit)
        assert hit.offset == offset
        assert m.ball_vy == offset * 1.0 * 1.06

    @pytest.mark.parametrize("ball_y", [19.4999, 28.5001])
    def test_a_ball_just_past_the_corner_misses_and_passes_beside_the_paddle(
        self, ball_y: float
    ) -> None:
        m = rally(ball_x=4.0, ball_y=ball_y, ball_vx=-1.0, ball_vy=0.0)
        events: list[Event] = []
        for _ in range(5):
            events.extend(m.advance(S, S))
            assert_clear_of_paddles(m)
        assert events == [Point(4, Side.RIGHT, (0, 1))]

    def test_a_moving_paddle_puts_spin_on_the_return(self) -> None:
        still = rally(ball_x=4.0, ball_y=24.0, ball_vx=-1.0, ball_vy=0.0, left_y=24.5)
        moving = rally(ball_x=4.0, ball_y=24.0, ball_vx=-1.0, ball_vy=0.0, left_y=25.5)
        still.advance(S, S)
        moving.advance(U, S)  # the paddle moves up to 24.5 first, then hits going up
        assert still.ball_vy / still.ball_vx == pytest.approx(-0.5 / 4.5)
        assert moving.ball_vy / moving.ball_vx == pytest.approx(-0.5 / 4.5 - 0.25)

    def test_spin_never_exceeds_the_maximum_slope(self) -> None:
        m = rally(ball_x=4.0, ball_y=20.0, ball_vx=-1.0, ball_vy=0.0, left_y=25.0)
        m.advance(U, S)
        assert m.ball_vy / m.ball_vx == -1.0

    def test_the_ball_speeds_up_with_every_return_but_never_past_max_speed(self) -> None:
        s = Settings(max_speed=90.0)  # 1.5 units per tick
        m = rally(s, ball_x=40.0, ball_y=24.0, ball_vx=-1.0, ball_vy=0.0)
        speeds = [e.speed for _ in range(2000) for e in m.advance(S, S) if isinstance(e, PaddleHit)]
        assert speeds[:3] == [1.06, 1.06 * 1.06, 1.06 * 1.06 * 1.06]
        assert max(speeds) == 1.5
        assert speeds[-1] == 1.5
        assert all(a <= b for a, b in itertools.pairwise(speeds))


class TestWalls:
    def test_the_ball_bounces_off_the_top_wall_mirror_like(self) -> None:
        m = rally(ball_x=40.0, ball_y=1.0, ball_vx=0.5, ball_vy=-1.0)
        (bounce,) = m.advance(S, S)
        assert bounce == WallBounce(1, Wall.TOP, 40.25, 1)
        assert (m.ball_x, m.ball_y, m.ball_vy) == (40.5, 1.0, 1.0)

    def test_the_ball_bounces_off_the_bottom_wall(self) -> None:
        m = rally(ball_x=40.0, ball_y=47.0, ball_vx=0.5, ball_vy=1.0)
        (bounce,) = m.advance(S, S)
        assert isinstance(bounce, WallBounce)
        assert bounce.wall is Wall.BOTTOM
        assert (m.ball_y, m.ball_vy) == (47.0, -1.0)

    def test_a_ball_exactly_on_the_wall_moving_into_it_bounces_at_once(self) -> None:
        m = rally(ball_x=40.0, ball_y=0.5, ball_vx=0.5, ball_vy=-0.25)
        (bounce,) = m.advance(S, S)
        assert bounce == WallBounce(1, Wall.TOP, 40.0, 1)
        assert (m.ball_y, m.ball_vy) == (0.75, 0.25)

    def test_a_ball_exactly_on_the_wall_moving_away_just_leaves(self) -> None:
        m = rally(ball_x=40.0, ball_y=47.5, ball_vx=0.5, ball_vy=-0.25)
        assert m.advance(S, S) == ()
        assert m.ball_y == 47.25

    def test_a_ball_sliding_along_the_wall_stays_on_it(self) -> None:
        m = rally(ball_x=40.0, ball_y=0.5, ball_vx=0.5, ball_vy=0.0)
        for _ in range(10):
            assert m.advance(S, S) == ()
        assert (m.ball_x, m.ball_y) == (45.0, 0.5)

    def test_the_ball_can_touch_the_wall_exactly_at_the_end_of_a_tick(self) -> None:
        m = rally(ball_x=40.0, ball_y=1.5, ball_vx=0.5, ball_vy=-1.0)
        m.advance(S, S)
        assert (m.ball_y, m.ball_vy) in {(0.5, -1.0), (0.5, 1.0)}
        m.advance(S, S)
        assert (m.ball_y, m.ball_vy) == (1.5, 1.0)


class TestCorners:
    def test_wall_and_paddle_met_at_the_same_instant_give_both_events(self) -> None:
        # Paddle at the top; ball flies into the corner of top wall and paddle face.
        # It reaches both at the very end of the tick: the paddle returns it there and
        # the wall bounce follows at the start of the next tick.
        m = rally(ball_x=4.5, ball_y=1.5, ball_vx=-1.0, ball_vy=-1.0, left_y=4.0)
        first = m.advance(S, S)
        assert [type(e).__name__ for e in first] == ["PaddleHit"]
        assert (m.ball_x, m.ball_y) == (3.5, 0.5)
        second = m.advance(S, S)
        assert second[0] == WallBounce(2, Wall.TOP, 3.5, 1)
        assert m.ball_vx > 0
        assert m.ball_vy > 0
        assert_in_field(m)
        assert_clear_of_paddles(m)

    def test_wall_and_paddle_met_within_one_tick_give_both_events_in_order(self) -> None:
        m = rally(ball_x=4.5, ball_y=1.0, ball_vx=-2.0, ball_vy=-2.0, left_y=4.0)
        events = m.advance(S, S)
        # wall at t = 0.25, paddle at t = 0.5 (returned upwards), wall again.
        assert [type(e).__name__ for e in events] == ["WallBounce", "PaddleHit", "WallBounce"]
        assert m.ball_vx > 0
        assert_in_field(m)
        assert_clear_of_paddles(m)

    def test_touching_the_paddle_corner_counts_as_a_hit(self) -> None:
        # Paddle leaves a gap of exactly one ball at the bottom: ball and corner touch.
        m = rally(ball_x=5.0, ball_y=47.5, ball_vx=-1.0, ball_vy=0.0, left_y=43.0)
        m.advance(S, S)
        events = m.advance(S, S)
        assert isinstance(events[0], PaddleHit)
        assert events[0].offset == 1.0

    def test_a_ball_slides_along_the_wall_through_a_gap_beside_the_paddle(self) -> None:
        m = rally(ball_x=5.0, ball_y=47.5, ball_vx=-1.0, ball_vy=0.0, left_y=42.9)
        events: list[Event] = []
        for _ in range(6):
            events.extend(m.advance(S, S))
            assert_in_field(m)
            assert_clear_of_paddles(m)
        assert [type(e).__name__ for e in events] == ["Point"]

    def test_beside_a_paddle_the_ball_bounces_off_its_top_face(self) -> None:
        # Past the front face, above the paddle, heading down onto its top face.
        m = rally(ball_x=3.4, ball_y=18.0, ball_vx=-0.1, ball_vy=2.0, left_y=24.0)
        m.advance(S, S)
        assert_clear_of_paddles(m)
        assert m.ball_y <= 19.5
        assert m.ball_vy < 0


class TestExtremeSpeeds:
    @pytest.mark.parametrize("speed", [10.0, 100.0, 10_000.0])
    def test_a_fast_ball_aimed_at_a_paddle_is_returned_not_tunnelled(self, speed: float) -> None:
        s = Settings(max_speed=1e6, serve_speed=1.0)
        m = rally(s, ball_x=min(40.0, 3.5 + speed / 2), ball_y=24.0, ball_vx=-speed, ball_vy=0.0)
        events = m.advance(S, S)
        assert isinstance(events[0], PaddleHit)
        assert events[0].side is Side.LEFT
        assert_in_field(m)
        assert_clear_of_paddles(m)
        assert not any(isinstance(e, Point) for e in events)

    def test_a_fast_ball_aimed_past_a_paddle_scores_on_the_goal_line(self) -> None:
        m = rally(ball_x=40.0, ball_y=40.0, ball_vx=-1000.0, ball_vy=0.0)
        (point,) = m.advance(S, S)
        assert point == Point(1, Side.RIGHT, (0, 1))
        assert m.ball_x == 0.5

    def test_a_huge_vertical_speed_folds_between_the_walls(self) -> None:
        m = rally(ball_x=40.0, ball_y=24.0, ball_vx=0.5, ball_vy=10_000.0)
        events = m.advance(S, S)
        assert_in_field(m)
        total = sum(e.count for e in events if isinstance(e, WallBounce))
        assert total == 213  # one after 23.5 units, then one every 47 of the other 9976.5
        assert {e.wall for e in events if isinstance(e, WallBounce)} == {Wall.TOP, Wall.BOTTOM}

    def test_at_absurd_speed_the_ball_stays_in_the_field_and_clear_of_paddles(self) -> None:
        s = Settings(max_speed=1e9, serve_speed=1e9, speedup=10.0)
        m = Match(Settings(serve_delay=0, max_speed=1e9, serve_speed=1e9, speedup=10.0), seed=3)
        assert m.settings.max_speed == s.max_speed
        for _ in range(50):
            m.advance(S, S)
            assert_in_field(m)
            assert_clear_of_paddles(m)


class TestDegenerateStates:
    def test_a_ball_without_horizontal_speed_only_moves_up_and_down(self) -> None:
        m = rally(ball_x=40.0, ball_y=46.0, ball_vx=0.0, ball_vy=2.0)
        (bounce,) = m.advance(S, S)
        assert bounce == WallBounce(1, Wall.BOTTOM, 40.0, 1)
        assert (m.ball_x, m.ball_y, m.ball_vy) == (40.0, 47.0, -2.0)

    def test_a_ball_squeezed_between_wall_and_paddle_stays_put(self) -> None:
        # Beside the left paddle (top at y = 1), touching it and the top wall at once.
        m = rally(ball_x=2.5, ball_y=0.5, ball_vx=-0.25, ball_vy=1.0, left_y=5.0)
        m.advance(S, S)
        assert m.ball_y == 0.5
        assert m.ball_vy == -1.0
        assert_clear_of_paddles(m)
