"""How close ``nox -s demo`` (a second run) comes to its floor, as a ratio measured in one run.

Run: ``nox -s benchmark -- demo [--rounds 5]``.

The floor is the work the demo cannot skip, done directly and one step after another:
a build (hatchling's hooks in this process, as ``benchmarks/builds.py``), a pypiserver
start and one ``twine upload`` of the six files, two installs (``pip --python`` into
fresh ``venv --without-pip`` environments, as the demo makes them: mygame-logic alone,
then mygame-cli with its siblings) and three ``mygame`` starts (``--version``,
``info``, a short ``simulate``). Rounds alternate the two, so the machine's drift
hits both alike; the figures are medians. The demo overlaps some steps, so it may
beat the floor; what it adds is nox's start, its environment, and the checks it
prints.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from builds import ENV, ROOT, floor
from mygame_devtools.publish.servers import LocalIndex

__all__ = ["main"]

STARTS = (["--version"], ["info"], ["simulate", "--games", "3", "--seed", "7", "--target", "3"])


def run(*cmd: str | Path, **env: str) -> None:
    """Run ``cmd`` with the benchmark's isolated environment; fail loudly if it fails."""
    subprocess.run([str(c) for c in cmd], env=ENV | env, check=True, capture_output=True)


def demo_floor(work: Path) -> dict[str, float]:
    """Do the floor's steps in ``work``; return the seconds of each."""
    steps: dict[str, float] = {}
    start = time.perf_counter()
    (dist := work / "dist").mkdir()
    floor(dist)
    steps["build"] = time.perf_counter() - start
    password = secrets.token_urlsafe(16)
    with LocalIndex(work / "index", "bench", password) as index:
        start = time.perf_counter()
        login = {
            "TWINE_USERNAME": "bench",
            "TWINE_PASSWORD": password,
            "TWINE_NON_INTERACTIVE": "1",
        }
        upload = [sys.executable, "-m", "twine", "upload", "--disable-progress-bar"]
        run(*upload, "--repository-url", index.upload_url, *sorted(dist.iterdir()), **login)
        steps["upload"] = time.perf_counter() - start
        start = time.perf_counter()
        for name in ("mygame-logic", "mygame-cli"):
            venv = work / f"venv-{name}"
            run(sys.executable, "-m", "venv", "--without-pip", venv)
            pip: list[str | Path] = [sys.executable, "-m", "pip", "--python", venv, "install", "-q"]
            run(*pip, "--index-url", index.simple_url, name)
        steps["two installs"] = time.perf_counter() - start
    start = time.perf_counter()
    for args in STARTS:
        run(work / "venv-mygame-cli" / "bin" / "mygame", *args)
    steps["three starts"] = time.perf_counter() - start
    return steps


def main(argv: list[str] | None = None) -> int:
    """Alternate the demo and its floor; print each median and the demo's ratio to the floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each (default 5)")
    args = parser.parse_args(argv)
    nox = shutil.which("nox")
    if nox is None or os.name == "nt":
        print("benchmarks/demo.py: needs nox on PATH, and a POSIX venv layout", file=sys.stderr)
        return 2
    demo = [nox, "-s", "demo"]
    subprocess.run(demo, cwd=ROOT, check=True, capture_output=True)  # the first run: not timed
    demos: list[float] = []
    floors: list[dict[str, float]] = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        subprocess.run(demo, cwd=ROOT, check=True, capture_output=True)
        demos.append(time.perf_counter() - start)
        with tempfile.TemporaryDirectory(prefix="mygame-demo-floor-") as work:
            floors.append(demo_floor(Path(work)))
    print(f"nox -s demo (a second run) against its floor, median of {args.rounds} rounds")
    for step in floors[0]:
        print(f"  floor: {step:<14} {statistics.median(f[step] for f in floors):6.2f} s")
    total = statistics.median(sum(f.values()) for f in floors)
    demo_time = statistics.median(demos)
    print(f"  floor, total        {total:6.2f} s")
    print(f"  nox -s demo         {demo_time:6.2f} s   {demo_time / total:.2f}x the floor")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
