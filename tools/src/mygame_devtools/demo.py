"""The main job: publish the three distributions to a real index on loopback and install them.

``python -m mygame_devtools.demo [--dist-dir dist]`` (run by ``nox -s demo`` after a fresh build):

1. starts pypiserver on 127.0.0.1 (free port, temporary folder, a random password
   stored only as an htpasswd hash made by passlib; it is never printed), and
   meanwhile checks the files with ``twine check --strict``;
2. publishes ``dist/`` to it through the same code as ``nox -s publish``
   (``mygame_devtools.publish``), so the demo proves the real upload path: the first
   piece (``mygame-logic``), then the pieces that need it;
3. as soon as the first piece is on the index, pip installs it alone into a fresh
   virtual environment, and shows that the others' packages (``mygame.draw``) are
   absent: a piece is usable once it is published, before its dependents are;
4. in another, pip installs the last piece (``mygame-cli``), which pulls in the
   other two, and runs ``mygame --version``, ``mygame info`` and a short
   ``mygame simulate``;
5. stops the server (always, in ``finally``), removes the folder and prints a summary.

What does not need the step before runs beside it, one per CPU: the check while the
server starts (nothing is uploaded unless every file passes), and the first
install while the other pieces are published. Each one's output is shown whole,
once it is done.

No network beyond loopback is needed: pip sees only this index (``--index-url``),
with this machine's pip configuration switched off.
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

from mygame_devtools import publish
from mygame_devtools.hermetic import hermetic_env
from mygame_devtools.local_index import LocalIndex, LocalIndexError
from mygame_devtools.workspace import ROOT, Distribution, load_workspace

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]


@dataclass(slots=True)
class _Step:
    what: str
    outcome: str
    seconds: float


class _DemoError(Exception):
    """A demo step failed; the message says which and why."""


def _say(text: str) -> None:
    print(f"demo: {text}", flush=True)


def _show(output: str, indent: str = "    | ") -> None:
    for line in output.rstrip().splitlines():
        print(f"{indent}{line}", flush=True)


# The environment of every command the demo runs, taken once: _publish puts the index's
# password in os.environ for twine while an install runs beside it.
_ENV = hermetic_env(PYTHONUTF8="1")


def _exited(proc: subprocess.CompletedProcess[str], shown: str) -> _DemoError:
    """Show what a failed command printed; return the error that names it."""
    _show(proc.stdout + proc.stderr)
    msg = f"'{shown}' exited {proc.returncode}"
    return _DemoError(msg)


def _run(*cmd: str | Path, ok: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(c) for c in cmd],
        capture_output=True,
        text=True,
        env=_ENV | env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if ok and proc.returncode != 0:
        raise _exited(proc, " ".join([Path(cmd[0]).name, *map(str, cmd[1:])]))
    return proc


# Whether the Python running the demo has pip, to install into the environments it makes.
_OUTER_PIP = importlib.util.find_spec("pip") is not None


class _Venv:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.bin = path / ("Scripts" if os.name == "nt" else "bin")
        self.python = self.bin / ("python.exe" if os.name == "nt" else "python")

    def create(self) -> None:
        """Make a fresh environment; without pip of its own when this Python has pip.

        ``python -m venv`` spends seconds per environment bootstrapping pip
        (ensurepip installs it with itself); pip 22.3+ installs into another
        environment with ``--python``, so the pip this demo runs with does the
        install: a real pip install into a fresh, empty environment.
        """
        bare = ["--without-pip"] if _OUTER_PIP else []
        _run(sys.executable, "-m", "venv", *bare, self.path)

    def pip_install(self, index: LocalIndex, name: str) -> _Install:
        """Create this environment and install ``name`` from ``index`` only; print nothing."""
        started = time.monotonic()
        self.create()
        pip: list[str | Path] = [self.python, "-m", "pip"]
        if _OUTER_PIP:
            pip = [sys.executable, "-m", "pip", "--python", self.python]
        proc = _run(*pip, "install", "--index-url", index.simple_url, name, ok=False)
        return _Install(self, name, proc, time.monotonic() - started)

    def command(self, name: str) -> Path:
        return self.bin / (f"{name}.exe" if os.name == "nt" else name)


@dataclass(slots=True)
class _Install:
    """What one ``pip install`` into a fresh environment did, to show when its turn comes."""

    venv: _Venv
    name: str
    proc: subprocess.CompletedProcess[str]
    seconds: float

    def installed(self) -> list[str]:
        """Show pip's verdict; return the distributions it installed. Raise if it failed."""
        if self.proc.returncode != 0:
            raise _exited(self.proc, f"pip install {self.name}")
        out = self.proc.stdout
        done = [line for line in out.splitlines() if line.startswith("Successfully")]
        _show("\n".join(done) or out)
        return done[0].removeprefix("Successfully installed ").split() if done else []


