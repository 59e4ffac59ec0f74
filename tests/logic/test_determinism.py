"""Determinism: pinned results that every supported Python on every platform must reproduce.

The engine uses only IEEE-754 ``+ - * /``, ``//``, ``%`` and comparisons on floats, and
``random.Random(...).random()`` seeded with ints and strings: all specified exactly, so
these figures hold on CPython 3.11 to 3.14 everywhere. If a change to the rules moves
them, that is a new engine (and old recordings stop replaying): update them on purpose.
"""

from __future__ import annotations

import hashlib

from mygame.logic import ComputerPlayer, Difficulty, Match, Settings, Side, play_game


def trajectory_digest(seed: int) -> tuple[int, tuple[int, int], str]:
    """Ticks, score and a hash of every position, velocity and event of one match."""
    m = Match(Settings(target_score=3), seed)
    left = ComputerPlayer(Difficulty.HARD, 1)
    right = ComputerPlayer(Difficulty.EASY, 2)
    h = hashlib.sha256()
    while not m.over:
        events = m.advance(left.command(m, Side.LEFT), right.command(m, Side.RIGHT))
        h.update(
            repr((m.ball_x, m.ball_y, m.ball_vx, m.ball_vy, m.left_y, m.right_y, events)).encode()
        )
    return m.tick, m.score, h.hexdigest()[:16]


def test_default_matches_end_with_the_pinned_scores_and_lengths() -> None:
    results = [(r.score, r.ticks) for r in (play_game(seed=seed) for seed in range(3))]
    assert results == [((11, 8), 25316), ((11, 8), 24689), ((11, 9), 26069)]


def test_a_whole_trajectory_is_reproduced_bit_for_bit() -> None:
    assert trajectory_digest(7) == (2039, (3, 0), "10c6ceae6d9c575f")


def test_the_same_seed_twice_in_one_process_gives_the_same_match() -> None:
    assert trajectory_digest(123) == trajectory_digest(123)
