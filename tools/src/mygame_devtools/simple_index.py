"""What a package index already holds, read from its simple API (PEP 691 JSON or PEP 503 HTML).

twine's ``--skip-existing`` understands only PyPI and TestPyPI. To resume a publish
against any other index (pypiserver, devpi, a cloud registry), we ask the index
itself which files of a project it has, with their sha256, and upload only what is
missing. A file the index has under the same name with other contents is a
conflict: indexes never replace a file, so the version has to change.

Example::

    files = project_files("http://127.0.0.1:8080/simple/", "mygame-logic")
    files["mygame_logic-1.2.0-py3-none-any.whl"]  # -> "9f86d0..." (sha256)

The index is not trusted: every request has a connect/read timeout
(``MYGAME_NET_TIMEOUT``, 30 s) and a deadline for the whole of it
(``MYGAME_NET_DEADLINE``, 120 s); a page is read up to 20 MiB. The login of
twine's environment goes only to the index's own origin (scheme, host, port):
never along a redirect elsewhere, never to files hosted elsewhere.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import json
import math
import os
import socket
import ssl
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import IO

from packaging.utils import canonicalize_name

__all__ = [
    "KNOWN",
    "IndexReadError",
    "candidates",
    "env_seconds",
    "project_files",
    "redact",
    "simple_url_for",
]

_ACCEPT = (
    "application/vnd.pypi.simple.v1+json, "
    "application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1"
)
_MIB = 1024 * 1024
_WAIT = 30.0  # seconds for one connect or read: MYGAME_NET_TIMEOUT
_DEADLINE = 120.0  # seconds for one whole request: MYGAME_NET_DEADLINE
_PAGE_CAP = 20 * _MIB  # PyPI's largest project pages are a few MiB
_FILE_CAP = 200 * _MIB  # above PyPI's default file size limit (100 MiB)
_DEFAULT_PORTS = {"http": 80, "https": 443}

#: Upload endpoints whose simple API lives somewhere else.
KNOWN = {
    "https://upload.pypi.org/legacy/": "https://pypi.org/simple/",
    "https://test.pypi.org/legacy/": "https://test.pypi.org/simple/",
}
"""Upload endpoints whose simple API is known without asking: PyPI and TestPyPI."""


class IndexReadError(Exception):
    """The index could not be read (unreachable, refused, or an answer we cannot parse)."""


def redact(url: str) -> str:
    """Return ``url`` without any ``user:password@`` part, safe to print."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit(parts._replace(netloc=host))


def candidates(upload_url: str) -> list[str]:
    """Return the simple API URLs worth trying for ``upload_url``, most likely first.

    PyPI and TestPyPI are known. A URL ending in ``/legacy/`` (Warehouse, and
    registries that copy it) has ``/simple/`` beside it; otherwise the simple API is
    ``simple/`` below the upload URL (pypiserver, Artifactory, Nexus, GitLab) or
    ``+simple/`` (devpi).
    """
    url = upload_url if upload_url.endswith("/") else upload_url + "/"
    if url in KNOWN:
        return [KNOWN[url]]
    if url.endswith("/legacy/"):
        return [url.removesuffix("legacy/") + "simple/", url + "simple/"]
    return [url + "simple/", url + "+simple/"]


def simple_url_for(upload_url: str) -> str:
    """Guess the simple API of an upload URL: the most likely of its :func:`candidates`."""
    return candidates(upload_url)[0]


class _Links(HTMLParser):
    """Collect ``<a href>`` targets and texts of a PEP 503 project page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


def _auth_header() -> dict[str, str]:
    """Return Basic auth from twine's environment variables, for indexes that guard reads."""
    user, password = os.environ.get("TWINE_USERNAME"), os.environ.get("TWINE_PASSWORD")
    if not user or not password:
        return {}
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def env_seconds(name: str, default: float) -> float:
    """Return the positive, finite number of seconds in ``$name``, or ``default`` if unset.

    Raises ValueError, with a one-line message, for anything else.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not 0 < value < math.inf:
        msg = f"{name} must be a positive number of seconds, not {raw!r}"
        raise ValueError(msg)
    return value


@dataclass(frozen=True, slots=True)
class _Limits:
    wait: float  # one connect or one read
    deadline: float  # one whole request, redirects included

    @classmethod
    def from_env(cls) -> _Limits:
        try:
            return cls(
                env_seconds("MYGAME_NET_TIMEOUT", _WAIT),
                env_seconds("MYGAME_NET_DEADLINE", _DEADLINE),
            )
        except ValueError as error:
            raise IndexReadError(str(error)) from None


def _origin(url: str) -> tuple[str, str, int | None]:
    """Return the scheme, host and port of ``url``: what credentials are bound to."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port


