"""Read an index's simple API (PEP 691 JSON, PEP 503 HTML): which files it has, with their sha256.

Ours because no client library bounds a whole read of an untrusted index in time and size.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import threading
import urllib.parse
from html.parser import HTMLParser
from typing import TYPE_CHECKING, NamedTuple

import requests
from packaging.utils import canonicalize_name

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

__all__ = [
    "KNOWN",
    "IndexReadError",
    "candidates",
    "env_seconds",
    "errno_reason",
    "find_simple_url",
    "probe",
    "project_files",
    "redact",
]

_JSON = "application/vnd.pypi.simple.v1+json"
_ACCEPT = f"{_JSON}, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1"
_HTML = {"application/vnd.pypi.simple.v1+html", "text/html"}
_MIB = 1024 * 1024
_PAGE_CAP = 20 * _MIB
_FILE_CAP = 200 * _MIB  # above PyPI's own file size limit
_SNIFF = 65536  # enough of a root page to recognise it
_REDIRECTS = 5
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
_ERRNO = re.compile(r"\[Errno -?\d+\] [^\"')]+")
_PORTS = {"http": 80, "https": 443}

KNOWN = {
    "https://upload.pypi.org/legacy/": "https://pypi.org/simple/",
    "https://test.pypi.org/legacy/": "https://test.pypi.org/simple/",
}
"""Upload endpoints whose simple API is known without asking: PyPI and TestPyPI."""


class IndexReadError(Exception):
    """The index could not be read: unreachable, refused, too slow, or not a simple API."""


class _Reply(NamedTuple):
    status: int
    body: bytes
    content_type: str
    url: str


def redact(url: str) -> str:
    """Return ``url`` without credentials or query: safe to print."""
    parts = urllib.parse.urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def errno_reason(text: str) -> str | None:
    """Return the ``[Errno N] why`` buried in a requests or urllib3 message, if any."""
    found = _ERRNO.search(text)
    return found[0] if found else None


def env_seconds(name: str, default: float) -> float:
    """Return the positive seconds in ``$name`` (``default`` if unset); else ValueError."""
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        value = math.nan
    if not 0 < value < math.inf:
        msg = f"{name} must be a positive number of seconds, not {raw!r}"
        raise ValueError(msg)
    return value


def _limits() -> tuple[float, float]:
    """One connect or read (MYGAME_NET_TIMEOUT), one whole request (MYGAME_NET_DEADLINE)."""
    try:
        return env_seconds("MYGAME_NET_TIMEOUT", 30.0), env_seconds("MYGAME_NET_DEADLINE", 120.0)
    except ValueError as error:
        raise IndexReadError(str(error)) from None


def _origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port: what the login is bound to."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _PORTS.get(scheme)
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port


def _login() -> tuple[str, str] | None:
    """Twine's environment login, for indexes that guard reads."""
    user, password = os.environ.get("TWINE_USERNAME"), os.environ.get("TWINE_PASSWORD")
    return (user, password) if user and password else None


def _fetch(
    url: str, login: tuple[str, str] | None, cap: int, wait: float, *, sniff: bool
) -> _Reply:
    """One GET; requests drops the login on a redirect to another origin."""
    with requests.Session() as session:
        session.max_redirects = _REDIRECTS
        headers = {"Accept": _ACCEPT}
        with session.get(url, headers=headers, auth=login, timeout=wait, stream=True) as answer:
            kind = answer.headers.get("Content-Type", "").partition(";")[0].strip().lower()
            body = bytearray()
            for chunk in answer.iter_content(65536) if answer.status_code == 200 else ():
                body += chunk
                if len(body) > cap and not sniff:
                    msg = f"{redact(url)} sent more than {cap // _MIB} MiB, far too much: stopped"
                    raise IndexReadError(msg)
                if len(body) > cap:
                    break
            return _Reply(answer.status_code, bytes(body[:cap]), kind, answer.url)


