"""How long ``affected`` takes to select, on made-up workspaces of 30 and 300 distributions.

Run: ``nox -s benchmark -- affected`` (or ``python benchmarks/affected.py`` in an
environment with the dev tools installed).

Each workspace is a real git repository (``helpers.synthetic``) with one
committed change to a leaf and one uncommitted change to the root's first child;
the figure is the median of the rounds of the whole selection: git diff, git
status, reading every pyproject, the reverse-dependency walk. Printed, never
asserted: the target is "well under a second".
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from helpers.synthetic import make_workspace, name_of
from mygame_devtools.release.affected import affected

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
IDENTITY = ["-c", "user.name=Bench", "-c", "user.email=bench@example.invalid"]


def prepare(root: Path, count: int) -> None:
    """Make a workspace on a branch with a committed leaf change and an uncommitted inner one."""
    make_workspace(root, count)
    subprocess.run(["git", "switch", "--quiet", "-c", "change"], cwd=root, check=True)
    (root / "packages" / name_of(count - 1) / "x.py").write_text("x = 1\n", encoding="utf-8")
    subprocess.run(["git", "add", "--all"], cwd=root, check=True)
    subprocess.run(["git", *IDENTITY, "commit", "--quiet", "-m", "leaf"], cwd=root, check=True)
    (root / "packages" / name_of(1) / "y.py").write_text("y = 1\n", encoding="utf-8")


def main() -> int:
    """Print the median selection time per workspace size."""
    print(f"affected: selection time, median of {ROUNDS} rounds ({sys.version.split()[0]})")
    print(f"{'distributions':>13}  {'selected':>8}  {'median s':>8}  {'max s':>6}")
    for count in (30, 300):
        with tempfile.TemporaryDirectory() as scratch:
            root = Path(scratch)
            prepare(root, count)
            times, selected = [], 0
            for _ in range(ROUNDS):
                start = time.perf_counter()
                selected = len(affected(root, "main").names)
                times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(f"{count:>13}  {selected:>8}  {median:>8.3f}  {max(times):>6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
