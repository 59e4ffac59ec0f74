"""The main job: publish the distributions to pypiserver on loopback, then install and run them.

``python -m mygame_devtools.publish.demo [--dist-dir dist]`` (``nox -s demo``). pip sees this
index only, with this machine's pip configuration off.
Ours: mygame's own story, told with the same publish code that ``nox -s publish`` runs.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from mygame_devtools.hermetic import hermetic_env
from mygame_devtools.publish.servers import LocalIndex, LocalIndexError
from mygame_devtools.publish.upload import PublishError, artifacts
from mygame_devtools.workspace import ROOT, Distribution, WorkspaceError, load_workspace

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]

_ENV = hermetic_env(PYTHONUTF8="1")
_BIN, _EXE = ("Scripts", ".exe") if os.name == "nt" else ("bin", "")


class _DemoError(Exception):
    """A demo step failed; the message says which and why."""


class _Steps(list[tuple[str, float, str]]):
    """What the demo did, how long each step took and how it ended: the summary."""

    def __init__(self) -> None:
        super().__init__()
        self.started = self.since = time.monotonic()

    def done(self, what: str, outcome: str, seconds: float | None = None) -> None:
        now = time.monotonic()
        self.append((what, now - self.since if seconds is None else seconds, outcome))
        self.since = now


def _say(text: str, output: str = "") -> None:
    lines = [f"demo: {text}"] if text else []
    print(*lines, *(f"    | {line}" for line in output.rstrip().splitlines()), sep="\n", flush=True)


def _run(*cmd: str | Path, ok: bool = False, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` hermetically; with ``ok``, show its output and raise if it fails."""
    proc = subprocess.run(
        [str(c) for c in cmd],
        capture_output=True, text=True, env=_ENV | env, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    if ok and proc.returncode != 0:
        _say("", proc.stdout + proc.stderr)
        msg = f"'{Path(cmd[0]).name} {' '.join(map(str, cmd[1:]))}' exited {proc.returncode}"
        raise _DemoError(msg)
    return proc


def _check(files: Sequence[Path]) -> tuple[subprocess.CompletedProcess[str], float]:
    started, twine = time.monotonic(), [sys.executable, "-m", "twine", "--no-color", "check"]
    return _run(*twine, "--strict", *files, COLUMNS="500"), time.monotonic() - started


def _install(venv: Path, index: LocalIndex, name: str) -> tuple[str, float]:
    """pip-install ``name`` from ``index`` only into a fresh ``venv``: pip's verdict, how long."""
    started = time.monotonic()
    _run(sys.executable, "-m", "venv", "--without-pip", venv, ok=True)  # pip --python fills it
    pip = [sys.executable, "-m", "pip", "--python", str(venv), "install"]
    out = _run(*pip, "--index-url", index.simple_url, name, ok=True).stdout
    verdict = next((x for x in out.splitlines() if x.startswith("Successfully installed ")), out)
    return verdict, time.monotonic() - started


def _publish(index: LocalIndex, password: str, dist_dir: Path, dists: list[Distribution]) -> None:
    """Publish as ``nox -s publish`` does, the password in twine's environment only."""
    login = {"TWINE_USERNAME": index.username, "TWINE_PASSWORD": password}
    cmd = [sys.executable, "-m", "mygame_devtools.publish", "--dist-dir", str(dist_dir)]
    proc = _run(
        *cmd, "--repository-url", index.upload_url, *(d.name for d in dists), ok=False, **login
    )
    _say("", proc.stdout + proc.stderr)
    if proc.returncode != 0:
        msg = "publishing to the local index failed (see above)"
        raise _DemoError(msg)


def _demo(dist_dir: Path, work: Path, steps: _Steps) -> None:
    dists = load_workspace()
    files = [path for dist in dists for path in artifacts(dist, dist_dir)]
    (first, *rest), last, password = dists, dists[-1], secrets.token_urlsafe(24)
    _say("starting pypiserver on loopback (uploads need a password; no fallback to PyPI)")
    _say(f"meanwhile: twine check --strict on the {len(files)} files")
    with ThreadPoolExecutor(max_workers=1) as pool:
        checking = pool.submit(_check, files)
        with LocalIndex(work / "index", "demo", password) as index:
            _say(f"index at {index.upload_url} serving {index.packages}")
            steps.done("start pypiserver", f"listening on 127.0.0.1:{index.port}")
            checked, seconds = checking.result()
            _say("", checked.stdout + checked.stderr)
            if checked.returncode != 0:
                msg = "twine check --strict failed (above): fix the metadata; nothing was uploaded"
                raise _DemoError(msg)
            steps.done("twine check --strict, meanwhile", f"{len(files)} files passed", seconds)
            _say(f"publishing {first.name} through mygame_devtools.publish (nox -s publish)")
            _publish(index, password, dist_dir, [first])
            steps.done(f"publish {first.name}", "twine upload, verified on the index")
            _say(f"fresh venv #1: pip install {first.name} alone, from the local index only")
            alone = pool.submit(_install, work / f"venv-{first.short}", index, first.name)
            names = " and ".join(d.name for d in rest)
            _say(f"meanwhile: publishing {names}, which need it, in dependency order")
            _publish(index, password, dist_dir, rest)
            steps.done(f"publish {names}", " -> ".join(d.name for d in rest))
            verdict, seconds = alone.result()
            _say(f"fresh venv #1: pip install {first.name}: done", verdict)
            installed = verdict.removeprefix("Successfully installed ")  # all the venv holds
            if came := [d.name for d in rest if f"{d.name}-" in installed]:
                msg = f"installing {first.name} alone brought {', '.join(came)} too"
                raise _DemoError(msg)
            absent = ", ".join(f"{d.package} absent" for d in rest)
            steps.done(f"pip install {first.name}, meanwhile", f"{installed}; {absent}", seconds)
            _say(f"fresh venv #2: pip install {last.name} (pulls in its siblings)")
            verdict, _ = _install(full := work / f"venv-{last.short}", index, last.name)
            _say("", verdict)
            steps.done(f"pip install {last.name}", verdict.removeprefix("Successfully installed "))
            for args in ("--version", "info", "simulate --games 3 --seed 7 --target 3"):
                command = [str(full / _BIN / f"mygame{_EXE}"), *args.split()]
                _say(f"$ mygame {args}", _run(*command, ok=True).stdout)
                steps.done(f"mygame {args}", "ok")
            _say("stopping the index")
    if index.running:
        msg = f"pypiserver (port {index.port}) is still running after the demo"
        raise _DemoError(msg)
    steps.done("stop pypiserver", "stopped")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demo; return its exit status."""
    parser = argparse.ArgumentParser(prog="demo", description=__doc__.splitlines()[0])
    parser.add_argument("--dist-dir", type=Path, default=ROOT / "dist", help="default: dist/")
    args, steps, ok = parser.parse_args(argv), _Steps(), False
    try:
        with tempfile.TemporaryDirectory(prefix="mygame-demo-") as work:
            _demo(args.dist_dir, Path(work), steps)
        ok = True
    except (_DemoError, LocalIndexError, PublishError, WorkspaceError) as error:
        print(f"demo: error: {error}", file=sys.stderr, flush=True)
    except KeyboardInterrupt:  # the index stopped on the way out of its `with` block
        print("demo: interrupted; the local index is stopped", file=sys.stderr, flush=True)
        return 130
    _say("summary")
    steps.append(("total", time.monotonic() - steps.started, "ok" if ok else "FAILED"))
    width = max(len(what) for what, _, _ in steps)
    for what, seconds, outcome in steps:
        print(f"  {what:<{width}}  {seconds:6.1f}s  {outcome}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
