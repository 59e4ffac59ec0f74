"""How long the docs session and tests/docs take on HEAD, as ratios to a base commit.

Run: ``python benchmarks/docs.py [--base REF] [--rounds 3]`` in an environment with
nox (``nox -s "benchmark(name='docs')" -- --rounds 3`` gives one). The base is by default
where HEAD left main (``git merge-base main HEAD``): only HEAD's own changes differ.

Both commits are cloned fresh from this repository (uncommitted work is not in them), each
gets its docs environment (``nox -s docs --install-only``) and one untimed site build (its
mermaid download), then, ``--rounds`` times, base and head in turn (ABBA, so a drift in the
machine's load hits both alike), each clone runs:

- ``nox -s docs -R``: the docs runner as a learner, the site build and its check;
- pytest on ``tests/docs`` with that environment's Python.

Each gets its wall time and its CPU time (user and system seconds of every process it
waited for, POSIX only); the docs runner's own line gives its seconds. On a shared machine
read the ratios (head / base: below 1 is faster) from one sitting, not the seconds.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
_RUNNER_LINE = re.compile(r"^docs: \d+ pages, .*?, (?P<seconds>[\d.]+) s: (?P<verdict>.*)$")


def _env(clone: Path) -> dict[str, str]:
    """Return the caller's environment, with the byte-code cache nox gives a session."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOX")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env | {"PYTHONPYCACHEPREFIX": str(clone / ".nox" / ".pycache")}


def _timed(argv: list[str], clone: Path) -> tuple[float, float, str]:
    """Run ``argv`` in ``clone``; return its wall seconds, CPU seconds and output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        argv, cwd=clone, env=_env(clone), capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done.returncode:
        print(done.stdout[-3000:] + done.stderr[-3000:], file=sys.stderr)
        sys.exit(f"docs.py: {' '.join(argv)} failed in {clone} (exit {done.returncode})")
    return wall, cpu, done.stdout + done.stderr


def _prepare(clone: Path, ref: str) -> str:
    """Clone ``ref`` into ``clone``, install its docs environment; return its short commit."""
    rev = ["git", "rev-parse", "--short", ref]
    commit = subprocess.run(rev, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    # on a branch named main, as in CI: the learner's clone of it must not be a detached HEAD
    checkout = ["git", "checkout", "--quiet", "-B", "main", commit.strip()]
    subprocess.run(checkout, cwd=clone, check=True)
    nox = [sys.executable, "-m", "nox", "-s", "docs"]
    _timed([*nox, "--install-only"], clone)
    mkdocs = [str(clone / ".nox" / "docs" / "bin" / "mkdocs"), "build", "--quiet", "--site-dir"]
    _timed([*mkdocs, str(clone.parent / f"{clone.name}-site")], clone)  # fetches mermaid once
    return commit.strip()


def _measure(clone: Path) -> dict[str, float]:
    """Time the docs session and tests/docs in ``clone``: wall and CPU seconds of each."""
    wall, cpu, out = _timed([sys.executable, "-m", "nox", "-s", "docs", "-R"], clone)
    lines = map(_RUNNER_LINE.match, out.splitlines())
    runner = [m for m in lines if m and m["verdict"] == "all pages match"]
    if not runner:
        sys.exit(f"docs.py: the docs runner in {clone} did not report 'all pages match'")
    figures = {"session wall": wall, "session cpu": cpu, "runner": float(runner[-1]["seconds"])}
    python = str(clone / ".nox" / "docs" / "bin" / "python")
    pytest = [python, "-m", "pytest", "tests/docs", "-q", "-p", "no:cacheprovider"]
    wall, cpu, _ = _timed(pytest, clone)
    return figures | {"tests/docs wall": wall, "tests/docs cpu": cpu}


def main(argv: list[str] | None = None) -> int:
    """Time base and head in turn; print each round's figures and the median ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="the commit to compare with (where HEAD left main)")
    parser.add_argument("--head", default="HEAD", help="the commit measured (HEAD)")
    parser.add_argument("--rounds", type=int, default=3, help="pairs of runs (3)")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # each round as it ends
    if not args.base:
        fork = ["git", "merge-base", "main", args.head]
        done = subprocess.run(fork, cwd=ROOT, capture_output=True, text=True, check=True)
        args.base = done.stdout
    ratios: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="mygame-docs-bench-") as scratch:
        clones = {name: Path(scratch) / name for name in ("base", "head")}
        refs = {name: _prepare(clones[name], getattr(args, name).strip()) for name in clones}
        print(f"docs.py: base {refs['base']}, head {args.head} ({refs['head']})")
        for round_ in range(1, args.rounds + 1):
            order = ["base", "head"] if round_ % 2 else ["head", "base"]
            load = " ".join(f"{x:.2f}" for x in os.getloadavg())
            figures = {name: _measure(clones[name]) for name in order}
            print(f"\nround {round_} (load before: {load}; {' then '.join(order)})")
            for key, old in figures["base"].items():
                new = figures["head"][key]
                ratios.setdefault(key, []).append(new / old)
                print(f"  {key:<16} base {old:7.1f}  head {new:7.1f}  ratio {new / old:5.2f}")
    print(f"\nmedian ratio over {args.rounds} rounds (head / base):")
    for key, values in ratios.items():
        print(f"  {key:<16} {statistics.median(values):5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
