"""Fixtures for the publishing tests: built artifacts, a real pypiserver on loopback, real twine.

Every index here is pypiserver on 127.0.0.1 in a temporary folder, started with a
password (tools/local_index.py, the same one the demo uses). pip and twine run
hermetically: no pip configuration of this machine applies, no keyring is asked,
and the only index they see is the one under test.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools"
sys.path.insert(0, str(TOOLS))

from local_index import LocalIndex  # noqa: E402 - tools/ is a folder of scripts

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

_DROPPED = ("PIP_FIND_LINKS", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_CONSTRAINT")


def hermetic_env(**extra: str) -> dict[str, str]:
    """This process's environment without pip configuration, twine credentials or keyring."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in _DROPPED and not k.startswith(("TWINE_", "UV_")) and k != "VIRTUAL_ENV"
    }
    env |= {
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_INPUT": "1",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }
    return env | extra


@pytest.fixture(scope="session")
def dist_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built artifacts: ``$MYGAME_DIST_DIR`` (set by nox), or a fresh build."""
    given = os.environ.get("MYGAME_DIST_DIR")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, str(TOOLS / "build_dists.py"), str(out)], check=True)
    return out


@pytest.fixture
def hermetic() -> dict[str, str]:
    """The environment for pip and twine in these tests (see :func:`hermetic_env`)."""
    return hermetic_env()


@pytest.fixture
def index_password() -> str:
    """The password of the ``index`` fixture's only user."""
    return secrets.token_urlsafe(16)


@pytest.fixture
def index(tmp_path: Path, index_password: str) -> Iterator[LocalIndex]:
    """A fresh, empty pypiserver on loopback; uploads need ``index.username`` and its password."""
    with LocalIndex(tmp_path / "index", "tester", index_password) as server:
        yield server


@pytest.fixture
def run_publish(
    dist_dir: Path, index_password: str
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``tools/publish.py`` against an index as a user would, with twine's env credentials."""

    def run(
        index: LocalIndex,
        *args: str,
        password: str | None = None,
        dists: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        env = hermetic_env(
            TWINE_USERNAME=index.username,
            TWINE_PASSWORD=password if password is not None else index_password,
        )
        return subprocess.run(
            [
                sys.executable, str(TOOLS / "publish.py"),
                "--repository-url", index.upload_url,
                "--dist-dir", str(dists or dist_dir), *args,
            ],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip

    return run