def _within(url: str, deadline: float, work: Callable[[], _Reply]) -> _Reply:
    """Run ``work`` in a thread; give up on it after ``deadline`` seconds (a drip never ends)."""
    outcome: list[_Reply | BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            outcome.append(error)

    worker = threading.Thread(target=run, name=f"GET {redact(url)}", daemon=True)
    worker.start()
    worker.join(deadline)
    if not outcome:
        msg = (
            f"the index at {redact(url)} stopped answering: no complete reply within "
            f"{deadline:g} s (MYGAME_NET_DEADLINE); try again later, or check the URL"
        )
        raise IndexReadError(msg)
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def _get(url: str, *, trusted: str, cap: int = _PAGE_CAP, sniff: bool = False) -> _Reply:
    """GET ``url``; the login goes only after a 401, and only to ``trusted``'s origin."""
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        msg = f"{redact(url)}: only http and https index URLs are supported"
        raise IndexReadError(msg)
    wait, deadline = _limits()
    login = None
    try:
        while True:
            reply = _within(url, deadline, lambda: _fetch(url, login, cap, wait, sniff=sniff))
            if reply.status != 401 or login or _origin(url) != _origin(trusted):
                return reply
            if (login := _login()) is None:
                return reply
    except requests.Timeout:
        msg = (
            f"the index at {redact(url)} stopped answering: nothing for {wait:g} s "
            "(MYGAME_NET_TIMEOUT); try again later, or check the URL"
        )
        raise IndexReadError(msg) from None
    except requests.TooManyRedirects:
        msg = f"{redact(url)} redirects more than {_REDIRECTS} times"
        raise IndexReadError(msg) from None
    except requests.RequestException as error:
        reason = errno_reason(str(error)) or type(error).__name__
        msg = f"cannot reach the index at {redact(url)}: {reason}"
        raise IndexReadError(msg) from None


class _Links(HTMLParser):
    """The ``<a href>`` targets and texts of a PEP 503 page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", ""

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, self._text.strip()))
            self._href = None


def _entries(reply: _Reply) -> list[tuple[str, str, str]]:
    """(file name, URL, sha256 or "") of each file a project page lists."""
    if reply.content_type == _JSON:
        entries = []
        for entry in json.loads(reply.body)["files"]:
            name, url = entry["filename"], entry["url"]
            digest = entry.get("hashes", {}).get("sha256") or ""
            if not all(isinstance(v, str) for v in (name, url, digest)):
                msg = "a file entry's filename, url or sha256 is not a string"
                raise TypeError(msg)
            entries.append((name, url, digest))
        return entries
    parser = _Links()
    parser.feed(reply.body.decode("utf-8", errors="replace"))
    entries = []
    for href, text in parser.links:
        url, _, fragment = href.partition("#")
        algo, _, digest = fragment.partition("=")
        name = text or urllib.parse.unquote(url.rsplit("/", 1)[-1])
        entries.append((name, url, digest if algo == "sha256" else ""))
    return entries


def project_files(simple_url: str, project: str, wanted: Collection[str] = ()) -> dict[str, str]:
    """Map each file the index holds for ``project`` to its sha256.

    A file the page gives no hash for is downloaded and hashed only if ``wanted``
    (ours); any other maps to "". An unknown project gives an empty mapping.
    """
    base = simple_url if simple_url.endswith("/") else simple_url + "/"
    url = urllib.parse.urljoin(base, canonicalize_name(project) + "/")
    reply = _get(url, trusted=base)
    if reply.status == 404:
        return {}
    if reply.status != 200:
        msg = f"{redact(url)} answered HTTP {reply.status}"
        raise IndexReadError(msg)
    try:
        entries = _entries(reply)
    except (ValueError, LookupError, TypeError, AttributeError, RecursionError) as error:
        why = " ".join(f"{type(error).__name__}: {error}".split())[:200]
        msg = f"cannot read the simple API page {redact(url)}: {why}"
        raise IndexReadError(msg) from None
    files: dict[str, str] = {}
    for name, href, listed in entries:
        if name in files:
            continue  # a page that lists one file many times gets one download
        if listed and not _SHA256.fullmatch(listed):
            msg = f"{redact(url)} gives {name!r} a malformed sha256"
            raise IndexReadError(msg)
        wanted_now = not listed and name in wanted
        digest = _sha256_of(urllib.parse.urljoin(reply.url, href), base) if wanted_now else listed
        files[name] = digest.lower()
    return files


def _sha256_of(url: str, trusted: str) -> str:
    reply = _get(url, trusted=trusted, cap=_FILE_CAP)
    if reply.status != 200:
        msg = f"{redact(url)} is listed by the index but cannot be downloaded (HTTP {reply.status})"
        raise IndexReadError(msg)
    return hashlib.sha256(reply.body).hexdigest()


def candidates(upload_url: str) -> list[str]:
    """Return the simple API URLs worth trying for ``upload_url``, most likely first.

    Warehouse copies serve ``/simple/`` beside ``/legacy/``; pypiserver, Artifactory,
    Nexus and GitLab ``simple/`` below the upload URL; devpi ``+simple/``.
    """
    url = upload_url if upload_url.endswith("/") else upload_url + "/"
    if url in KNOWN:
        return [KNOWN[url]]
    if url.endswith("/legacy/"):
        return [url.removesuffix("legacy/") + "simple/", url + "simple/"]
    return [url + "simple/", url + "+simple/"]


def probe(url: str) -> str | None:
    """Return None when ``url`` answers as a simple API root, else why not; raise if unreachable."""
    reply = _get(url, trusted=url, cap=_SNIFF, sniff=True)
    head = reply.body.lower()
    if reply.status != 200:
        return f"HTTP {reply.status}"
    if reply.content_type == _JSON and (b'"meta"' in head or b'"projects"' in head):
        return None
    if reply.content_type in _HTML and (b"<html" in head or b"<!doctype html" in head):
        return None
    return f"HTTP 200 but not a simple API page ({reply.content_type or 'no type'})"


def find_simple_url(
    upload_url: str, explicit: str | None = None, ask: Callable[[str], str | None] = probe
) -> str:
    """Return the simple API of ``upload_url`` (or check ``explicit``); raise when none answers."""
    tried = [explicit] if explicit else candidates(upload_url)
    if not explicit and tried[0] in KNOWN.values():
        return tried[0]
    answers: list[str] = []
    for url in tried:
        try:
            why = ask(url)
        except IndexReadError as error:  # the same server for every candidate: stop here
            msg = f"{error}. Nothing was uploaded."
            raise IndexReadError(msg) from None
        if why is None:
            return url
        answers.append(f"{redact(url)} ({why})")
    fix = "give it with --simple-url URL"
    if any(answer.endswith(("(HTTP 401)", "(HTTP 403)")) for answer in answers):
        fix = "check TWINE_USERNAME and TWINE_PASSWORD (or your keyring) for this index"
    if explicit:
        msg = f"the simple API given with --simple-url does not answer: {answers[0]}; "
        msg += "give the index's simple API root" if fix.startswith("give") else fix
    else:
        msg = (
            f"cannot find the simple API of {redact(upload_url)}: tried {', '.join(answers)}; {fix}"
        )
    raise IndexReadError(msg + ". Nothing was uploaded.")
