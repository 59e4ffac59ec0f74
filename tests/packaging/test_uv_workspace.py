"""The uv workspace: uv.lock is current; uv builds the same files as the build session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from mygame_devtools.workspace import load_workspace

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DISTRIBUTIONS = load_workspace(ROOT)


def uv(*args: str, **env: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "uv", *args],
        cwd=ROOT,
        env=os.environ | env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_lock_is_current_and_gives_one_namespace_with_the_command(tmp_path: Path) -> None:
    env = {"UV_PROJECT_ENVIRONMENT": str(tmp_path / "env")}
    uv("sync", "--locked", "--all-packages", **env)
    assert uv("run", "--locked", "--all-packages", "mygame", "--version", **env).strip()
    imports = "; ".join(f"import {d.package}" for d in DISTRIBUTIONS)
    uv("run", "--locked", "--all-packages", "python", "-c", imports, **env)


def test_uv_build_makes_the_files_of_the_build_session(tmp_path: Path, dist_dir: Path) -> None:
    out = tmp_path / "uv-build"
    uv("build", "--all-packages", "--out-dir", str(out), UV_NO_CACHE="1")
    compare = [sys.executable, "-m", "mygame_devtools.checks.compare", str(dist_dir), str(out)]
    proc = subprocess.run(
        [*compare, "--only", *(d.name for d in DISTRIBUTIONS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
