"""Property-based tests over random seeds, settings and inputs (hypothesis).

The ball stays in the field and clear of the paddles, never tunnels through a paddle's
face at any speed, never exceeds the maximum speed; scores only rise; matches between
computer players always end; recordings replay the match and round-trip through JSON.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mygame.logic import (
    Command,
    ComputerPlayer,
    Difficulty,
    Match,
    PaddleHit,
    Phase,
    Point,
    Recording,
    ScriptedPlayer,
    Settings,
    Side,
    WallBounce,
    replay,
    step,
)

if TYPE_CHECKING:
    from mygame.logic import Event

EPS = 1e-7
commands = st.sampled_from(list(Command))


@st.composite
def game_settings(draw: st.DrawFn, *, extreme: bool = True) -> Settings:
    """Valid settings, from tiny fields to absurd ball speeds."""
    height = draw(st.floats(10.0, 100.0))
    paddle_height = draw(st.floats(1.0, height / 3))
    tick_rate = draw(st.sampled_from([30, 60, 120]))
    fastest_paddle = min(1000.0 if extreme else 120.0, paddle_height / 2 * tick_rate)
    max_speed = draw(st.floats(1.0, 1e5) if extreme else st.floats(10.0, 150.0))
    low_speed = 0.5 if extreme else 10.0
    slope = draw(st.floats(0.0, 3.0))
    return Settings(
        width=draw(st.floats(30.0, 200.0)),
        height=height,
        paddle_height=paddle_height,
        paddle_width=draw(st.floats(0.2, 3.0)),
        paddle_margin=draw(st.floats(0.0, 5.0)),
        paddle_speed=draw(st.floats(min(low_speed, fastest_paddle), fastest_paddle)),
        ball_size=draw(st.floats(0.2, min(3.0, height / 4))),
        serve_speed=draw(st.floats(low_speed, max_speed)),
        max_speed=max_speed,
        speedup=draw(st.floats(1.0, 2.0)),
        max_slope=draw(st.floats(0.0, 5.0)),
        serve_max_slope=slope,
        serve_min_slope=draw(st.floats(0.0, slope)),
        spin=draw(st.floats(0.0, 1.0)),
        target_score=draw(st.integers(1, 3)),
        win_by_two=draw(st.booleans()),
        tick_rate=tick_rate,
        serve_delay=draw(st.integers(0, 5)),
        point_delay=draw(st.integers(0, 5)),
    )


def reflect(y: float, lo: float, hi: float) -> float:
    """Mirror ``y`` into ``[lo, hi]`` one wall at a time (independent of the engine's fold)."""
    while y < lo or y > hi:
        y = lo + lo - y if y < lo else hi + hi - y
    return y


def check_tick(before: Match, after: Match, events: tuple[Event, ...]) -> None:
    """Every invariant of one tick, from the states before and after it."""
    s = after.settings
    r = s.ball_size / 2
    half = s.paddle_height / 2
    gap = half + r
    # In the field.
    assert r - EPS <= after.ball_x <= s.width - r + EPS
    assert r - EPS <= after.ball_y <= s.height - r + EPS
    assert half - EPS <= after.left_y <= s.height - half + EPS
    assert half - EPS <= after.right_y <= s.height - half + EPS
    # Never faster than the maximum speed.
    assert abs(after.ball_vx) <= s.max_speed / s.tick_rate * (1 + 1e-12)
    # Clear of both paddles.
    paddles = (
        (s.paddle_margin, s.paddle_margin + s.paddle_width, after.left_y),
        (s.width - s.paddle_margin - s.paddle_width, s.width - s.paddle_margin, after.right_y),
    )
    for x0, x1, py in paddles:
        overlap_x = after.ball_x - r < x1 - EPS and after.ball_x + r > x0 + EPS
        overlap_y = after.ball_y - r < py + half - EPS and after.ball_y + r > py - half + EPS
        assert not (overlap_x and overlap_y)
    # Scores only rise, by one per Point event, and the clock ticks once.
    points = [e for e in events if isinstance(e, Point)]
    assert after.left_score - before.left_score == sum(p.scorer is Side.LEFT for p in points)
    assert after.right_score - before.right_score == sum(p.scorer is Side.RIGHT for p in points)
    assert after.tick == before.tick + (0 if before.phase is Phase.OVER else 1)
    # No tunnelling: a ball that crossed a paddle's front face without a hit crossed
    # it out of the paddle's reach (the path before the face meets walls only).
    if before.phase is not Phase.RALLY or any(isinstance(e, PaddleHit) for e in events):
        return
    x0, y0, vx, vy = before.ball_x, before.ball_y, before.ball_vx, before.ball_vy
    walls = sum(e.count for e in events if isinstance(e, WallBounce))
    if walls > 1000:
        return
    for face, py, crossed in (
        (s.paddle_margin + s.paddle_width + r, after.left_y, vx < 0),
        (s.width - s.paddle_margin - s.paddle_width - r, after.right_y, vx > 0),
    ):
        before_side = x0 - face
        if crossed and before_side * vx <= 0 and abs(before_side) <= abs(vx):
            t = (face - x0) / vx
            if 0 <= t <= 1 and (after.ball_x - face) * vx > 0:
                y = reflect(y0 + vy * t, r, s.height - r)
                assert not (py - gap + EPS < y < py + gap - EPS), (t, y, py)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(game_settings(), st.integers(-(2**40), 2**40), st.lists(commands, min_size=2, max_size=60))
def test_physics_invariants_hold_at_every_tick(
    s: Settings, seed: int, script: list[Command]
) -> None:
    m = Match(s, seed)
    inputs = itertools.cycle(zip(script, reversed(script), strict=True))
    for _ in range(400):
        before = Match.from_state(m.state)
        events = m.advance(*next(inputs))
        check_tick(before, m, events)


# A wide field and a slow ball: a point every 25,000 ticks or so, and win_by_two at
# 5-5 after 300,000 (hypothesis found it).
_LONG_DEUCE = Settings(
    width=172.17732639299334, height=13.7851589860793, paddle_height=2.75,
    paddle_width=0.925333773946466, paddle_margin=0.0, paddle_speed=34.907392172352196,
    ball_size=2.75, serve_speed=14.524451496471587, speedup=1.025252066591826,
    max_speed=123.07217183791325, max_slope=0.9040171375788765, serve_min_slope=0.0,
    serve_max_slope=0.5583966661435876, spin=0.925333773946466, target_score=1,
    win_by_two=True, tick_rate=120, serve_delay=0, point_delay=0,
)  # fmt: skip
_BUDGET = 300_000
_LONGEST_RALLY = _BUDGET // 2


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(_LONG_DEUCE, 259420, Difficulty.HARD, Difficulty.HARD)
@given(
    game_settings(extreme=False),
    st.integers(0, 2**32),
    st.sampled_from(list(Difficulty)),
    st.sampled_from(list(Difficulty)),
)
def test_a_match_between_computer_players_always_ends(
    s: Settings, seed: int, left: Difficulty, right: Difficulty
) -> None:
    """Every rally ends, and so does the match, unless it is a deuce of win_by_two.

    Winning by two is a random walk: like a deuce in tennis it can outlast any
    budget, most of all where a point takes minutes of play.
    """
    m = Match(s, seed)
    players = (ComputerPlayer(left, seed), ComputerPlayer(right, seed + 1))
    score, scored_at = m.score, 0
    while not m.over and m.tick < _BUDGET:
        m.advance(players[0].command(m, Side.LEFT), players[1].command(m, Side.RIGHT))
        if m.score != score:
            score, scored_at = m.score, m.tick
        assert m.tick - scored_at <= _LONGEST_RALLY, f"no point for {_LONGEST_RALLY} ticks"
    if m.over:
        assert max(m.score) >= s.target_score
    else:
        assert s.win_by_two, f"{score} after {_BUDGET} ticks without win_by_two"
        assert min(score) >= s.target_score - 1, score
        assert abs(score[0] - score[1]) <= 1, score


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(game_settings(), st.integers(-(2**62), 2**62), st.lists(commands, max_size=40))
def test_a_recording_replays_the_match_exactly(
    s: Settings, seed: int, script: list[Command]
) -> None:
    m = Match(s, seed, record=True)
    m.run(
        ScriptedPlayer(itertools.cycle(script)) if script else ComputerPlayer(seed=1),
        ComputerPlayer(Difficulty.HARD, seed=2),
        max_ticks=1500,
    )
    rec = Recording.from_json(m.recording().to_json())
    assert replay(rec) == m.result()
    again = Match(rec.settings, rec.seed)
    left, right = rec.players()
    for _ in range(rec.ticks):
        again.advance(left.command(again, Side.LEFT), right.command(again, Side.RIGHT))
    assert again.state == m.state


@settings(max_examples=100, deadline=None)
@given(
    game_settings(),
    st.integers(-(2**63) + 1, 2**63 - 1),
    st.lists(st.tuples(commands, commands), max_size=300),
    st.none() | st.tuples(st.integers(0, 1000), st.integers(0, 1000)),
)
def test_save_and_load_round_trip_any_recording(
    s: Settings,
    seed: int,
    pairs: list[tuple[Command, Command]],
    score: tuple[int, int] | None,
) -> None:
    rec = Recording(
        seed=seed,
        settings=s,
        left=tuple(p[0] for p in pairs),
        right=tuple(p[1] for p in pairs),
        score=score,
    )
    assert Recording.from_json(rec.to_json()) == rec


@settings(max_examples=40, deadline=None)
@given(game_settings(), st.integers(0, 2**32), st.lists(st.tuples(commands, commands), max_size=80))
def test_the_pure_step_agrees_with_the_live_match(
    s: Settings, seed: int, pairs: list[tuple[Command, Command]]
) -> None:
    m = Match(s, seed)
    state = m.state
    for left, right in pairs:
        state, events = step(state, left, right)
        assert m.advance(left, right) == events
        assert m.state == state