def _site(url: str) -> str:
    """Return ``scheme://host:port`` of ``url``: the server to name in a message."""
    scheme, host, port = _origin(url)
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}" + (f":{port}" if port is not None else "")


class _SameOriginCredentials(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but drop the login on any that changes scheme, host or port.

    urllib forwards every header of the request to wherever a redirect points;
    pip and requests drop ``Authorization`` when the origin changes, and so do we.
    """

    def redirect_request(  # noqa: PLR0913, PLR0917 - urllib's signature
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and _origin(newurl) != _origin(req.full_url):
            for header in ("Authorization", "Cookie"):
                new.remove_header(header)
        return new


def _list_sockets(connection: http.client.HTTPConnection, sockets: list[socket.socket]) -> None:
    """Make ``connection`` add each socket it opens to ``sockets``, so a deadline can cut it."""

    def create(
        address: tuple[str, int],
        timeout: float | None = None,
        source_address: tuple[str, int] | None = None,
    ) -> socket.socket:
        sock = socket.create_connection(address, timeout, source_address)
        sockets.append(sock)
        return sock

    connection._create_connection = create  # type: ignore[attr-defined]  # noqa: SLF001 - http.client's hook


class _Watched(http.client.HTTPConnection):
    """An HTTP connection whose socket a deadline can cut."""

    def __init__(self, host: str, *, timeout: float, sockets: list[socket.socket]) -> None:
        super().__init__(host, timeout=timeout)
        _list_sockets(self, sockets)


class _WatchedTLS(http.client.HTTPSConnection):
    """An HTTPS connection whose plain socket a deadline can cut, even during the handshake."""

    def __init__(
        self,
        host: str,
        *,
        timeout: float,
        context: ssl.SSLContext | None,
        sockets: list[socket.socket],
    ) -> None:
        super().__init__(host, timeout=timeout, context=context)
        _list_sockets(self, sockets)


class _WatchedHandler(urllib.request.HTTPHandler, urllib.request.HTTPSHandler):
    """urllib's http and https handlers, opening watched connections."""

    def __init__(self, sockets: list[socket.socket]) -> None:
        super().__init__()
        self._sockets = sockets
        self._tls = ssl.create_default_context()

    # The connection classes take one keyword more than urllib's protocol for them names.
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_Watched, req, sockets=self._sockets)  # type: ignore[arg-type]

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_WatchedTLS, req, context=self._tls, sockets=self._sockets)  # type: ignore[arg-type]


def _read_capped(response: http.client.HTTPResponse, cap: int, url: str) -> bytes:
    body = response.read(cap + 1)
    if len(body) > cap:
        msg = f"{redact(url)} sent more than {cap // _MIB} MiB, far more than it should: stopped"
        raise IndexReadError(msg)
    return body


_Reply = tuple[bytes, str, str]


