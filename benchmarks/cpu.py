"""CPU used by ``mygame demo`` at 60 frames per second, in a real pseudo-terminal.

Run it with the Python of the environment where mygame is installed:

    /path/to/venv/bin/python benchmarks/cpu.py [--seconds 5] [--columns 80 --rows 24]

The demo runs in a pty whose output this script drains as a terminal would; after
``--seconds`` it presses ``q`` and reads the child's CPU time (user + system, from
``wait4``) against the wall time it ran, start-up included (the verdict), and on
Linux also the steady state after the first second (from /proc). Bar from issue 4:
under 10% of one core.
Also printed: frames per second and the mean bytes per frame as a fraction of the
first, full frame (the renderer's diff output; aim under 5%).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time
from pathlib import Path

__all__ = ["main"]

BAR = 0.10
_FRAME_END = b"\x1b[?2026l"


def _spawn(script: str, columns: int, rows: int, seed: int) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # the child: stdin/stdout/stderr are the pty's slave
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["TERM"] = "xterm-256color"
        os.execve(script, [script, "demo", "--seed", str(seed)], env)  # noqa: S606 - our script, no shell
    return pid, fd


def _drain(fd: int, seconds: float, chunks: list[bytes]) -> bool:
    """Read what the game writes for ``seconds``; return False at end of file."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # EIO: the child closed the pty
                return False
            if not data:
                return False
            chunks.append(data)
    return True


def _cpu_seconds(pid: int) -> float | None:
    """Return the CPU time of a running ``pid`` from /proc (Linux), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    """Run the demo, print CPU share, frame rate and frame sizes; exit 1 over the bar."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long (default: 5)")
    parser.add_argument("--columns", type=int, default=80, help="terminal width (default: 80)")
    parser.add_argument("--rows", type=int, default=24, help="terminal height (default: 24)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the demo (default: 1)")
    args = parser.parse_args()
    script = Path(sys.executable).parent / "mygame"
    if not script.exists():
        sys.exit(f"cpu.py: no mygame console script next to {sys.executable}")

    start = time.monotonic()
    pid, fd = _spawn(str(script), args.columns, args.rows, args.seed)
    chunks: list[bytes] = []
    warm_up = min(1.0, args.seconds / 4)  # start-up (imports, first frame) is not steady state
    _drain(fd, warm_up, chunks)
    steady_start, steady_cpu0 = time.monotonic(), _cpu_seconds(pid)
    _drain(fd, args.seconds - warm_up, chunks)
    steady_wall, steady_cpu1 = time.monotonic() - steady_start, _cpu_seconds(pid)
    os.write(fd, b"q")
    while _drain(fd, 0.5, chunks):
        pass
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - start
    os.close(fd)

    cpu = usage.ru_utime + usage.ru_stime
    output = b"".join(chunks)
    frames = output.split(_FRAME_END)[:-1]
    share = cpu / wall
    print(f"mygame demo in a {args.columns}x{args.rows} pty for {wall:.2f} s (exit {status >> 8})")
    print(f"  CPU {cpu * 1000:.0f} ms (user {usage.ru_utime:.3f} s, system {usage.ru_stime:.3f} s)")
    verdict = "ok" if share < BAR else "OVER THE BAR"
    print(f"  CPU / wall, start-up included: {share:.1%} of one core (bar {BAR:.0%}: {verdict})")
    if steady_cpu0 is not None and steady_cpu1 is not None:
        steady = (steady_cpu1 - steady_cpu0) / steady_wall
        print(f"  CPU / wall after the first {warm_up:.1f} s: {steady:.1%} of one core")
    if len(frames) > 1:
        full = len(frames[0])
        rest = [len(frame) for frame in frames[1:]]
        mean = sum(rest) / len(rest)
        print(f"  frames: {len(frames)} ({len(frames) / wall:.1f} per second)")
        print(f"  bytes per frame: first (full) {full}, then mean {mean:.1f} = {mean / full:.1%}")
    return 0 if share < BAR else 1


if __name__ == "__main__":
    raise SystemExit(main())
