"""One hermetic environment: the tools, the docs runner and .ci/run all use the same list."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mygame_devtools.docs import runner
from mygame_devtools.hermetic import DROPPED, SETTINGS, hermetic_env

if TYPE_CHECKING:
    import pytest

REPO = Path(__file__).resolve().parents[2]
HERMETIC_PY = REPO / "tools" / "src" / "mygame_devtools" / "hermetic.py"
LEAKS = dict.fromkeys(DROPPED, "leaked")


def leak(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in LEAKS.items():
        monkeypatch.setenv(name, value)


def test_hermetic_env_drops_every_listed_variable_and_sets_the_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    leak(monkeypatch)
    env = hermetic_env()
    assert not set(DROPPED) & env.keys()
    assert env | SETTINGS == env


def test_ci_run_gets_the_same_list_from_the_module_run_as_a_plain_file() -> None:
    """``.ci/run`` evals what the module prints, before anything is installed."""
    script = f'eval "$({sys.executable} -I {HERMETIC_PY} --shell)"; env'
    proc = subprocess.run(
        ["bash", "-c", script],
        env={**os.environ, **LEAKS},
        capture_output=True,
        text=True,
        check=True,
    )
    env = dict(line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)
    assert not set(DROPPED) & env.keys()
    assert {k: env[k] for k in SETTINGS} == SETTINGS
    ci_run = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 tools/src/mygame_devtools/hermetic.py --shell" in ci_run


def test_the_module_refuses_other_arguments() -> None:
    proc = subprocess.run(
        [sys.executable, "-I", str(HERMETIC_PY)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("usage: hermetic.py --shell")
    assert not proc.stdout


def test_the_docs_runner_pages_get_the_hermetic_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    leak(monkeypatch)
    env = runner._environment(tmp_path / "home", tmp_path)
    assert not set(DROPPED) & env.keys()
    assert {k: env[k] for k in SETTINGS} == SETTINGS