def _mygame_commands(venv: _Venv) -> str:
    """Return ``mygame --help``, to learn which subcommands this version of the cli has."""
    return _run(venv.command("mygame"), "--help", ok=False).stdout


def _simulate_args(venv: _Venv) -> list[str]:
    """Arguments for a short simulation, from the options this cli version offers."""
    helptext = _run(venv.command("mygame"), "simulate", "--help", ok=False).stdout
    args = ["simulate"]
    for option, value in (("--games", "3"), ("--seed", "7"), ("--target", "3")):
        if option in helptext:
            args += [option, value]
    return args


class _Steps:
    """What the demo did, with how long each step took, for the summary."""

    def __init__(self) -> None:
        self.done: list[_Step] = []
        self._started = time.monotonic()

    def record(self, what: str, outcome: str, seconds: float | None = None) -> None:
        """Note a step: it took ``seconds``, or by default the time since the last one."""
        now = time.monotonic()
        self.done.append(_Step(what, outcome, now - self._started if seconds is None else seconds))
        self._started = now


def _publish(index: LocalIndex, password: str, dist_dir: Path, dists: list[Distribution]) -> None:
    """Publish through the very code ``nox -s publish`` runs, with the index's password."""
    saved = {k: os.environ.get(k) for k in ("TWINE_USERNAME", "TWINE_PASSWORD")}
    os.environ |= {"TWINE_USERNAME": index.username, "TWINE_PASSWORD": password}
    where = ["--repository-url", index.upload_url, "--dist-dir", str(dist_dir)]
    try:
        status = publish.main([*where, *(d.name for d in dists)])
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    if status != 0:
        msg = "publishing to the local index failed (see above)"
        raise _DemoError(msg)


