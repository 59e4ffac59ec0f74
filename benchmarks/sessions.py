"""Where the test command's CPU goes: every session of a bare ``nox``, alone, in turn.

Run: ``python benchmarks/sessions.py [--ref REF]`` in an environment with nox (``nox -s
benchmark -- sessions``). In a fresh clone, ``nox -s build`` runs once, then each other
session that ``nox -l`` marks ``*`` runs alone (``--no-dependencies``), in fresh
environments as CI's are. Each line is its wall time and the CPU seconds of nox and
every process it waited for (user and system, POSIX only), largest CPU first.

The CPU column's sum over the machine's CPUs is the floor of the parallel run's wall
time: below it only less work helps, not more parallelism.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from typing import TYPE_CHECKING

from suite import ROOT, children_cpu, fresh_clone, keep, nox_env

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["main"]


def _alone(clone: Path, session: str) -> tuple[float, float, int]:
    start, cpu = time.perf_counter(), children_cpu()
    proc = subprocess.run(
        [sys.executable, "-m", "nox", "--no-dependencies", "-s", session], cwd=clone,
        capture_output=True, text=True, check=False, env=nox_env(),
    )  # fmt: skip
    wall, cpu = time.perf_counter() - start, children_cpu() - cpu
    if proc.returncode != 0:
        kept = keep("mygame-sessions-", proc.stdout + proc.stderr)
        print(f"sessions: {session} failed (exit {proc.returncode}): {kept}", file=sys.stderr)
    return wall, cpu, proc.returncode


def main(argv: list[str] | None = None) -> int:
    """Run each default session alone in a fresh clone; print its wall and CPU seconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=str(ROOT), help="repository to clone (default: this)")
    parser.add_argument("--ref", default="HEAD", help="commit, branch or tag to clone")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mygame-sessions-") as scratch:
        clone, commit = fresh_clone(args.repo, args.ref, scratch)
        print(f"sessions: {args.ref} ({commit})", file=sys.stderr, flush=True)
        listed = subprocess.run(
            [sys.executable, "-m", "nox", "-l", "--json"], cwd=clone, capture_output=True,
            text=True, check=True, env=nox_env(),
        ).stdout  # fmt: skip
        sessions = [s["session"] for s in json.loads(listed.partition("\n")[0])]
        rows: list[tuple[float, float, int, str]] = []
        for session in sorted(sessions, key=lambda s: s != "build"):  # dist/ first
            rows.append((*_alone(clone, session), session))
            print(f"sessions: {session}: {rows[-1][1]:.1f} CPU-s", file=sys.stderr, flush=True)
    print(f"{'CPU-s':>7} {'wall':>7}  session ({os.cpu_count()} CPUs)")
    for wall, cpu, status, session in sorted(rows, key=lambda r: -r[1]):
        print(f"{cpu:7.1f} {wall:7.1f}  {session}{'' if status == 0 else f' (exit {status})'}")
    total = sum(r[1] for r in rows)
    print(f"{total:7.1f} {sum(r[0] for r in rows):7.1f}  all; floor of a parallel run: "
          f"{total / (os.cpu_count() or 1):.0f} s")  # fmt: skip
    return 0 if all(r[2] == 0 for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
