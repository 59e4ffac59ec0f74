"""The main job: publish the distributions to pypiserver on loopback, then install and run them.

``python -m mygame_devtools.publish.demo [--dist-dir dist]`` (``nox -s demo``): it checks
the files with ``twine check --strict`` while the index starts, publishes through the
publish tool (the first distribution alone, and pip installs it alone while its dependents
follow), installs the last one, runs ``mygame``, stops the index and prints a summary.
pip sees this index only, with this machine's pip configuration off.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import secrets
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mygame_devtools.hermetic import hermetic_env
from mygame_devtools.publish.servers import LocalIndex, LocalIndexError
from mygame_devtools.publish.upload import PublishError, artifacts
from mygame_devtools.workspace import ROOT, Distribution, load_workspace

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]

_ENV = hermetic_env(PYTHONUTF8="1")
# pip 22.3+ installs into another environment (--python): no pip bootstrapped in each venv.
_OUTER_PIP = importlib.util.find_spec("pip") is not None
_BIN, _EXE = ("Scripts", ".exe") if os.name == "nt" else ("bin", "")


class _DemoError(Exception):
    """A demo step failed; the message says which and why."""


def _say(text: str) -> None:
    print(f"demo: {text}", flush=True)


def _show(output: str) -> None:
    for line in output.rstrip().splitlines():
        print(f"    | {line}", flush=True)


def _run(*cmd: str | Path, ok: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(c) for c in cmd],
        capture_output=True, text=True, env=_ENV | env, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    if ok and proc.returncode != 0:
        raise _failed(proc, " ".join([Path(cmd[0]).name, *map(str, cmd[1:])]))
    return proc


def _failed(proc: subprocess.CompletedProcess[str], shown: str) -> _DemoError:
    """Show what a failed command printed; return the error that names it."""
    _show(proc.stdout + proc.stderr)
    return _DemoError(f"'{shown}' exited {proc.returncode}")


@dataclass(slots=True)
class _Install:
    """One ``pip install`` into a fresh environment, shown when its turn comes."""

    path: Path
    name: str
    proc: subprocess.CompletedProcess[str]
    seconds: float

    @classmethod
    def run(cls, path: Path, index: LocalIndex, name: str) -> _Install:
        started = time.monotonic()
        _run(sys.executable, "-m", "venv", *(["--without-pip"] if _OUTER_PIP else []), path)
        python = path / _BIN / f"python{_EXE}"
        pip: list[str | Path] = [python, "-m", "pip"]
        if _OUTER_PIP:
            pip = [sys.executable, "-m", "pip", "--python", python]
        proc = _run(*pip, "install", "--index-url", index.simple_url, name, ok=False)
        return cls(path, name, proc, time.monotonic() - started)

    def command(self, name: str) -> Path:
        return self.path / _BIN / f"{name}{_EXE}"

    def installed(self) -> list[str]:
        """Show pip's verdict; return what it installed. Raise if it failed."""
        if self.proc.returncode != 0:
            raise _failed(self.proc, f"pip install {self.name}")
        done = [x for x in self.proc.stdout.splitlines() if x.startswith("Successfully")]
        _show("\n".join(done) or self.proc.stdout)
        return done[0].removeprefix("Successfully installed ").split() if done else []


class _Steps:
    """What the demo did and how long each step took, for the summary."""

    def __init__(self) -> None:
        self.done: list[tuple[str, float, str]] = []
        self._since = time.monotonic()

    def record(self, what: str, outcome: str, seconds: float | None = None) -> None:
        now = time.monotonic()
        self.done.append((what, now - self._since if seconds is None else seconds, outcome))
        self._since = now

    def summary(self, total: float, *, ok: bool) -> None:
        print(flush=True)
        _say("summary")
        width = max((len(what) for what, _, _ in self.done), default=0)
        for what, seconds, outcome in [*self.done, ("total", total, "ok" if ok else "FAILED")]:
            print(f"  {what:<{width}}  {seconds:6.1f}s  {outcome}", flush=True)


