"""How fast the build session makes all six artifacts, against the in-process floor.

Run: ``nox -s benchmark -- builds`` (or ``python benchmarks/builds.py`` in an
environment with build, hatchling, nox and uv).

Every contender builds the same tree into a fresh folder, interleaved round by
round so that machine noise spreads evenly; the figure is the median of the rounds.

- floor: hatchling's own hooks (build_sdist, then build_wheel from the unpacked
  sdist, per distribution) called in this process, hatchling already imported;
- ``nox -r -s build``: the build session as a developer re-runs it;
- ``python -m mygame_devtools.checks.build``: the session's build step alone;
- ``python -m build --no-isolation`` per distribution: pypa/build's own CLI;
- ``uv build --all-packages``: uv's build of the workspace (sdist, then wheel from it).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from mygame_devtools.checks.build import extract
from mygame_devtools.workspace import load_workspace

ROOT = Path(__file__).resolve().parent.parent

if TYPE_CHECKING:
    from collections.abc import Callable

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_"))},
    "PIP_CONFIG_FILE": os.devnull,
    "UV_NO_CONFIG": "1",
}


def floor(out: Path) -> None:
    """Call hatchling's hooks directly: sdist, unpack, wheel from the sdist."""
    from hatchling.build import build_sdist, build_wheel  # noqa: PLC0415

    cwd = Path.cwd()
    try:
        for dist in load_workspace(ROOT):
            os.chdir(dist.path)
            sdist = out / build_sdist(str(out))
            with tempfile.TemporaryDirectory() as scratch, tarfile.open(sdist) as archive:
                extract(archive, scratch)  # safe on 3.11.2 too, as the build session
                os.chdir(Path(scratch) / sdist.name.removesuffix(".tar.gz"))
                build_wheel(str(out))
                os.chdir(cwd)
    finally:
        os.chdir(cwd)


def command(*cmd: str) -> Callable[[Path], None]:
    """Make a contender that runs ``cmd``, ``{out}`` replaced by the output folder."""

    def run(out: Path) -> None:
        args = [c.replace("{out}", str(out)) for c in cmd]
        subprocess.run(args, cwd=ROOT, env=ENV, check=True, capture_output=True)

    return run


def per_project_build(out: Path) -> None:
    """pypa/build's CLI, once per distribution, without isolation."""
    for dist in load_workspace(ROOT):
        command(sys.executable, "-m", "build", "-n", "-x", "-q", "-o", "{out}", str(dist.path))(out)


def main() -> int:
    """Time every contender and print the medians and their ratios to the floor."""
    nox, uv = shutil.which("nox"), shutil.which("uv")
    if nox is None or uv is None:
        print("benchmarks/builds.py: needs nox and uv on PATH", file=sys.stderr)
        return 2
    subprocess.run([nox, "-s", "build"], cwd=ROOT, env=ENV, check=True, capture_output=True)
    contenders: dict[str, Callable[[Path], None]] = {
        "floor: hatchling hooks in-process": floor,
        "nox -r -s build (the session)": command(nox, "-r", "-s", "build"),
        "python -m mygame_devtools.checks.build": command(
            sys.executable, "-m", "mygame_devtools.checks.build", "{out}"
        ),
        "python -m build -n, per project": per_project_build,
        "uv build --all-packages": command(uv, "build", "--all-packages", "-q", "-o", "{out}"),
    }
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(ROUNDS):
        for name, contender in contenders.items():
            with tempfile.TemporaryDirectory() as scratch:
                out = Path(scratch)
                start = time.perf_counter()
                contender(out)
                times[name].append(time.perf_counter() - start)
                if name != "nox -r -s build (the session)":
                    built = sorted(p.suffix for p in out.iterdir() if p.suffix in {".gz", ".whl"})
                    assert built == [".gz"] * 3 + [".whl"] * 3, (name, built)
    base = statistics.median(times["floor: hatchling hooks in-process"])
    print(f"six artifacts (3 sdists, 3 wheels from them), median of {ROUNDS} rounds")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"  {name:<36} {median * 1000:8.0f} ms  {median / base:6.1f}x floor")
    session = statistics.median(times["nox -r -s build (the session)"])
    uv_time = statistics.median(times["uv build --all-packages"])
    print(f"build session vs uv build: {session / uv_time:.2f} (below 1 is faster than uv)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
