"""Read an index's simple API (PEP 691 JSON, PEP 503 HTML): which files it has, with their sha256.

Ours because no client library bounds a whole read of an untrusted index in time and size.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import threading
import urllib.parse
from concurrent.futures import Future
from html.parser import HTMLParser
from typing import TYPE_CHECKING

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
    "project_files",
    "redact",
]

_JSON = "application/vnd.pypi.simple.v1+json"
_TYPES = {_JSON, "application/vnd.pypi.simple.v1+html", "text/html"}
_ACCEPT = {"Accept": f"{_JSON}, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1"}
_MIB = 1024 * 1024
_PAGE_CAP, _FILE_CAP = 20 * _MIB, 200 * _MIB  # a file may be as large as PyPI allows
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
_ERRNO = re.compile(r"\[Errno -?\d+\] [^\"')]+")
_Reply = tuple[int, bytes, str, str]  # status, body, content type, final URL

KNOWN = {
    "https://upload.pypi.org/legacy/": "https://pypi.org/simple/",
    "https://test.pypi.org/legacy/": "https://test.pypi.org/simple/",
}
"""Upload endpoints whose simple API is known without asking: PyPI and TestPyPI."""


class IndexReadError(Exception):
    """The index could not be read: unreachable, refused, too slow, or not a simple API."""


def redact(url: str) -> str:
    """Return ``url`` without credentials or query: safe to print."""
    parts = urllib.parse.urlsplit(url)
    return parts._replace(netloc=parts.netloc.rpartition("@")[2], query="", fragment="").geturl()


def errno_reason(text: str) -> str | None:
    """Return the ``[Errno N] why`` buried in a requests or urllib3 message, if any."""
    return found[0] if (found := _ERRNO.search(text)) else None


def env_seconds(name: str, default: float) -> float:
    """Return the positive seconds in ``$name`` (``default`` if unset); else ValueError."""
    raw = os.environ.get(name, "").strip()
    with contextlib.suppress(ValueError):
        if 0 < (value := float(raw or default)) < math.inf:
            return value
    msg = f"{name} must be a positive number of seconds, not {raw!r}"
    raise ValueError(msg)


_SILENCE = 15.0  # seconds without a byte before a read gives up, as pip's --timeout


def _fetch(url: str, login: tuple[str, str] | None, cap: int, wait: float) -> _Reply:
    """One GET, reading at most ``cap`` bytes; requests drops the login on a redirect elsewhere."""
    try:
        silence = min(wait, _SILENCE)  # a server that says nothing fails soon; a drip, at `wait`
        with requests.get(url, headers=_ACCEPT, auth=login, timeout=silence, stream=True) as answer:
            body = bytearray()
            for chunk in answer.iter_content(65536) if answer.status_code == 200 and cap else ():
                body += chunk
                if len(body) > cap:
                    msg = f"{redact(url)} sent more than {cap // _MIB} MiB, far too much: stopped"
                    raise IndexReadError(msg)
            kind = answer.headers.get("Content-Type", "").partition(";")[0].strip().lower()
            return answer.status_code, bytes(body), kind, answer.url
    except requests.RequestException as error:  # requests refuses any scheme but http(s) too
        reason = errno_reason(str(error)) or type(error).__name__
        if isinstance(error, requests.Timeout):
            reason = f"no answer within {silence:g} s"
        msg = f"cannot reach the index at {redact(url)}: {reason}"
        raise IndexReadError(msg) from None


def _get(url: str, *, trusted: str, cap: int = _PAGE_CAP) -> _Reply:
    """GET ``url`` in a thread given up at the deadline; twine's login: after a 401, to ``trusted``.

    A drip would never end. ``trusted``'s origin is the only one that gets the login.
    """
    try:
        deadline = env_seconds("MYGAME_NET_DEADLINE", 120)
    except ValueError as error:
        raise IndexReadError(str(error)) from None
    outcome: Future[_Reply] = Future()

    def run() -> None:
        try:
            reply = _fetch(url, None, cap, deadline)
            login = (os.environ.get("TWINE_USERNAME", ""), os.environ.get("TWINE_PASSWORD", ""))
            ours = urllib.parse.urlsplit(url)[:2] == urllib.parse.urlsplit(trusted)[:2]
            if reply[0] == 401 and all(login) and ours:
                reply = _fetch(url, login, cap, deadline)
            outcome.set_result(reply)
        except Exception as error:  # noqa: BLE001 - raised again by outcome.result()
            outcome.set_exception(error)

    threading.Thread(target=run, daemon=True).start()
    try:
        return outcome.result(timeout=deadline)
    except TimeoutError:
        msg = f"the index at {redact(url)} stopped answering: no complete reply within"
        msg += f" {deadline:g} s (MYGAME_NET_DEADLINE); try again later, or check the URL"
        raise IndexReadError(msg) from None


class _Links(HTMLParser):
    """The ``<a href>`` targets of a PEP 503 page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")