def _fetch(url: str, headers: dict[str, str], cap: int, limits: _Limits) -> _Reply:
    """GET ``url`` within ``limits``: (body, content type, final URL); HTTP errors raise."""
    sockets: list[socket.socket] = []
    opener = urllib.request.build_opener(_WatchedHandler(sockets), _SameOriginCredentials)
    request = urllib.request.Request(url, headers={"Accept": _ACCEPT, **headers})  # noqa: S310 - http(s) checked by _get
    outcome: list[_Reply | BaseException] = []

    def work() -> None:
        try:
            with opener.open(request, timeout=limits.wait) as response:
                body = _read_capped(response, cap, url)
                outcome.append((body, response.headers.get_content_type(), response.geturl()))
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            outcome.append(error)

    worker = threading.Thread(target=work, name=f"GET {redact(url)}", daemon=True)
    worker.start()
    worker.join(limits.deadline)
    if worker.is_alive() or not outcome:
        for sock in sockets:  # unblock the worker: it ends at once instead of at the next byte
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        msg = (
            f"the index at {_site(url)} stopped answering: no complete reply within "
            f"{limits.deadline:g} s (MYGAME_NET_DEADLINE); try again later, or check the URL"
        )
        raise IndexReadError(msg)
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _get(url: str, *, trusted: str, cap: int = _PAGE_CAP, login: bool = False) -> _Reply | None:
    """GET ``url``; return (body, content type, final URL), or None for 404.

    The login of twine's environment is sent only when the index asks for it and
    only to the ``trusted`` URL's origin (the index the user named).
    """
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        msg = f"{redact(url)}: only http and https index URLs are supported"
        raise IndexReadError(msg)
    limits = _Limits.from_env()
    headers = _auth_header() if login else {}
    try:
        return _fetch(url, headers, cap, limits)
    except urllib.error.HTTPError as error:
        error.close()  # its body is not wanted; leave no socket behind
        if error.code == 404:
            return None
        if error.code == 401 and not login and _origin(url) == _origin(trusted) and _auth_header():
            return _get(url, trusted=trusted, cap=cap, login=True)
        msg = f"{redact(url)} answered HTTP {error.code} {error.reason}"
        raise IndexReadError(msg) from None
    except TimeoutError:
        msg = (
            f"the index at {_site(url)} stopped answering: nothing for {limits.wait:g} s "
            "(MYGAME_NET_TIMEOUT); try again later, or check the URL"
        )
        raise IndexReadError(msg) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError):
            msg = f"the index at {_site(url)} stopped answering: no connection in {limits.wait:g} s"
        else:
            msg = f"cannot reach the index at {redact(url)}: {str(reason) or repr(reason)}"
        raise IndexReadError(msg) from None


def _sha256_of(url: str, trusted: str) -> str:
    """Download a file the index did not give a hash for, and hash it."""
    found = _get(url, trusted=trusted, cap=_FILE_CAP)
    if found is None:
        msg = f"{redact(url)} is listed by the index but cannot be downloaded (HTTP 404)"
        raise IndexReadError(msg)
    return hashlib.sha256(found[0]).hexdigest()


def _from_json(body: bytes, base: str, trusted: str) -> dict[str, str]:
    files: dict[str, str] = {}
    for entry in json.loads(body)["files"]:
        digest = entry.get("hashes", {}).get("sha256")
        files[entry["filename"]] = digest or _sha256_of(
            urllib.parse.urljoin(base, entry["url"]), trusted
        )
    return files


def _from_html(body: bytes, base: str, trusted: str) -> dict[str, str]:
    parser = _Links()
    parser.feed(body.decode("utf-8", errors="replace"))
    files: dict[str, str] = {}
    for href, text in parser.links:
        url, _, fragment = href.partition("#")
        name = text or urllib.parse.unquote(url.rsplit("/", 1)[-1])
        algo, _, digest = fragment.partition("=")
        files[name] = (
            digest
            if algo == "sha256" and digest
            else _sha256_of(urllib.parse.urljoin(base, url), trusted)
        )
    return files


def project_files(simple_url: str, project: str) -> dict[str, str]:
    """Map each file name the index holds for ``project`` to its sha256 (hex).

    An index that does not know the project yet gives an empty mapping.
    """
    base = simple_url if simple_url.endswith("/") else simple_url + "/"
    url = urllib.parse.urljoin(base, canonicalize_name(project) + "/")
    found = _get(url, trusted=base)
    if found is None:
        return {}
    body, content_type, final_url = found
    try:
        if content_type == "application/vnd.pypi.simple.v1+json":
            return _from_json(body, final_url, base)
        return _from_html(body, final_url, base)
    except (ValueError, KeyError, TypeError) as error:
        msg = f"cannot read the simple API page {redact(url)}: {error}"
        raise IndexReadError(msg) from None
