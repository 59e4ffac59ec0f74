"""How long the README's test command (``nox``) and the main job (``nox -s demo``) take.

Run: ``python benchmarks/suite.py [--ref REF] [--save FILE] [--baseline FILE]`` in an
environment with nox (``nox -s benchmark`` gives one), or
``nox -s benchmark -- suite --ref main --save main.json``.

Each run is honest about where it ran:

- from a fresh ``git clone`` of ``--repo`` (this repository) at ``--ref`` (HEAD): no
  ``.nox`` environments to reuse, as in CI; uncommitted changes are not in it;
- ``nox --report`` gives nox's own duration for every session; the wall time of
  each command is measured around it (with sessions in parallel, the sum of the
  sessions is more than the wall time), and so is its CPU time (``cpu``: user and
  system seconds of nox and every process it waited for, POSIX only): whether a
  change cut work or only waiting, and how busy the CPUs were (cpu / wall / CPUs);
- the load average before and after is printed: on a shared machine, compare two
  runs only from the same sitting, alternating, and read ratios, not absolutes.

``--save`` writes the figures as JSON; ``--baseline`` reads such a file and prints
each figure's ratio against it (new / baseline: below 1 is faster).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {"test command": ["--report"], "demo": ["-s", "demo", "--report"]}
TOTALS = ("wall", "cpu")  # printed first
__all__ = ["children_cpu", "fresh_clone", "keep", "main", "nox_env", "run", "table"]


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def nox_env() -> dict[str, str]:
    """Make the system's python3 first, then every CPython pyenv has, as ``.ci/run`` does."""
    env = dict(os.environ)
    pyenv = shutil.which("pyenv")
    if pyenv and "PYENV_VERSION" not in env:
        bare = subprocess.run(
            [pyenv, "versions", "--bare"], capture_output=True, text=True, check=True
        )
        versions = [v for v in bare.stdout.split() if re.fullmatch(r"3\.\d+\.\d+", v)]
        env["PYENV_VERSION"] = ":".join(["system", *versions])
    return env


def children_cpu() -> float:
    """User and system seconds of the waited-for child processes so far; -1 off POSIX."""
    try:
        import resource  # noqa: PLC0415 (POSIX only)
    except ImportError:
        return -1.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def keep(prefix: str, output: str) -> str:
    """Write a failed command's output to a new log file and return its path.

    The clone goes when the script ends: the whole output stays where it can be read.
    """
    fd, kept = tempfile.mkstemp(prefix=prefix, suffix=".log")
    with os.fdopen(fd, "w", encoding="utf-8") as log:
        log.write(output)
    return kept


def fresh_clone(repo: str, ref: str, scratch: str) -> tuple[Path, str]:
    """Clone ``repo`` into ``scratch``, check out ``ref``; return the clone and its commit."""
    clone = Path(scratch) / "repo"
    subprocess.run(["git", "clone", "--quiet", repo, str(clone)], check=True)
    subprocess.run(["git", "checkout", "--quiet", ref], cwd=clone, check=True)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=clone, capture_output=True, text=True,
        check=True,
    ).stdout.strip()  # fmt: skip
    return clone, commit


def run(clone: Path, name: str, extra: list[str]) -> dict[str, float]:
    """Run one nox command in ``clone``; return the wall time and each session's seconds."""
    report = clone.parent / f"{name.replace(' ', '-')}.json"
    cmd = [sys.executable, "-m", "nox", *COMMANDS[name], str(report), *extra]
    print(f"suite: {name}: {' '.join(cmd[2:])} (load {_load()})", flush=True)
    start, cpu_start = time.perf_counter(), children_cpu()
    env = nox_env()
    proc = subprocess.run(cmd, cwd=clone, capture_output=True, text=True, check=False, env=env)
    wall = time.perf_counter() - start
    cpu = children_cpu() - cpu_start
    if proc.returncode != 0:
        kept = keep(f"mygame-suite-{name.replace(' ', '-')}-", proc.stdout + proc.stderr)
        print(proc.stdout[-4000:] + proc.stderr[-4000:], file=sys.stderr)
        print(
            f"suite: {name} failed (exit {proc.returncode}); its figures are kept; "
            f"its whole output: {kept}",
            flush=True,
        )
    figures = {"wall": wall} | ({} if cpu < 0 else {"cpu": cpu})
    if report.is_file():
        for session in json.loads(report.read_text(encoding="utf-8"))["sessions"]:
            figures[session["signatures"][0]] = session.get("duration") or 0.0
            if session["result"] not in {"success", "skipped"}:
                print(f"suite: {name}: {session['signatures'][0]}: {session['result']}")
    return figures


def _family(key: str) -> str:
    return key.partition("(")[0].partition("-")[0]


def _group(figures: dict[str, float], families: set[str]) -> dict[str, float]:
    """Add one line per family of parametrized sessions (``tests``: all of them).

    A session that is parametrized in one run and not in the other sums into its family.
    """
    grouped = dict(figures)
    for key, value in figures.items():
        if key not in TOTALS and _family(key) in families:
            grouped[_family(key) + " (sum)"] = grouped.get(_family(key) + " (sum)", 0.0) + value
    return grouped


def table(now: dict[str, dict[str, float]], base: dict[str, dict[str, float]] | None) -> None:
    """Print seconds per session, and the ratio to the baseline where there is one."""
    header = f"{'command':<13} {'session':<44} {'seconds':>8}"
    print(header + (f" {'baseline':>9} {'ratio':>6}" if base else ""))
    for command, figures in now.items():
        before = base.get(command, {}) if base else {}
        families = {_family(k) for k in [*figures, *before] if "(" in k or k.startswith("tests-")}
        old = _group(before, families) if base else {}
        grouped = _group(figures, families)
        for key, value in sorted(grouped.items(), key=lambda kv: kv[0] not in TOTALS):
            line = f"{command:<13} {key:<44} {value:8.1f}"
            if key in old and old[key] > 0:
                line += f" {old[key]:9.1f} {value / old[key]:6.2f}"
            print(line)


def main(argv: list[str] | None = None) -> int:
    """Time the test command and the demo from a fresh clone; print and maybe save."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=str(ROOT), help="repository to clone (default: this)")
    parser.add_argument("--ref", default="HEAD", help="commit, branch or tag to clone")
    parser.add_argument("--only", choices=sorted(COMMANDS), help="time only this command")
    parser.add_argument("--save", type=Path, help="write the figures to this JSON file")
    parser.add_argument("--baseline", type=Path, help="a --save file to print ratios against")
    parser.add_argument("nox_args", nargs="*", help="more nox arguments, after --")
    args = parser.parse_args(argv)
    base = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline else None
    now: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="mygame-suite-") as scratch:
        clone, commit = fresh_clone(args.repo, args.ref, scratch)
        print(f"suite: {args.ref} ({commit}), {os.cpu_count()} CPUs, load {_load()}", flush=True)
        for name in [args.only] if args.only else list(COMMANDS):
            now[name] = run(clone, name, args.nox_args)
    print(f"suite: done, load {_load()}\n")
    table(now, base)
    if args.save:
        args.save.write_text(json.dumps(now, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
