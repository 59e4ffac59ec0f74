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

# Tests run from outside the tree with --import-mode=importlib: make this folder's
# helpers and the workspace tools importable by name.
sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).resolve().parents[2] / "tools")]

from build_dists import build_all  # noqa: E402
from hermetic import hermetic_env  # noqa: E402
from installers import Env, make_env  # noqa: E402


@pytest.fixture(scope="session")
def dist_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built artifacts: ``$MYGAME_DIST_DIR`` (set by nox), or a fresh build."""
    given = os.environ.get("MYGAME_DIST_DIR")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("dist")
    build_all(out)
    return out


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
