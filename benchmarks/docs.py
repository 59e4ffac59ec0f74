"""How long the docs session's parts and tests/docs take on HEAD, as ratios to a base commit.

Run: ``python benchmarks/docs.py [--base REF] [--rounds 3] [--parts runner,site,tests]``
in an environment with nox (``nox -s benchmark -- docs --rounds 3`` gives one).
The base is by default where HEAD left main (``git merge-base main HEAD``): only HEAD's
own changes differ.

Both commits are cloned fresh from this repository (uncommitted work is not in them), on a
branch named main as in CI, and each gets its docs environment (``nox -s docs
--install-only``) and one untimed site build (its mermaid download). Then, ``--rounds``
times, base and head in turn (ABBA, so a drift in the machine's load hits both alike), each
clone runs with that environment's Python the parts the docs session runs, and tests/docs:

- ``runner``: the docs runner, every page as a learner (it must say "all pages match");
- ``site``: ``mkdocs build --strict``, then the site check in Chromium;
- ``tests``: pytest on ``tests/docs``.

Each part gets its wall time and its CPU time (user and system seconds of every process it
waited for; POSIX only, as the runner is). On a shared machine the CPU seconds of the same
work vary with the load too: read the median ratios (head / base: below 1 is faster) of
one sitting, never the seconds.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("runner", "site", "tests")


def _env(clone: Path) -> dict[str, str]:
    """Return the caller's environment with what the docs session sets for its commands."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOX")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cache = {"PYTHONPYCACHEPREFIX": str(clone / ".nox" / ".pycache")}
    return env | cache | {"NO_MKDOCS_2_WARNING": "1"}


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
    _timed([sys.executable, "-m", "nox", "-s", "docs", "--install-only"], clone)
    _site(clone)  # fetches mermaid, once
    return commit.strip()


def _site(clone: Path) -> tuple[float, float]:
    """Build the site of ``clone`` and check it, as the docs session does."""
    site, bin_ = clone.parent / f"{clone.name}-site", clone / ".nox" / "docs" / "bin"
    wall, cpu, _ = _timed(
        [str(bin_ / "mkdocs"), "build", "--strict", "--quiet", "-d", str(site)], clone
    )
    check = [str(bin_ / "python"), "-m", "mygame_devtools.docs.site_check", str(site)]
    more_wall, more_cpu, _ = _timed([*check, "--screenshot", str(site) + ".png"], clone)
    return wall + more_wall, cpu + more_cpu


def _measure(clone: Path, parts: list[str]) -> dict[str, float]:
    """Time each of ``parts`` in ``clone``: its wall and CPU seconds."""
    python = str(clone / ".nox" / "docs" / "bin" / "python")
    figures: dict[str, float] = {}
    for part in parts:
        if part == "site":
            wall, cpu = _site(clone)
        elif part == "runner":
            wall, cpu, out = _timed([python, "-m", "mygame_devtools.docs.runner"], clone)
            if "all pages match" not in out:
                sys.exit(f"docs.py: the docs runner in {clone} did not say 'all pages match'")
        else:
            pytest = [python, "-m", "pytest", "tests/docs", "-q", "-p", "no:cacheprovider"]
            wall, cpu, _ = _timed(pytest, clone)
        figures |= {f"{part} wall": wall, f"{part} cpu": cpu}
    return figures


def main(argv: list[str] | None = None) -> int:
    """Time base and head in turn; print each round's figures and the median ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="the commit to compare with (where HEAD left main)")
    parser.add_argument("--head", default="HEAD", help="the commit measured (HEAD)")
    parser.add_argument("--rounds", type=int, default=3, help="pairs of runs (3)")
    parser.add_argument("--parts", default=",".join(PARTS), help="what to time (all)")
    args = parser.parse_args(argv)
    parts = args.parts.split(",")
    if unknown := set(parts) - set(PARTS):
        parser.error(f"unknown part(s) {', '.join(sorted(unknown))}; known: {', '.join(PARTS)}")
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # each round as it ends
    if not args.base:
        fork = ["git", "merge-base", "main", args.head]
        args.base = subprocess.run(
            fork, cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    ratios: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="mygame-docs-bench-") as scratch:
        clones = {name: Path(scratch) / name for name in ("base", "head")}
        refs = {name: _prepare(clones[name], getattr(args, name).strip()) for name in clones}
        print(f"docs.py: base {refs['base']}, head {args.head} ({refs['head']}); {args.parts}")
        for round_ in range(1, args.rounds + 1):
            order = ["base", "head"] if round_ % 2 else ["head", "base"]
            load = " ".join(f"{x:.2f}" for x in os.getloadavg())
            figures = {name: _measure(clones[name], parts) for name in order}
            print(f"\nround {round_} (load before: {load}; {' then '.join(order)})")
            for key, old in figures["base"].items():
                new = figures["head"][key]
                ratios.setdefault(key, []).append(new / old)
                print(f"  {key:<12} base {old:7.1f}  head {new:7.1f}  ratio {new / old:5.2f}")
    print(f"\nmedian ratio over {args.rounds} rounds (head / base):")
    for key, values in ratios.items():
        print(f"  {key:<12} {statistics.median(values):5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
