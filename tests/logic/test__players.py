"""Players: human and scripted inputs, computer players and their difficulty levels."""

from __future__ import annotations

import dataclasses

import pytest
from mygame.logic import (
    Command,
    ComputerPlayer,
    Difficulty,
    HumanPlayer,
    LogicError,
    Match,
    PaddleHit,
    Phase,
    Player,
    Point,
    ScriptedPlayer,
    Settings,
    Side,
    play_game,
    player_seeds,
)

S, U, D = Command.STAY, Command.UP, Command.DOWN


def rally(**fields: object) -> Match:
    base = Match(Settings(), seed=0).state
    state = dataclasses.replace(base, phase=Phase.RALLY, phase_ticks=0, **fields)  # type: ignore[arg-type]
    return Match.from_state(state)


def returns(player: Player, **fields: object) -> bool:
    """Whether ``player`` (left) returns a ball set up with ``fields``."""
    m = rally(**fields)
    for _ in range(400):
        events = m.advance(player.command(m, Side.LEFT), S)
        if any(isinstance(e, PaddleHit) for e in events):
            return True
        if any(isinstance(e, Point) for e in events):
            return False
    pytest.fail("the ball neither came back nor scored")


class TestHumanAndScripted:
    def test_a_human_player_plays_whatever_was_set_last(self) -> None:
        human = HumanPlayer()
        m = Match()
        assert human.command(m, Side.LEFT) is S
        human.current = U
        assert human.command(m, Side.LEFT) is U
        assert HumanPlayer(D).command(m.state, Side.RIGHT) is D

    def test_a_scripted_player_plays_its_script_then_the_fallback(self) -> None:
        m = Match()
        p = ScriptedPlayer([U, D], then=D)
        assert [p.command(m, Side.LEFT) for _ in range(4)] == [U, D, D, D]
        q = ScriptedPlayer(iter([U]))
        assert [q.command(m, Side.RIGHT) for _ in range(2)] == [U, S]


class TestComputerPlayer:
    def test_the_same_seeds_give_the_same_match_tick_for_tick(self) -> None:
        a = play_game(seed=11, target=3, left=Difficulty.HARD, right=Difficulty.EASY)
        b = play_game(seed=11, target=3, left=Difficulty.HARD, right=Difficulty.EASY)
        assert a == b

    def test_other_seeds_give_other_matches(self) -> None:
        results = {play_game(seed=seed, target=2).ticks for seed in range(6)}
        assert len(results) > 1

    def test_it_decides_the_same_from_a_snapshot_as_from_the_live_match(self) -> None:
        m = Match(Settings(serve_delay=10), seed=2)
        live = ComputerPlayer(Difficulty.HARD, seed=5)
        snap = ComputerPlayer(Difficulty.HARD, seed=5)
        other = ComputerPlayer(Difficulty.MEDIUM, seed=6)
        for _ in range(3000):
            a = live.command(m, Side.LEFT)
            assert snap.command(m.state, Side.LEFT) is a
            m.advance(a, other.command(m, Side.RIGHT))

    @pytest.mark.parametrize(("difficulty", "seed"), [("hard", 0), (Difficulty.HARD, 1.5)])
    def test_bad_arguments_are_refused(self, difficulty: object, seed: object) -> None:
        with pytest.raises(LogicError):
            ComputerPlayer(difficulty, seed)  # type: ignore[arg-type]

    def test_hard_reads_a_wall_bounce_that_medium_misjudges(self) -> None:
        """A fast ball that bounces off the bottom wall late, aimed at the paddle's far side."""
        ball = {"ball_x": 60.0, "ball_y": 11.0, "ball_vx": -1.5, "ball_vy": 1.5, "left_y": 24.0}
        hard = sum(returns(ComputerPlayer(Difficulty.HARD, seed), **ball) for seed in range(20))
        medium = sum(returns(ComputerPlayer(Difficulty.MEDIUM, seed), **ball) for seed in range(20))
        assert hard >= 18
        assert medium <= 2

    def test_easy_reacts_late_and_misses_balls_hard_returns(self) -> None:
        ball = {"ball_x": 60.0, "ball_y": 30.0, "ball_vx": -0.6, "ball_vy": 0.5, "left_y": 10.0}
        easy = sum(returns(ComputerPlayer(Difficulty.EASY, seed), **ball) for seed in range(20))
        hard = sum(returns(ComputerPlayer(Difficulty.HARD, seed), **ball) for seed in range(20))
        assert easy <= 10
        assert hard == 20

    def test_higher_difficulty_wins_more_points(self) -> None:
        def points(a: Difficulty, b: Difficulty) -> tuple[int, int]:
            total = [0, 0]
            for seed in range(4):
                left, right = play_game(seed=seed, target=3, left=a, right=b).score
                total[0] += left
                total[1] += right
            return total[0], total[1]

        hard, medium = points(Difficulty.HARD, Difficulty.MEDIUM)
        assert hard > medium
        medium, easy = points(Difficulty.MEDIUM, Difficulty.EASY)
        assert medium > easy

    def test_even_hard_against_hard_finishes_a_match(self) -> None:
        result = play_game(
            seed=1, target=2, left=Difficulty.HARD, right=Difficulty.HARD, max_ticks=200_000
        )
        assert result.winner is not None

    def test_computer_players_recentre_while_the_ball_goes_away(self) -> None:
        m = rally(ball_x=30.0, ball_y=24.0, ball_vx=1.0, ball_vy=0.0, left_y=10.0)
        p = ComputerPlayer(Difficulty.MEDIUM, seed=0)
        for _ in range(40):
            m.advance(p.command(m, Side.LEFT), S)
        assert abs(m.left_y - 24.0) <= 3.0  # the centre, give or take its misjudgement


def test_a_computer_player_can_play_a_second_match() -> None:
    """Reused after a long match, it still reacts at the start of a new one."""
    player = ComputerPlayer(Difficulty.HARD, seed=3)
    first = Match(seed=1)
    opponent = ComputerPlayer(seed=4)
    # Stop the first match while the player waits to react to a ball coming at it.
    while not (first.tick > 3000 and first.tick < player._plan_at < first.tick + 100):
        first.advance(player.command(first, Side.LEFT), opponent.command(first, Side.RIGHT))
    seed = next(s for s in range(100) if Match(seed=s).serve_to is Side.LEFT)
    second = Match(Settings(serve_delay=0), seed=seed)
    for _ in range(30):
        second.advance(player.command(second, Side.LEFT), S)
    # It has planned (a plan left from the first match would still lie ~3000 ticks ahead).
    assert player._plan_at < second.tick + 100


class TestPlayerSeeds:
    def test_the_left_computer_gets_twice_the_seed_and_the_right_one_more(self) -> None:
        assert player_seeds(7) == (14, 15)
        assert player_seeds(-3) == (-6, -5)

    def test_play_game_seeds_its_computers_with_them(self) -> None:
        left_seed, right_seed = player_seeds(11)
        match = Match(seed=11)
        by_hand = match.run(
            ComputerPlayer(Difficulty.MEDIUM, left_seed),
            ComputerPlayer(Difficulty.MEDIUM, right_seed),
        )
        assert play_game(seed=11) == by_hand

    def test_a_seed_that_is_not_an_integer_is_refused(self) -> None:
        with pytest.raises(LogicError, match="seed must be an integer, got True"):
            player_seeds(True)
