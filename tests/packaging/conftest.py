"""Fixtures for the packaging tests: built artifacts and fresh environments.

The tests install the built wheels with real pip and uv into fresh virtual
environments, hermetically: no pip or uv configuration of this machine applies,
and the only place packages come from is the folder under test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.fixtures import dist_dir
from helpers.installers import Env, make_env
from mygame_devtools.hermetic import hermetic_env

__all__ = ["dist_dir", "fresh_env", "pip_env", "wheelhouse"]


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Wheels of the build backend, for editable installs without an index.

    nox downloads them before the tests (``$MYGAME_WHEELHOUSE``), so the tests
    themselves never reach an index.
    """
    given = os.environ.get("MYGAME_WHEELHOUSE")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("wheelhouse")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--dest", str(out), "hatchling"],
        capture_output=True,
        text=True,
        env=hermetic_env(),
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"no wheelhouse: set MYGAME_WHEELHOUSE or allow pip download: {proc.stderr}")
    return out


@pytest.fixture(params=["pip", "uv"])
def fresh_env(request: pytest.FixtureRequest, tmp_path: Path) -> Env:
    """A fresh virtual environment, once filled by pip and once by uv."""
    installer: str = request.param
    if installer == "uv" and shutil.which("uv") is None:
        pytest.fail("uv is not on PATH: install the 'packaging' dependency group")
    return make_env(tmp_path / f"venv-{installer}", installer)


@pytest.fixture
def pip_env(tmp_path: Path) -> Env:
    """A fresh virtual environment filled by pip."""
    return make_env(tmp_path / "venv-pip", "pip")