def _check(files: Sequence[Path]) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run ``twine check --strict`` on ``files``; return what it did and how long it took."""
    started = time.monotonic()
    twine = [sys.executable, "-m", "twine", "--no-color"]
    # twine's messages fill the terminal's width, 80 columns in a pipe: one line each.
    proc = _run(*twine, "check", "--strict", *files, ok=False, COLUMNS="500")
    return proc, time.monotonic() - started


def _first_alone(done: _Install, steps: _Steps, dists: list[Distribution]) -> None:
    first, others = dists[0], dists[1:]
    _say(f"fresh venv #1: pip install {first.name}: done")
    alone = done.venv
    installed = done.installed()
    probe = _run(
        alone.python, "-c",
        f"import importlib.util as u, {first.package} as p;"
        f"print('{first.package}', p.__version__);"
        + "".join(
            f"print('{d.package}', 'present' if u.find_spec('{d.package}') else 'absent');"
            for d in others
        ),
    )  # fmt: skip
    _show(probe.stdout)
    present = [d.package for d in others if f"{d.package} absent" not in probe.stdout]
    if present:
        msg = f"{', '.join(present)} importable after installing {first.name} alone"
        raise _DemoError(msg)
    absent = ", ".join(f"{d.package} absent" for d in others)
    what = f"pip install {first.name}, meanwhile"
    steps.record(what, f"{' '.join(installed)}; {absent}", done.seconds)


def _last_and_commands(
    index: LocalIndex, work: Path, steps: _Steps, dists: list[Distribution]
) -> None:
    last = dists[-1]
    pulled = " and ".join(d.name for d in reversed(dists[:-1]))
    _say(f"fresh venv #2: pip install {last.name} (pulls in {pulled})")
    installing = _Venv(work / f"venv-{last.short}").pip_install(index, last.name)
    full = installing.venv
    installed = installing.installed()
    steps.record(f"pip install {last.name}", " ".join(installed))

    helptext = _mygame_commands(full)
    for args in (["--version"], ["info"], _simulate_args(full)):
        shown = f"mygame {' '.join(args)}"
        if args[0] != "--version" and args[0] not in helptext:
            _say(f"$ {shown}: this {last.name} has no '{args[0]}' command yet: skipped")
            steps.record(shown, f"skipped: command not in this {last.name}")
            continue
        _say(f"$ {shown}")
        proc = _run(full.command("mygame"), *args, ok=False)
        _show(proc.stdout + proc.stderr)
        if proc.returncode != 0 and "not available yet" in proc.stderr:
            # The cli says so itself while a command is being written: report, go on.
            steps.record(shown, "skipped: the cli says it is not available yet")
            continue
        if proc.returncode != 0:
            msg = f"'{shown}' exited {proc.returncode}"
            raise _DemoError(msg)
        steps.record(shown, "ok")


def _demo(dist_dir: Path, work: Path, steps: _Steps) -> None:
    dists = load_workspace()
    if not dists:
        msg = f"no distributions under {ROOT / 'packages'}: run the demo inside the workspace"
        raise _DemoError(msg)
    # The files publish would upload: it finds the same ones, and fails early the same way.
    files = [path for dist in dists for path in publish.artifacts(dist, dist_dir)]

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
            alone = _Venv(work / f"venv-{first.short}")
            installing = pool.submit(alone.pip_install, index, first.name)
            names = " and ".join(d.name for d in rest)
            _say(f"meanwhile: publishing {names}, which need it, in dependency order")
            _publish(index, password, dist_dir, rest)
            steps.record(f"publish {names}", " -> ".join(d.name for d in rest))

            _first_alone(installing.result(), steps, dists)
            _last_and_commands(index, work, steps, dists)
            _say("stopping the index")
    if index.running:
        msg = f"pypiserver (port {index.port}) is still running after the demo"
        raise _DemoError(msg)
    steps.record("stop pypiserver", "stopped")


def _summary(steps: Sequence[_Step], total: float, *, ok: bool) -> None:
    print(flush=True)
    _say("summary")
    width = max((len(s.what) for s in steps), default=0)
    for s in steps:
        print(f"  {s.what:<{width}}  {s.seconds:6.1f}s  {s.outcome}")
    print(f"  {'total':<{width}}  {total:6.1f}s  {'ok' if ok else 'FAILED'}", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demo; return its exit status."""
    parser = argparse.ArgumentParser(prog="demo", description=__doc__.splitlines()[0])
    parser.add_argument("--dist-dir", type=Path, default=ROOT / "dist", help="default: dist/")
    args = parser.parse_args(argv)
    steps = _Steps()
    started = time.monotonic()
    ok = False
    try:
        with tempfile.TemporaryDirectory(prefix="mygame-demo-") as work:
            _demo(args.dist_dir, Path(work), steps)
        ok = True
    except (_DemoError, LocalIndexError, publish.PublishError) as error:
        print(f"demo: error: {error}", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        # The index was already stopped on the way out of its `with` block.
        print("demo: interrupted; the local index is stopped", file=sys.stderr, flush=True)
        return 130
    _summary(steps.done, time.monotonic() - started, ok=ok)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
