"""Fixtures for the publishing tests: built artifacts, real indexes on loopback, real twine.

The ``index`` and ``published`` fixtures are each of two servers, so every test that
uses them runs twice: pypiserver (mygame_devtools.publish.servers, the demo's; uploads at
its root, ``simple/``) and devpi-server (helpers.devpi; uploads at ``/user/index/``,
``+simple/``), both on 127.0.0.1 in a temporary folder with a password. pip and twine run
hermetically: no pip configuration of this machine applies, no keyring is asked, and the
only index they see is the one under test.
"""

from __future__ import annotations

import contextlib
import secrets
import subprocess
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from helpers.devpi import DevpiServer, PackageIndex
from helpers.fixtures import dist_dir
from mygame_devtools.hermetic import hermetic_env as _hermetic_env
from mygame_devtools.publish.servers import LocalIndex

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

__all__ = [
    "SERVERS",
    "Published",
    "devpi_server",
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


SERVERS = ["pypiserver", "devpi"]


@pytest.fixture(scope="session")
def devpi_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevpiServer]:
    """One devpi-server for the session (slow to start); each test gets an index of its own."""
    with DevpiServer(tmp_path_factory.mktemp("devpi")) as server:
        yield server


def _fresh_index(
    request: pytest.FixtureRequest, folder: Path, password: str
) -> contextlib.AbstractContextManager[PackageIndex]:
    """A new, empty index of the server ``request.param`` names, with one user."""
    if request.param == "pypiserver":
        return LocalIndex(folder, "tester", password)
    server: DevpiServer = request.getfixturevalue("devpi_server")
    if not server.running:
        server.start()  # a test stopped it on purpose (a lost index)
    return contextlib.nullcontext(server.new_index(f"tester{secrets.token_hex(4)}", password))


@pytest.fixture(params=SERVERS)
def index(
    request: pytest.FixtureRequest, tmp_path: Path, index_password: str
) -> Iterator[PackageIndex]:
    """A fresh, empty index on loopback; uploads need ``index.username`` and its password."""
    with _fresh_index(request, tmp_path / "index", index_password) as server:
        yield server


def publish_to(
    index: PackageIndex, password: str, dist_dir: Path, *args: str
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
        index: PackageIndex,
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

    index: PackageIndex
    password: str
    dist_dir: Path
    run: subprocess.CompletedProcess[str]

    def again(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Publish to the same index once more, as the same user."""
        return publish_to(self.index, self.password, self.dist_dir, *args)


@pytest.fixture(scope="module", params=SERVERS)
def published(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, dist_dir: Path
) -> Iterator[Published]:
    """One index of each server with all three distributions published by the publish tool."""
    password = secrets.token_urlsafe(16)
    with _fresh_index(request, tmp_path_factory.mktemp("published"), password) as server:
        yield Published(server, password, dist_dir, publish_to(server, password, dist_dir))
