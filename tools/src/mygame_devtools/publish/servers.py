"""pypiserver on loopback, with a password, on a free port: stopped whatever happens.

The demo, the docs runner and the tests need a real index, and no network.
Ours: pypiserver has no API to start on a free port and say which; this reads its log.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
import socket
import subprocess
import sys
import time
from typing import IO, TYPE_CHECKING, Self

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["LocalIndex", "LocalIndexError", "ServerProcess", "free_port"]

_STORED = re.compile(r"stored '([^']+)'")


class LocalIndexError(Exception):
    """The local index could not be started."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """A server process with a log file; subclasses set ``log_path`` and define :meth:`start`."""

    log_path: Path
    _process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = None

    def start(self) -> None:
        """Start the server and wait until it answers."""
        raise NotImplementedError

    def _spawn(self, cmd: list[str]) -> subprocess.Popen[bytes]:
        self._log = self._log or self.log_path.open("ab")
        self._process = subprocess.Popen(
            cmd, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        return self._process

    def stop(self) -> None:
        """Stop the server: terminate it, and kill it if it lingers."""
        process, self._process = self._process, None
        if process is not None:  # each call does nothing once the process has ended
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
            process.kill()
            process.wait()

    @property
    def running(self) -> bool:
        """Whether the server process is alive."""
        return self._process is not None and self._process.poll() is None

    def __enter__(self) -> Self:
        """Start the server; stop it again if starting fails."""
        try:
            self.start()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *_: object) -> None:
        """Stop the server and close its log, whatever happened inside the block."""
        self.stop()
        if self._log is not None:
            self._log.close()
            self._log = None


class LocalIndex(ServerProcess):
    """pypiserver serving ``folder/packages`` on 127.0.0.1; uploads need the password."""

    def __init__(self, folder: Path, username: str, password: str) -> None:
        """Prepare (not start) an index in ``folder`` with one user."""
        self.folder, self.packages = folder, folder / "packages"
        self.log_path, self.username, self._password = folder / "pypiserver.log", username, password
        self.port = 0

    @property
    def upload_url(self) -> str:
        """Where twine uploads: pypiserver takes uploads at its root."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def simple_url(self) -> str:
        """Its PEP 503 simple API."""
        return f"{self.upload_url}simple/"

    def start(self) -> None:
        """Start the server on a port the system picks, and wait until it says which."""
        self.packages.mkdir(parents=True, exist_ok=True)
        # Apache's {SHA} form, which pypiserver's passlib reads: the password is random and
        # thrown away with the folder.
        digest = hashlib.sha1(self._password.encode(), usedforsecurity=False).digest()
        htpasswd = self.folder / "htpasswd"
        htpasswd.write_text(f"{self.username}:{{SHA}}{base64.b64encode(digest).decode()}", "utf-8")
        seen = self.log_path.stat().st_size if self.log_path.is_file() else 0  # earlier runs
        process = self._spawn([
            sys.executable, "-m", "pypiserver", "run",  # on waitress, which logs its port:
            "--interface", "127.0.0.1", "--port", "0",  # no race for a free one
            "--passwords", str(htpasswd), "--authenticate", "update",
            "--disable-fallback",  # never send pip to PyPI for a project it lacks
            "-v",  # log each stored file: the upload order can be read back
            str(self.packages),
        ])  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            log = self.log_path.read_bytes()[seen:]
            if serving := re.search(rb"Serving on http://127\.0\.0\.1:(\d+)", log):
                self.port = int(serving[1])
                return
            time.sleep(0.1)
        self.stop()
        msg = f"pypiserver (with waitress) did not start on loopback; see {self.log_path}"
        raise LocalIndexError(msg)

    def stored(self) -> list[str]:
        """Return the files uploaded so far, in the order the server stored them."""
        log = self.log_path.read_text("utf-8", "replace") if self.log_path.is_file() else ""
        return _STORED.findall(log)
