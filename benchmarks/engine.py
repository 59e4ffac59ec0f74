"""Engine speed: full computer-vs-computer matches against a bare pong loop, same process.

Run: ``python benchmarks/engine.py`` (with mygame-logic importable). Prints simulation
ticks per second of ``mygame.logic`` playing whole matches headless (two medium computer
players, the same path as ``play_game``), of a bare ~40-line pong loop on plain local
variables, and their ratio. The bar is a ratio of at least 0.2.
"""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

from mygame.logic import ComputerPlayer, Difficulty, Match, Settings, player_seeds

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["bare_loop", "engine_matches", "main"]


def bare_loop(ticks: int) -> int:  # noqa: C901, PLR0912 (one flat loop on purpose)
    """Play ``ticks`` ticks of minimal pong (ball, two tracking paddles, walls, goals)."""
    width, height, half, r = 80.0, 48.0, 4.0, 0.5
    x, y, vx, vy = 40.0, 24.0, 0.6, 0.25
    ly = ry = 24.0
    step = 1.0
    bottom = height - half
    left_face, right_face = 3.5, 76.5
    points = 0
    for _ in range(ticks):
        # Paddles follow the ball, one step a tick, kept in the field (as in the engine).
        # (Plain comparisons, no min()/max() calls: those would slow the baseline 3x.)
        if ly < y - step:
            ly += step
            if ly > bottom:  # noqa: PLR1730
                ly = bottom
        elif ly > y + step:
            ly -= step
            if ly < half:  # noqa: PLR1730
                ly = half
        if ry < y - step:
            ry += step
            if ry > bottom:  # noqa: PLR1730
                ry = bottom
        elif ry > y + step:
            ry -= step
            if ry < half:  # noqa: PLR1730
                ry = half
        x += vx
        y += vy
        if y < r:
            y = r + r - y
            vy = -vy
        elif y > height - r:
            y = 2 * (height - r) - y
            vy = -vy
        if x < left_face and vx < 0:
            if abs(y - ly) <= half + r:
                x = left_face + left_face - x
                vx = -vx * 1.01 if vx > -2 else -vx
                vy = (y - ly) / (half + r) * vx
            elif x < r:
                points += 1
                x, y, vx = width / 2, height / 2, 0.6
        elif x > right_face and vx > 0:
            if abs(y - ry) <= half + r:
                x = right_face + right_face - x
                vx = -vx * 1.01 if vx < 2 else -vx
                vy = (ry - y) / (half + r) * vx
            elif x > width - r:
                points += 1
                x, y, vx = width / 2, height / 2, -0.6
    return points


def engine_matches(matches: int, difficulty: Difficulty) -> int:
    """Play ``matches`` whole computer-vs-computer matches; return the ticks simulated."""
    ticks = 0
    settings = Settings()
    for seed in range(matches):
        match = Match(settings, seed)
        left_seed, right_seed = player_seeds(seed)
        result = match.run(
            ComputerPlayer(difficulty, left_seed), ComputerPlayer(difficulty, right_seed)
        )
        ticks += result.ticks
    return ticks


def _interleaved(
    engine: Callable[[], int], bare: Callable[[int], int], repeats: int
) -> tuple[float, float, int]:
    """Best times of ``engine()`` and ``bare(ticks)``, run alternately so drift hits both."""
    engine_best = bare_best = float("inf")
    ticks = 0
    for _ in range(repeats):
        start = time.perf_counter()
        ticks = engine()
        engine_best = min(engine_best, time.perf_counter() - start)
        start = time.perf_counter()
        bare(ticks)
        bare_best = min(bare_best, time.perf_counter() - start)
    return engine_best, bare_best, ticks


def main() -> int:
    """Measure both loops, alternately, best of ``--repeats``; print ticks/s and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matches", type=int, default=20, help="matches per run (20)")
    parser.add_argument("--repeats", type=int, default=5, help="runs; the best counts (5)")
    parser.add_argument(
        "--difficulty", choices=[d.value for d in Difficulty], default="medium", help="(medium)"
    )
    args = parser.parse_args()
    difficulty = Difficulty(args.difficulty)
    engine_time, bare_time, engine_ticks = _interleaved(
        lambda: engine_matches(args.matches, difficulty), bare_loop, args.repeats
    )
    bare_ticks = engine_ticks
    engine_rate = engine_ticks / engine_time
    bare_rate = bare_ticks / bare_time
    print(f"engine: {engine_ticks} ticks in {engine_time:.3f} s = {engine_rate:,.0f} ticks/s")
    level = difficulty.value
    print(f"  ({args.matches} {level} vs {level} matches, best of {args.repeats})")
    print(f"bare loop: {bare_ticks} ticks in {bare_time:.3f} s = {bare_rate:,.0f} ticks/s")
    print(f"ratio engine/bare: {engine_rate / bare_rate:.3f} (bar: 0.2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
