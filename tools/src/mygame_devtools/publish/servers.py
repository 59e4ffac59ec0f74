"""pypiserver on loopback, with a password, on a free port: stopped whatever happens.

The demo, the docs runner and the tests need a real index without any network.

Example::

    with LocalIndex(tmp / "index", "demo", password) as index:
        print(index.upload_url, index.simple_url)
"""

from __future__ import annotations

import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from typing import IO, TYPE_CHECKING, Self

if TYPE_CHECKING:
    from pathlib import Path
    from types import TracebackType

__all__ = ["LocalIndex", "LocalIndexError", "ServerProcess", "free_port"]

_STORED = re.compile(r"stored '([^']+)'")


class LocalIndexError(Exception):
    """The local index could not be started."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ServerProcess:
    """A server process with a log file; subclasses set ``log_path`` and define :meth:`start`."""

    log_path: Path
    _process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = None

    def start(self) -> None:
        """Start the server and wait until it answers."""
        raise NotImplementedError

    def _spawn(self, cmd: list[str]) -> subprocess.Popen[bytes]:
        if self._log is None:
            self._log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            cmd, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        return self._process

    def stop(self) -> None:
        """Stop the server: terminate it, and kill it if it lingers."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    @property
    def running(self) -> bool:
        """Whether the server process is alive."""
        return self._process is not None and self._process.poll() is None

    def __enter__(self) -> Self:
        """Start the server."""
        try:
            self.start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server and close its log, whatever happened inside the block."""
        self.stop()
        if self._log is not None:
            self._log.close()
            self._log = None


class LocalIndex(ServerProcess):
    """pypiserver serving ``folder/packages`` on 127.0.0.1; uploads need the password."""

    def __init__(self, folder: Path, username: str, password: str) -> None:
        """Prepare (not start) an index in ``folder`` with one user."""
        self.folder = folder
        self.packages = folder / "packages"
        self.log_path = folder / "pypiserver.log"
        self.username = username
        self._password = password
        self.port = 0

    @property
    def upload_url(self) -> str:
        """Where twine uploads: pypiserver takes uploads at its root."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def simple_url(self) -> str:
        """Its PEP 503 simple API."""
        return f"http://127.0.0.1:{self.port}/simple/"

    def _answers_with(self, token: str) -> bool:
        """Whether *our* server answers: another process may take the port before it binds."""
        try:
            with urllib.request.urlopen(self.upload_url, timeout=2) as page:  # noqa: S310 - loopback
                return token in page.read().decode("utf-8", errors="replace")
        except (urllib.error.URLError, OSError):
            return False

    def start(self) -> None:
        """Start the server on a free port (three tries) and wait until it answers."""
        self.packages.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings():  # passlib imports the deprecated `crypt` before 3.13
            warnings.simplefilter("ignore", DeprecationWarning)
            from passlib.apache import HtpasswdFile  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: PLC0415 - only where an index starts
        htpasswd = HtpasswdFile(str(self.folder / "htpasswd"), new=True)
        htpasswd.set_password(self.username, self._password)
        htpasswd.save()
        token = secrets.token_hex(8)
        welcome = self.folder / "welcome.html"
        welcome.write_text(f"mygame local index {token}\n", encoding="utf-8")
        for _ in range(3):
            self.port = free_port()
            process = self._spawn([
                sys.executable, "-m", "pypiserver", "run",
                "--interface", "127.0.0.1", "--port", str(self.port),
                "--passwords", str(self.folder / "htpasswd"), "--authenticate", "update",
                "--disable-fallback",  # never send pip to PyPI for a project it lacks
                "-v",  # log each stored file: the upload order can be read back
                "--welcome", str(welcome), str(self.packages),
            ])  # fmt: skip
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and process.poll() is None:
                if self._answers_with(token):
                    return
                time.sleep(0.1)
            self.stop()
        msg = f"pypiserver did not start on loopback; see {self.log_path}"
        raise LocalIndexError(msg)

    def stored(self) -> list[str]:
        """Return the files uploaded so far, in the order the server stored them."""
        if not self.log_path.is_file():
            return []
        return _STORED.findall(self.log_path.read_text(encoding="utf-8", errors="replace"))
