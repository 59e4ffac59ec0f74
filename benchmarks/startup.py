"""Start-up time of ``mygame --version`` and ``mygame --help``, as ratios to ``python -c pass``.

Run it with the Python of the environment where mygame is installed, so the baseline
and the command share the interpreter, site-packages and .pth files:

    /path/to/venv/bin/python benchmarks/startup.py [--runs 60]

Runs are interleaved (pass, --version, --help, pass, ...) so drift in the machine's
load hits all three alike; the median of each is reported. Bars from issue 4:
``--version`` under 1.5 (aim 1.2), ``--help`` under 2.5.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["main"]

BARS = {"--version": (1.5, 1.2), "--help": (2.5, None)}


def _time(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def _script() -> str:
    script = Path(sys.executable).parent / ("mygame.exe" if os.name == "nt" else "mygame")
    if not script.exists():
        sys.exit(f"startup.py: no mygame console script next to {sys.executable}")
    return str(script)


def _compile_installed() -> list[str]:
    """Byte-compile the installed mygame portions, as ``pip install`` does.

    uv (and nox sessions using it) install without .pyc files, and with
    PYTHONDONTWRITEBYTECODE set they are never written: every start would compile the
    sources again, which is not what a user's installed command does.
    """
    compiled = []
    for entry in sys.path:
        folder = Path(entry or ".", "mygame")
        if folder.is_dir() and "site-packages" in folder.parts:
            compileall.compile_dir(folder, quiet=1)
            compiled.append(str(folder))
    return compiled


def main() -> int:
    """Measure, print a table of medians and ratios; exit 1 if a bar is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60, help="runs of each command (default: 60)")
    parser.add_argument(
        "--no-compile", action="store_true", help="do not byte-compile the installed mygame first"
    )
    options = parser.parse_args()
    runs = options.runs
    script = _script()
    if not options.no_compile:
        for folder in _compile_installed():
            print(f"byte-compiled {folder} (as pip install does)")
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "--version": [script, "--version"],
        "--help": [script, "--help"],
    }
    for argv in commands.values():  # warm the file cache and .pyc files
        _time(argv)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            samples[name].append(_time(argv))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    base = medians["python -c pass"]
    print(f"{sys.executable} ({runs} interleaved runs each, median)")
    print(f"  python -c pass       {base * 1000:7.2f} ms   1.00")
    missed = False
    for flag, (bar, aim) in BARS.items():
        ratio = medians[flag] / base
        missed |= ratio >= bar
        verdict = "ok" if ratio < bar else "OVER THE BAR"
        aim_text = f", aim {aim}" if aim else ""
        print(
            f"  mygame {flag:<12}  {medians[flag] * 1000:7.2f} ms   {ratio:4.2f}"
            f"   (bar {bar}{aim_text}: {verdict})"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
