"""A second index on loopback for the tests: devpi-server (uploads at /user/index/, +simple/).

One server (offline: no PyPI mirror) per folder; each :class:`DevpiIndex` is a fresh
user with a password and a non-volatile index, made through devpi's HTTP API.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Protocol

from mygame_devtools.publish.servers import LocalIndexError, ServerProcess, free_port

__all__ = ["DevpiIndex", "DevpiServer", "PackageIndex"]

_START_TIMEOUT = 120.0  # generous: it returns as soon as devpi answers
# A throwaway server's secret needs no costly argon2: devpi's own (hidden) options, as its
# test suite sets them; user passwords are hashed as ever.
_TEST_SERVER_ARGON2 = (
    "--argon2-memory-cost",
    "8",
    "--argon2-time-cost",
    "1",
    "--argon2-parallelism",
    "1",
)
_ADDED = re.compile(r"added <Rel\.ReleaseFile: 'releasefile'> link (\S+)")


class PackageIndex(Protocol):
    """What the publishing tests need of an index on loopback, whichever server it is."""

    username: str
    port: int

    @property
    def upload_url(self) -> str: ...
    @property
    def simple_url(self) -> str: ...
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def stored(self) -> list[str]: ...


def _devpi(tool: str) -> str:
    """Return the devpi command beside this interpreter (where devpi-server is installed)."""
    found = shutil.which(tool, path=str(Path(sys.executable).parent))
    if found is None:
        msg = f"{tool} is not installed beside {sys.executable}: install devpi-server"
        raise LocalIndexError(msg)
    return found


class DevpiServer(ServerProcess):
    """devpi-server on 127.0.0.1, its data and log in ``folder``."""

    def __init__(self, folder: Path) -> None:
        """Prepare (not start) a server in ``folder``."""
        self.folder = folder
        self.serverdir = folder / "server"
        self.log_path = folder / "devpi-server.log"
        self.port = 0

    @property
    def url(self) -> str:
        """The server's root URL."""
        return f"http://127.0.0.1:{self.port}/"

    def _ours(self) -> bool:
        """Whether the server on our port is ours: its status names our server folder."""
        status_url = self.url + "+status"
        request = urllib.request.Request(status_url, headers={"Accept": "application/json"})  # noqa: S310 - loopback
        try:
            with urllib.request.urlopen(request, timeout=2) as answer:  # noqa: S310 - loopback
                status = json.loads(answer.read())
        except (urllib.error.URLError, OSError, ValueError):
            return False
        return bool(status.get("result", {}).get("serverdir") == str(self.serverdir))

    def start(self) -> None:
        """Initialise the server folder once, start the server on a free port, wait for it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if self._log is None:
            self._log = self.log_path.open("ab")
        if not self.serverdir.exists():
            subprocess.run(
                [_devpi("devpi-init"), "--serverdir", str(self.serverdir), "--no-root-pypi"],
                stdout=self._log, stderr=subprocess.STDOUT, check=True,
            )  # fmt: skip
        self.port = free_port()
        process = self._spawn([
            _devpi("devpi-server"), "--serverdir", str(self.serverdir),
            "--host", "127.0.0.1", "--port", str(self.port), "--offline-mode",
            *_TEST_SERVER_ARGON2,
        ])  # fmt: skip
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline and process.poll() is None:
            if self._ours():
                return
            time.sleep(0.2)
        self.stop()
        msg = f"devpi-server did not start on loopback; see {self.log_path}"
        raise LocalIndexError(msg)

    def api(self, method: str, path: str, body: dict[str, object], auth: tuple[str, str]) -> None:
        """Call devpi's JSON API (``PUT /user``, ``PUT /user/index``) as ``auth``."""
        token = base64.b64encode(":".join(auth).encode()).decode("ascii")
        request = urllib.request.Request(  # noqa: S310 - loopback
            self.url + path,
            data=json.dumps(body).encode(),
            method=method,
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": f"Basic {token}",
            },
        )
        with urllib.request.urlopen(request, timeout=30):  # noqa: S310 - loopback
            pass

    def new_index(self, username: str, password: str, name: str = "dev") -> DevpiIndex:
        """Create a user with ``password`` and a non-volatile index ``name`` of theirs."""
        self.api("PUT", username, {"password": password}, (username, password))
        index = {"type": "stage", "bases": [], "volatile": False}
        self.api("PUT", f"{username}/{name}", index, (username, password))
        return DevpiIndex(self, username, name)

    def stored(self) -> list[str]:
        """Every file path (``user/index/+f/.../name``) stored so far, in order."""
        if not self.log_path.is_file():
            return []
        return _ADDED.findall(self.log_path.read_text(encoding="utf-8", errors="replace"))


class DevpiIndex:
    """One user's index on a :class:`DevpiServer`: uploads need the user's password."""

    def __init__(self, server: DevpiServer, username: str, name: str) -> None:
        """Address ``username/name`` on ``server`` (see :meth:`DevpiServer.new_index`)."""
        self.server = server
        self.username = username
        self.name = name
        self.port = server.port

    @property
    def upload_url(self) -> str:
        """Where twine uploads: the index itself."""
        return f"http://127.0.0.1:{self.port}/{self.username}/{self.name}/"

    @property
    def simple_url(self) -> str:
        """Return the simple API of the index: devpi serves ``+simple/``, not ``simple/``."""
        return self.upload_url + "+simple/"

    def start(self) -> None:
        """Start the server again (same folder, same files), on a new port."""
        self.server.start()
        self.port = self.server.port

    def stop(self) -> None:
        """Stop the whole server, as a lost network would."""
        self.server.stop()

    def stored(self) -> list[str]:
        """Return the file names uploaded to this index so far, in order."""
        own = f"{self.username}/{self.name}/"
        return [path.rsplit("/", 1)[-1] for path in self.server.stored() if path.startswith(own)]