def _publish(index: LocalIndex, password: str, dist_dir: Path, dists: list[Distribution]) -> None:
    """Publish as ``nox -s publish`` does, the password in twine's environment only."""
    cmd: list[str | Path] = [
        sys.executable,
        "-m",
        "mygame_devtools.publish",
        "--dist-dir",
        dist_dir,
    ]
    login = {"TWINE_USERNAME": index.username, "TWINE_PASSWORD": password}
    proc = _run(
        *cmd, "--repository-url", index.upload_url, *(d.name for d in dists), ok=False, **login
    )
    _show(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        msg = "publishing to the local index failed (see above)"
        raise _DemoError(msg)


def _check(files: Sequence[Path]) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    twine = [sys.executable, "-m", "twine", "--no-color", "check", "--strict"]
    proc = _run(*twine, *files, ok=False, COLUMNS="500")  # one line per message
    return proc, time.monotonic() - started


def _first_alone(done: _Install, steps: _Steps, dists: list[Distribution]) -> None:
    """Show that the first distribution, installed alone, has none of its dependents."""
    first, others = dists[0], dists[1:]
    _say(f"fresh venv #1: pip install {first.name}: done")
    installed = done.installed()
    probe = (
        f"import importlib.util as u, {first.package} as p; print('{first.package}', p.__version__)"
    )
    probe += "".join(
        f";print('{d.package}', 'present' if u.find_spec('{d.package}') else 'absent')"
        for d in others
    )
    out = _run(done.path / _BIN / f"python{_EXE}", "-c", probe).stdout
    _show(out)
    if present := [d.package for d in others if f"{d.package} absent" not in out]:
        msg = f"{', '.join(present)} importable after installing {first.name} alone"
        raise _DemoError(msg)
    absent = ", ".join(f"{d.package} absent" for d in others)
    steps.record(
        f"pip install {first.name}, meanwhile", f"{' '.join(installed)}; {absent}", done.seconds
    )


def _last_and_commands(index: LocalIndex, work: Path, steps: _Steps, last: Distribution) -> None:
    """Install the last distribution (it pulls in the rest) and run its commands."""
    _say(f"fresh venv #2: pip install {last.name} (pulls in its siblings)")
    full = _Install.run(work / f"venv-{last.short}", index, last.name)
    steps.record(f"pip install {last.name}", " ".join(full.installed()))
    simulate = ["simulate", "--games", "3", "--seed", "7", "--target", "3"]
    for args in (["--version"], ["info"], simulate):
        _say(f"$ mygame {' '.join(args)}")
        proc = _run(full.command("mygame"), *args)
        _show(proc.stdout + proc.stderr)
        steps.record(f"mygame {' '.join(args)}", "ok")


def _demo(dist_dir: Path, work: Path, steps: _Steps) -> None:
    dists = load_workspace()
    if not dists:
        msg = f"no distributions in the workspace at {ROOT}: run the demo inside it"
        raise _DemoError(msg)
    files = [path for dist in dists for path in artifacts(dist, dist_dir)]
    password = secrets.token_urlsafe(24)
    _say("starting pypiserver on loopback (uploads need a password; no fallback to PyPI)")
    _say(f"meanwhile: twine check --strict on the {len(files)} files")
    with ThreadPoolExecutor(max_workers=1) as pool:
        checking = pool.submit(_check, files)
        with LocalIndex(work / "index", "demo", password) as index:
            _say(f"index at {index.upload_url} serving {index.packages}")
            steps.record("start pypiserver", f"listening on 127.0.0.1:{index.port}")
            checked, seconds = checking.result()
            _show(checked.stdout + checked.stderr)
            if checked.returncode != 0:
                msg = "twine check --strict failed (above): fix the metadata; nothing was uploaded"
                raise _DemoError(msg)
            steps.record("twine check --strict, meanwhile", f"{len(files)} files passed", seconds)

            first, rest = dists[0], dists[1:]
            _say(f"publishing {first.name} through mygame_devtools.publish (nox -s publish)")
            _publish(index, password, dist_dir, [first])
            steps.record(f"publish {first.name}", "twine upload, verified on the index")
            _say(f"fresh venv #1: pip install {first.name} alone, from the local index only")
            alone = pool.submit(_Install.run, work / f"venv-{first.short}", index, first.name)
            names = " and ".join(d.name for d in rest)
            _say(f"meanwhile: publishing {names}, which need it, in dependency order")
            _publish(index, password, dist_dir, rest)
            steps.record(f"publish {names}", " -> ".join(d.name for d in rest))
            _first_alone(alone.result(), steps, dists)
            _last_and_commands(index, work, steps, dists[-1])
            _say("stopping the index")
    if index.running:
        msg = f"pypiserver (port {index.port}) is still running after the demo"
        raise _DemoError(msg)
    steps.record("stop pypiserver", "stopped")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demo; return its exit status."""
    parser = argparse.ArgumentParser(prog="demo", description=__doc__.splitlines()[0])
    parser.add_argument("--dist-dir", type=Path, default=ROOT / "dist", help="default: dist/")
    args = parser.parse_args(argv)
    steps, started, ok = _Steps(), time.monotonic(), False
    try:
        with tempfile.TemporaryDirectory(prefix="mygame-demo-") as work:
            _demo(args.dist_dir, Path(work), steps)
        ok = True
    except (_DemoError, LocalIndexError, PublishError) as error:
        print(f"demo: error: {error}", file=sys.stderr, flush=True)
    except KeyboardInterrupt:  # the index stopped on the way out of its `with` block
        print("demo: interrupted; the local index is stopped", file=sys.stderr, flush=True)
        return 130
    steps.summary(time.monotonic() - started, ok=ok)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
