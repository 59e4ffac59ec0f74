"""Drawing cost during a demo: bytes written per frame, and time to render a frame.

Run: ``python benchmarks/draw.py`` (with mygame-logic and mygame-draw importable, e.g.
``PYTHONPATH=packages/mygame-logic/src:packages/mygame-draw/src``). A computer-vs-computer
match is played through the engine, one frame per tick (60 frames per second of game),
and every frame goes through :class:`mygame.draw.TerminalRenderer`, as ``mygame demo``
does. Printed, per terminal size and colour depth:

- bytes: the mean bytes written per frame by the diff renderer, as a fraction of a
  full redraw of the same frame (every cell written, as a renderer without a diff
  does each frame), and of the renderer's own full repaint (which skips blank cells).
  Aim: under 5% of a full redraw.
- time: the mean microseconds of CPU to render a frame (state to frame to bytes), and
  the ratio to a baseline measured in the same run: joining a full frame's characters
  into one string (the least any full-frame text renderer must do). CPU time of this
  thread (``time.thread_time``), not wall time, so other processes on a busy machine
  do not count.
"""

from __future__ import annotations

import argparse
import statistics
import time

from mygame.draw import Cell, ColorDepth, Frame, TerminalRenderer, diff_frames
from mygame.logic import ComputerPlayer, Difficulty, Match, Settings, Side

__all__ = ["main"]

AIM = 0.05
FRAME_BUDGET_US = 1e6 / 60
# A character the renderer never draws: diffing from a frame of it writes every cell.
_NEVER = Cell("\N{LIGHT SHADE}")
_JOIN_REPEATS = 5


def full_redraw_bytes(frame: Frame, depth: ColorDepth) -> int:
    """Bytes of writing every cell of ``frame`` (no diff), with the same encoder."""
    everything = Frame.blank(frame.width, frame.height, _NEVER)
    return len(diff_frames(everything, frame, depth).encode())


def join_seconds(frame: Frame) -> float:
    """Seconds to join a full frame's characters (rows of str) into one string.

    The characters are gathered untimed; the mean of a few joins is returned, to get
    above the timer's resolution.
    """
    rows = [[cell.char for cell in row] for row in frame.rows]
    start = time.thread_time()
    for _ in range(_JOIN_REPEATS):
        "\n".join(["".join(row) for row in rows])
    return (time.thread_time() - start) / _JOIN_REPEATS


def run_demo(size: tuple[int, int], depth: ColorDepth, frames: int, seed: int) -> dict[str, float]:
    """Play a demo for ``frames`` ticks, rendering each; return the figures.

    Each frame's render and its baseline join are timed back to back, so a busy
    machine slows both alike.
    """
    match = Match(Settings(), seed=seed)
    left = ComputerPlayer(Difficulty.MEDIUM, seed=seed + 1)
    right = ComputerPlayer(Difficulty.HARD, seed=seed + 2)
    renderer = TerminalRenderer(depth, names=("medium", "hard"))
    written: list[int] = []
    render: list[float] = []
    join: list[float] = []
    full: list[int] = []
    repaint: list[int] = []
    for tick in range(frames):
        if match.over:
            match = Match(Settings(), seed=seed + tick)
        match.advance(left.command(match, Side.LEFT), right.command(match, Side.RIGHT))
        start = time.thread_time()
        out = renderer.render(match, size, status="demo: q quits")
        render.append(time.thread_time() - start)
        frame = renderer.previous
        assert frame is not None
        join.append(join_seconds(frame))
        if tick == 0:
            continue  # the first frame is a full repaint by design
        written.append(len(out.encode()))
        if tick % 50 == 1:  # sampling keeps the run short; the frames barely differ
            full.append(full_redraw_bytes(frame, depth))
            repaint.append(len(diff_frames(None, frame, depth).encode()))
    return {
        "mean_bytes": statistics.fmean(written),
        "nonzero_bytes": statistics.fmean([w for w in written if w] or [0]),
        "drawn_share": sum(1 for w in written if w) / len(written),
        "full_bytes": statistics.fmean(full),
        "repaint_bytes": statistics.fmean(repaint),
        "render_us": statistics.fmean(render) * 1e6,
        "render_median_us": statistics.median(render) * 1e6,
        "baseline_us": statistics.fmean(join) * 1e6,
        "baseline_median_us": statistics.median(join) * 1e6,
    }


def main() -> int:
    """Measure and print a table; exit 1 if the bytes aim is missed at 80x24."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=3600, help="frames per run (default: 3600)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the demo (default: 7)")
    args = parser.parse_args()
    print(f"{args.frames} frames of a medium-vs-hard demo per row, seed {args.seed}\n")
    header = (
        f"{'size':>7} {'colour':>9} | {'B/frame':>7} {'B/drawn':>7} {'drawn':>5} "
        f"{'full B':>6} {'/full':>6} {'/repaint':>8} | {'render µs':>9} {'median':>6} "
        f"{'join µs':>7} {'ratio':>5} {'of 60fps':>8}"
    )
    print(header)
    print("-" * len(header))
    ok = True
    for size in ((80, 24), (120, 40), (200, 60)):
        for depth in (ColorDepth.NONE, ColorDepth.ANSI256, ColorDepth.TRUECOLOR):
            r = run_demo(size, depth, args.frames, args.seed)
            fraction = r["mean_bytes"] / r["full_bytes"]
            if size == (80, 24) and fraction >= AIM:
                ok = False
            print(
                f"{size[0]:>3}x{size[1]:<3} {depth.name:>9} | {r['mean_bytes']:7.1f} "
                f"{r['nonzero_bytes']:7.1f} {r['drawn_share']:5.0%} {r['full_bytes']:6.0f} "
                f"{fraction:6.2%} {r['mean_bytes'] / r['repaint_bytes']:8.2%} | "
                f"{r['render_us']:9.0f} {r['render_median_us']:6.0f} {r['baseline_us']:7.1f} "
                f"{r['render_median_us'] / r['baseline_median_us']:5.1f} "
                f"{r['render_us'] / FRAME_BUDGET_US:8.1%}"
            )
    print(
        "\nB/frame: mean bytes written per frame (0 when nothing moved a pixel); "
        "B/drawn: mean over frames that wrote something;\n/full: B/frame over a full "
        "redraw (every cell); /repaint: over the renderer's own full repaint; "
        f"aim /full < {AIM:.0%}.\nrender µs: mean CPU time from state to bytes per frame "
        "(median beside it); join µs: joining the frame's characters into one string;\n"
        "ratio: median render over median join, each frame's pair timed back to back; "
        "of 60fps: mean render over a 16.7 ms frame (share of a core)."
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
