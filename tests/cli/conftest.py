"""Find the installed ``mygame`` console script and run it (no imports from src).

The ``mygame`` fixture is ``Callable[..., subprocess.CompletedProcess[str]]``: call
it with the command-line arguments (and optionally ``stdin=``).

Under coverage (the traced tests session), every ``mygame`` process a test starts is
measured, which costs about a fifth of a second per process. A test marked
``pytest.mark.unmeasured`` (see ``tests/conftest.py``) checks what commands print,
return and write; its processes run unmeasured, and the code they run is measured
in-process by ``test__commands.py``, ``test__files.py`` and ``test__info.py`` (the
combined report is the same, line for line and branch for branch). What only a real
process reaches (the terminal, signals, closed or full standard streams) stays measured.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from mygame.logic import ComputerPlayer, Difficulty, Match, Recording, Settings

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator


def console_script() -> str:
    """Return the path of the installed ``mygame`` command, next to this Python or on PATH."""
    scripts = Path(sys.executable).parent
    for name in ("mygame", "mygame.exe"):
        if (scripts / name).exists():
            return str(scripts / name)
    found = shutil.which("mygame")
    if found is None:
        pytest.fail("the 'mygame' console script is not installed next to this Python or on PATH")
    return found


def clean_env() -> dict[str, str]:
    """Return this environment without what would change mygame's output or imports."""
    dropped = {"PYTHONPATH", "COLUMNS", "LINES", "NO_COLOR", "PYTHONWARNINGS"}
    return {k: v for k, v in os.environ.items() if k not in dropped}


# What coverage's .pth file looks for to measure a new Python process.
COVERAGE_PROCESS_VARIABLES = {"COVERAGE_PROCESS_START", "COVERAGE_PROCESS_CONFIG"}


def unmeasured_env() -> dict[str, str]:
    """Return :func:`clean_env` for a process coverage does not measure.

    For a test that runs one command path a hundred times (a hundred recordings
    verified): under coverage a measured process costs a fifth of a second more to
    start and runs twice as slowly, and it would add no line that the other tests of
    that command do not.
    """
    return {k: v for k, v in clean_env().items() if k not in COVERAGE_PROCESS_VARIABLES}


def recorded_match(path: Path, *, target: int = 2, seed: int = 5) -> Recording:
    """Play a short computer match, save its recording to ``path`` and return it."""
    match = Match(Settings(target_score=target), seed, record=True)
    match.run(ComputerPlayer(Difficulty.EASY, 1), ComputerPlayer(Difficulty.HARD, 2))
    recording = match.recording()
    path.write_text(recording.to_json(), encoding="utf-8")
    return recording


@pytest.fixture(scope="session")
def mygame_script() -> str:
    """The path of the installed ``mygame`` command."""
    return console_script()


@pytest.fixture
def mygame_env(request: pytest.FixtureRequest) -> dict[str, str]:
    """The environment to run ``mygame`` in: :func:`clean_env`, or :func:`unmeasured_env`.

    The second in a test marked ``unmeasured``.
    """
    return unmeasured_env() if request.node.get_closest_marker("unmeasured") else clean_env()


@pytest.fixture
def mygame(
    mygame_script: str, mygame_env: dict[str, str], tmp_path: Path
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``mygame ARGS...`` in an empty folder, without a terminal; capture its output."""

    def run(*args: str, stdin: str = "", timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [mygame_script, *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=mygame_env,
            timeout=timeout,
            check=False,
        )

    return run


@dataclass(frozen=True, slots=True)
class PluginSite:
    """A folder on ``sys.path`` where tests install distributions by hand: modules, dist-info."""

    path: Path

    def add(
        self,
        distribution: str,
        version: str,
        players: dict[str, str],
        modules: dict[str, str] | None = None,
        *,
        entry_points: str | None = None,
    ) -> None:
        """Install ``distribution`` ``version`` registering ``players`` (name: object reference).

        ``entry_points`` replaces the text of its ``entry_points.txt``.
        """
        for name, source in (modules or {}).items():
            (self.path / f"{name}.py").write_text(source, encoding="utf-8")
        info = self.path / f"{distribution.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n", encoding="utf-8"
        )
        lines = "".join(f"{name} = {value}\n" for name, value in players.items())
        text = entry_points if entry_points is not None else f"[mygame.players]\n{lines}"
        (info / "entry_points.txt").write_text(text, encoding="utf-8")
        importlib.invalidate_caches()  # the folder's listing may be cached from a moment ago


@pytest.fixture
def plugin_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PluginSite]:
    """A fresh folder on ``sys.path`` for plugins installed by hand; forgotten after the test."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    yield PluginSite(site)
    for name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", None) or "").startswith(str(site)):
            del sys.modules[name]
