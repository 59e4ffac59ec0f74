"""Start-up time of ``mygame --version`` and ``mygame --help``, as ratios to ``python -c pass``.

Run it with the Python of the environment where mygame is installed, so the baseline
and the command share the interpreter, site-packages and .pth files:

    /path/to/venv/bin/python benchmarks/startup.py [--runs 60]

Runs are interleaved, each round in a new (seeded) order, so drift in the machine's
load hits every command alike and none always runs after the same one; the median of
each is reported. Bars from issue 4:
``--version`` under 1.5 (aim 1.2), ``--help`` under 2.5.

``--plugin`` measures two more environments, interleaved with the first and made as
nox makes it (uv, from the wheels of ``dist/``, ``$MYGAME_DIST_DIR``, byte-compiled):
mygame-cli alone, and mygame-cli with the plugin of page 11 (``docs/steps/11-plugins``,
built into a wheel). Each ratio is against that environment's own ``python -c pass``;
the plugin must change neither, as neither command imports, or even looks for, a player.
(uv, not pip: pip's console scripts import ``re``, which alone costs more than the bar.)
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mygame_devtools.hermetic import hermetic_env

__all__ = ["main"]

BARS = {"--version": (1.5, 1.2), "--help": (2.5, None)}
ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "docs" / "steps" / "11-plugins"
_BIN = "Scripts" if os.name == "nt" else "bin"
_EXE = ".exe" if os.name == "nt" else ""


def _time(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def _script(python: str = sys.executable) -> str:
    script = Path(python).parent / f"mygame{_EXE}"
    if not script.exists():
        sys.exit(f"startup.py: no mygame console script next to {python}")
    return str(script)


def _uv_env(work: Path, *requirements: str) -> str:
    """Make an environment with ``requirements`` from dist/ and ``work/wheels``; return its Python.

    uv installs from the wheels only (no index, no configuration), byte-compiled as
    ``pip install`` does.
    """
    uv = shutil.which("uv")
    if uv is None:
        sys.exit("startup.py: --plugin needs uv on PATH (nox -s benchmark installs it)")
    dist = Path(os.environ.get("MYGAME_DIST_DIR") or ROOT / "dist")
    folder = work / "-".join(requirements)
    env = hermetic_env(UV_NO_CACHE="1")
    subprocess.run(
        [uv, "venv", "--quiet", "--python", sys.executable, str(folder)], check=True, env=env
    )
    python = str(folder / _BIN / f"python{_EXE}")
    links = ["--no-index", "--find-links", str(dist), "--find-links", str(work / "wheels")]
    install = [uv, "pip", "install", "--quiet", "--compile-bytecode", "--python", python, *links]
    subprocess.run([*install, *requirements], check=True, env=env)
    return python


def _plugin_envs(work: Path) -> dict[str, str]:
    """Build the plugin's wheel; return the two environments, without it and with it."""
    build = [sys.executable, "-m", "build", "--no-isolation", "--wheel"]
    outdir = ["--outdir", str(work / "wheels")]
    subprocess.run([*build, *outdir, str(PLUGIN)], check=True, stdout=subprocess.DEVNULL)
    return {
        "mygame-cli alone": _uv_env(work, "mygame-cli"),
        "mygame-cli and the plugin wall-player": _uv_env(work, "mygame-cli", "wall-player"),
    }


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


def _commands(python: str, label: str = "") -> dict[str, list[str]]:
    script = _script(python)
    return {
        f"{label}python -c pass": [python, "-c", "pass"],
        f"{label}--version": [script, "--version"],
        f"{label}--help": [script, "--help"],
    }


def _report(medians: dict[str, float], label: str = "") -> bool:
    """Print one environment's medians and ratios; return whether a bar was missed."""
    base = medians[f"{label}python -c pass"]
    print(f"  python -c pass       {base * 1000:7.2f} ms   1.00")
    missed = False
    for flag, (bar, aim) in BARS.items():
        median = medians[f"{label}{flag}"]
        ratio = median / base
        missed |= ratio >= bar
        verdict = "ok" if ratio < bar else "OVER THE BAR"
        aim_text = f", aim {aim}" if aim else ""
        print(
            f"  mygame {flag:<12}  {median * 1000:7.2f} ms   {ratio:4.2f}"
            f"   (bar {bar}{aim_text}: {verdict})"
        )
    return missed


def main() -> int:
    """Measure, print a table of medians and ratios; exit 1 if a bar is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60, help="runs of each command (default: 60)")
    parser.add_argument(
        "--no-compile", action="store_true", help="do not byte-compile the installed mygame first"
    )
    parser.add_argument(
        "--plugin",
        action="store_true",
        help="also measure environments without and with the plugin of docs/steps/11-plugins",
    )
    options = parser.parse_args()
    runs = options.runs
    if not options.no_compile:
        for folder in _compile_installed():
            print(f"byte-compiled {folder} (as pip install does)")
    commands = _commands(sys.executable)
    with tempfile.TemporaryDirectory(prefix="mygame-startup-") as work:
        others = _plugin_envs(Path(work)) if options.plugin else {}
        for label, python in others.items():
            commands |= _commands(python, f"{label}: ")
        for argv in commands.values():  # warm the file cache and .pyc files
            _time(argv)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        order, shuffle = list(commands), random.Random(0).shuffle  # noqa: S311 - no secret
        for _ in range(runs):
            shuffle(order)  # a fixed order made the last environment's look slower
            for name in order:
                samples[name].append(_time(commands[name]))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    print(f"{sys.executable} ({runs} interleaved runs each, median)")
    missed = _report(medians)
    for label in others:
        print(f"{label}:")
        missed |= _report(medians, f"{label}: ")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
