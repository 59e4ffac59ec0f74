"""Fixtures for the publishing tests: built artifacts, a real pypiserver on loopback, real twine.

Every index here is pypiserver on 127.0.0.1 in a temporary folder, started with a
password (mygame_devtools.local_index, the same one the demo uses). pip and twine run
hermetically: no pip configuration of this machine applies, no keyring is asked,
and the only index they see is the one under test.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from mygame_devtools.fixtures import dist_dir
from mygame_devtools.hermetic import hermetic_env as _hermetic_env
from mygame_devtools.local_index import LocalIndex

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

__all__ = [
    "Published",
    "dist_dir",
    "hermetic",
    "hermetic_env",
    "index",
    "index_password",
    "publish_to",
    "published",
    "run_publish",
]


def hermetic_env(**extra: str) -> dict[str, str]:
    """The hermetic environment of mygame_devtools.hermetic, with no keyring to ask."""
    return _hermetic_env(PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring", **extra)


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


def publish_to(
    index: LocalIndex, password: str, dist_dir: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m mygame_devtools.publish`` against ``index`` as a user would.

    twine gets the credentials from the environment, as in CI.
    """
    env = hermetic_env(TWINE_USERNAME=index.username, TWINE_PASSWORD=password)
    return subprocess.run(
        [
            sys.executable, "-m", "mygame_devtools.publish",
            "--repository-url", index.upload_url, "--dist-dir", str(dist_dir), *args,
        ],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip


@pytest.fixture
def run_publish(
    dist_dir: Path, index_password: str
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Publish to an index: ``run_publish(index, *args, password=..., dists=...)``."""

    def run(
        index: LocalIndex,
        *args: str,
        password: str | None = None,
        dists: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        return publish_to(
            index, index_password if password is None else password, dists or dist_dir, *args
        )

    return run


@dataclass(frozen=True, slots=True)
class Published:
    """An index that one full publish went to, shared by the tests that only read it."""

    index: LocalIndex
    password: str
    dist_dir: Path
    run: subprocess.CompletedProcess[str]

    def again(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Publish to the same index once more, as the same user."""
        return publish_to(self.index, self.password, self.dist_dir, *args)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, dist_dir: Path) -> Iterator[Published]:
    """One pypiserver with all three distributions published to it by the publish tool."""
    password = secrets.token_urlsafe(16)
    with LocalIndex(tmp_path_factory.mktemp("published"), "tester", password) as server:
        yield Published(server, password, dist_dir, publish_to(server, password, dist_dir))
