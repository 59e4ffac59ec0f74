"""Start-up time of ``mygame --version`` and ``mygame --help``, as ratios to ``python -c pass``.

Run it with the Python of the environment where mygame is installed, so the baseline
and the command share the interpreter, site-packages and .pth files:

    /path/to/venv/bin/python benchmarks/startup.py [--runs 60]

Runs are interleaved (pass, --version, --help, pass, ...) so drift in the machine's
load hits all three alike; the median of each is reported. Bars from issue 4:
``--version`` under 1.5 (aim 1.2), ``--help`` under 2.5.

``--plugin`` measures a second environment too, interleaved with the first: mygame-cli
from ``dist/`` (``$MYGAME_DIST_DIR``) and the plugin of page 11 (``docs/steps/11-plugins``,
built into a wheel), each ratio against that environment's own ``python -c pass``. The
same bars hold there: neither command may import, or even look for, a player.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
import venv
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


def _plugin_env(work: Path) -> str:
    """Make an environment with mygame-cli from dist/ and the plugin; return its Python.

    pip installs from the wheels only (no index, no configuration) and byte-compiles
    what it installs, as for a user.
    """
    dist = Path(os.environ.get("MYGAME_DIST_DIR") or ROOT / "dist")
    wheels = work / "wheels"
    build = [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", str(wheels)]
    subprocess.run([*build, str(PLUGIN)], check=True, stdout=subprocess.DEVNULL)
    venv.create(work / "venv", with_pip=True)
    python = str(work / "venv" / _BIN / f"python{_EXE}")
    links = ["--no-index", "--find-links", str(dist), "--find-links", str(wheels)]
    install = [python, "-m", "pip", "install", "--quiet", *links, "mygame-cli", "wall-player"]
    subprocess.run(install, check=True, env=hermetic_env())
    return python


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
        help="also measure an environment with the plugin of docs/steps/11-plugins installed",
    )
    options = parser.parse_args()
    runs = options.runs
    if not options.no_compile:
        for folder in _compile_installed():
            print(f"byte-compiled {folder} (as pip install does)")
    commands = _commands(sys.executable)
    with tempfile.TemporaryDirectory(prefix="mygame-startup-") as work:
        plugin = ""
        if options.plugin:
            plugin = _plugin_env(Path(work))
            commands |= _commands(plugin, "plugin ")
        for argv in commands.values():  # warm the file cache and .pyc files
            _time(argv)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, argv in commands.items():
                samples[name].append(_time(argv))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    print(f"{sys.executable} ({runs} interleaved runs each, median)")
    missed = _report(medians)
    if plugin:
        print("a second environment, with wall-player (docs/steps/11-plugins) installed:")
        missed |= _report(medians, "plugin ")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