def _entries(content_type: str, body: bytes) -> list[tuple[str, str, str]]:
    """(file name, URL, sha256 or "") of each file listed; a link's name ends its URL, as in pip."""
    if content_type == _JSON:
        files = json.loads(body)["files"]
        entries = [
            (f["filename"], f["url"], f.get("hashes", {}).get("sha256") or "") for f in files
        ]
    else:
        (parser := _Links()).feed(body.decode("utf-8", errors="replace"))
        entries = []
        for href in parser.hrefs:
            url, _, fragment = href.partition("#")
            name = urllib.parse.unquote(urllib.parse.urlsplit(url).path.rpartition("/")[2])
            algo, _, digest = fragment.partition("=")
            entries.append((name, url, digest if algo == "sha256" else ""))
    if not all(isinstance(value, str) for entry in entries for value in entry):
        msg = "a file entry's filename, url or sha256 is not a string"
        raise TypeError(msg)
    return entries


def project_files(simple_url: str, project: str, wanted: Collection[str] = ()) -> dict[str, str]:
    """Map each file the index has of ``project`` to its sha256 ({} for an unknown project).

    Of the files listed without one, only ours (``wanted``) are downloaded and hashed.
    """
    base = simple_url if simple_url.endswith("/") else simple_url + "/"
    url = urllib.parse.urljoin(base, canonicalize_name(project) + "/")
    status, body, content_type, final_url = _get(url, trusted=base)
    if status == 404:
        return {}
    if status != 200:
        msg = f"{redact(url)} answered HTTP {status}"
        raise IndexReadError(msg)
    try:
        entries = _entries(content_type, body)
    except (ValueError, LookupError, TypeError, AttributeError, RecursionError) as error:
        why = " ".join(f"{type(error).__name__}: {error}".split())[:200]
        msg = f"cannot read the simple API page {redact(url)}: {why}"
        raise IndexReadError(msg) from None
    files: dict[str, str] = {}
    for name, href, listed in entries:
        if listed and not _SHA256.fullmatch(listed):
            msg = f"{redact(url)} gives {name!r} a malformed sha256"
            raise IndexReadError(msg)
        if name in files or listed or name not in wanted:
            files.setdefault(name, listed.lower())
            continue
        got = _get(urllib.parse.urljoin(final_url, href), trusted=base, cap=_FILE_CAP)
        if got[0] != 200:
            msg = f"{redact(url)} lists {name!r} but it cannot be downloaded (HTTP {got[0]})"
            raise IndexReadError(msg)
        files[name] = hashlib.sha256(got[1]).hexdigest()
    return files


def candidates(upload_url: str) -> list[str]:
    """Return the simple API URLs worth trying for ``upload_url``, most likely first.

    Warehouse: ``simple/`` beside ``legacy/``; pypiserver, Artifactory, Nexus: below; devpi.
    """
    url = upload_url if upload_url.endswith("/") else upload_url + "/"
    if url in KNOWN:
        return [KNOWN[url]]
    if url.endswith("/legacy/"):
        return [url.removesuffix("legacy/") + "simple/", url + "simple/"]
    return [url + "simple/", url + "+simple/"]


def _probe(url: str) -> str | None:
    """Return None when ``url`` answers as a simple API root, else why not; raise if unreachable."""
    status, _, content_type, _ = _get(url, trusted=url, cap=0)
    if status != 200:
        return f"HTTP {status}"
    return None if content_type in _TYPES else f"HTTP 200 but {content_type or 'no type'}"


def find_simple_url(
    upload_url: str, explicit: str | None = None, ask: Callable[[str], str | None] = _probe
) -> str:
    """Return the simple API of ``upload_url`` (or check ``explicit``); raise when none answers."""
    tried = [explicit] if explicit else candidates(upload_url)
    if not explicit and tried[0] in KNOWN.values():
        return tried[0]
    answers = []
    for url in tried:
        try:
            if (why := ask(url)) is None:
                return url
        except IndexReadError as error:  # the same server for every candidate: stop here
            msg = f"{error}. Nothing was uploaded."
            raise IndexReadError(msg) from None
        answers.append(f"{redact(url)} ({why})")
    fix = "give the index's simple API root" if explicit else "give it with --simple-url URL"
    if any(answer.endswith(("(HTTP 401)", "(HTTP 403)")) for answer in answers):
        fix = "check TWINE_USERNAME and TWINE_PASSWORD (or your keyring) for this index"
    msg = f"cannot find the simple API of {redact(upload_url)}: tried {', '.join(answers)}"
    if explicit:
        msg = f"the simple API given with --simple-url does not answer: {answers[0]}"
    raise IndexReadError(msg + f"; {fix}. Nothing was uploaded.")
