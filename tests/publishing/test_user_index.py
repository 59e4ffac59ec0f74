"""The sessions install third-party tools from the user's own index: a company mirror.

A loopback pypiserver holds the tools that ``nox -s build check`` needs and is the only
index pip and uv are told of, through the variables they read; every other host is
behind a proxy that does not answer. The sessions must pass, and the mirror's log must
show that the tools came from it.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import nox.project
import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = shutil.ignore_patterns(".nox", "dist", "__pycache__", ".venv", "site")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _tools_of_build_and_check() -> list[str]:
    """What the build and check sessions install: their groups, the backend, the tools' needs."""
    root = nox.project.load_toml(ROOT / "pyproject.toml")
    tools = tomllib.loads((ROOT / "tools" / "pyproject.toml").read_text(encoding="utf-8"))
    return [
        *nox.project.dependency_groups(root, "build", "check"),
        *tools["build-system"]["requires"],
        *tools["project"]["dependencies"],
        "editables~=0.3",  # what hatchling asks for to install tools/ editable
    ]


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A pypiserver on loopback holding the tools, filled with the user's own pip settings."""
    folder = tmp_path_factory.mktemp("mirror")
    download = [sys.executable, "-m", "pip", "download", "--quiet", "--dest", str(folder)]
    subprocess.run([*download, *_tools_of_build_and_check()], check=True, timeout=600)
    port, log = _free_port(), folder.parent / "mirror.log"
    with log.open("wb") as out:
        serve = [sys.executable, "-m", "pypiserver", "run", "-i", "127.0.0.1", "-p", str(port)]
        options = ["-vv", "--disable-fallback", "-a", ".", "-P", ".", str(folder)]
        server = subprocess.Popen([*serve, *options], stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/simple/"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield url, log
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_build_and_check_install_their_tools_from_the_users_mirror(
    mirror: tuple[str, Path], tmp_path: Path
) -> None:
    url, log = mirror
    tree = tmp_path / "repo"
    shutil.copytree(ROOT, tree, ignore=SKIPPED, symlinks=True)
    closed = f"http://127.0.0.1:{_free_port()}"  # a proxy that refuses: no other host answers
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_"))}
    env |= {
        "PIP_INDEX_URL": url,
        "UV_DEFAULT_INDEX": url,
        "PIP_CONFIG_FILE": os.devnull,  # this user's only settings are the variables
        "UV_NO_CONFIG": "1",
        "UV_CACHE_DIR": str(tmp_path / "uv-cache"),  # nothing from an earlier download
        "HTTP_PROXY": closed,
        "HTTPS_PROXY": closed,
        "ALL_PROXY": closed,
        "NO_PROXY": "127.0.0.1,localhost",
    }
    env.pop("VIRTUAL_ENV", None)
    proc = subprocess.run(
        [sys.executable, "-m", "nox", "-s", "build", "check"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    served = log.read_text(encoding="utf-8", errors="replace")
    for tool in ("build", "hatchling", "twine", "check_wheel_contents", "packaging"):
        # pypiserver logs the path, or the whole URL, by version: either names the file
        fetched = re.search(rf"GET (?:http://[^/ ]+)?/packages/{tool}-[0-9]", served)
        assert fetched, f"{tool} was not downloaded from the mirror"
