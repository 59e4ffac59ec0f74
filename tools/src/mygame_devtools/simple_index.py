"""What a package index already holds, read from its simple API (PEP 691 JSON or PEP 503 HTML).

twine's ``--skip-existing`` understands only PyPI and TestPyPI. To resume a publish
against any other index (pypiserver, devpi, a cloud registry), we ask the index
itself which files of a project it has, with their sha256, and upload only what is
missing. A file the index has under the same name with other contents is a
conflict: indexes never replace a file, so the version has to change.

Example::

    files = project_files("http://127.0.0.1:8080/simple/", "mygame-logic")
    files["mygame_logic-1.2.0-py3-none-any.whl"]  # -> "9f86d0..." (sha256)
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

from packaging.utils import canonicalize_name

__all__ = ["IndexReadError", "project_files", "redact", "simple_url_for"]

_ACCEPT = (
    "application/vnd.pypi.simple.v1+json, "
    "application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1"
)
_TIMEOUT = 30

#: Upload endpoints whose simple API lives somewhere else.
_KNOWN_SIMPLE = {
    "https://upload.pypi.org/legacy/": "https://pypi.org/simple/",
    "https://test.pypi.org/legacy/": "https://test.pypi.org/simple/",
}


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


def simple_url_for(upload_url: str) -> str:
    """Guess the simple API of an upload URL.

    PyPI and TestPyPI are known. A URL ending in ``/legacy/`` (Warehouse, and
    registries that copy it) has ``/simple/`` beside it; otherwise (pypiserver)
    the simple API is ``simple/`` below the upload URL. Pass the simple URL
    explicitly where neither holds (devpi's ``+simple/``).
    """
    url = upload_url if upload_url.endswith("/") else upload_url + "/"
    if url in _KNOWN_SIMPLE:
        return _KNOWN_SIMPLE[url]
    if url.endswith("/legacy/"):
        return url.removesuffix("legacy/") + "simple/"
    return url + "simple/"


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


def _get(url: str, headers: dict[str, str]) -> tuple[bytes, str, str] | None:
    """GET ``url``; return (body, content type, final URL), or None for 404."""
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        msg = f"{redact(url)}: only http and https index URLs are supported"
        raise IndexReadError(msg)
    request = urllib.request.Request(url, headers={"Accept": _ACCEPT, **headers})  # noqa: S310 - scheme checked above
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:  # noqa: S310 - scheme checked above
            return response.read(), response.headers.get_content_type(), response.geturl()
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        if error.code == 401 and "Authorization" not in headers and _auth_header():
            return _get(url, _auth_header())
        msg = f"{redact(url)} answered HTTP {error.code} {error.reason}"
        raise IndexReadError(msg) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        msg = f"cannot reach the index at {redact(url)}: {reason}"
        raise IndexReadError(msg) from None


def _sha256_of(url: str) -> str:
    """Download a file the index did not give a hash for, and hash it."""
    found = _get(url, {})
    if found is None:
        msg = f"{redact(url)} is listed by the index but cannot be downloaded (HTTP 404)"
        raise IndexReadError(msg)
    return hashlib.sha256(found[0]).hexdigest()


def _from_json(body: bytes, base: str) -> dict[str, str]:
    files: dict[str, str] = {}
    for entry in json.loads(body)["files"]:
        digest = entry.get("hashes", {}).get("sha256")
        files[entry["filename"]] = digest or _sha256_of(urllib.parse.urljoin(base, entry["url"]))
    return files


def _from_html(body: bytes, base: str) -> dict[str, str]:
    parser = _Links()
    parser.feed(body.decode("utf-8", errors="replace"))
    files: dict[str, str] = {}
    for href, text in parser.links:
        url, _, fragment = href.partition("#")
        name = text or urllib.parse.unquote(url.rsplit("/", 1)[-1])
        algo, _, digest = fragment.partition("=")
        files[name] = (
            digest if algo == "sha256" and digest else _sha256_of(urllib.parse.urljoin(base, url))
        )
    return files


def project_files(simple_url: str, project: str) -> dict[str, str]:
    """Map each file name the index holds for ``project`` to its sha256 (hex).

    An index that does not know the project yet gives an empty mapping.
    """
    base = simple_url if simple_url.endswith("/") else simple_url + "/"
    url = urllib.parse.urljoin(base, canonicalize_name(project) + "/")
    found = _get(url, {})
    if found is None:
        return {}
    body, content_type, final_url = found
    try:
        if content_type == "application/vnd.pypi.simple.v1+json":
            return _from_json(body, final_url)
        return _from_html(body, final_url)
    except (ValueError, KeyError, TypeError) as error:
        msg = f"cannot read the simple API page {redact(url)}: {error}"
        raise IndexReadError(msg) from None
