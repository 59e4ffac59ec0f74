"""Find an index's simple API from its upload URL: try the known layouts, never guess.

An upload URL does not say where the index serves its simple API (PEP 503/691),
which the publish tool reads to resume and to verify. The layouts in use:

- PyPI and TestPyPI: ``https://upload.pypi.org/legacy/`` -> ``https://pypi.org/simple/``
  (and ``test.pypi.org`` alike), known without asking;
- Warehouse copies: ``<host>/legacy/`` -> ``<host>/simple/``;
- pypiserver, Artifactory (``.../api/pypi/<repo>/``), Nexus (``.../repository/<repo>/``),
  GitLab (``.../packages/pypi/``): ``<upload URL>simple/``;
- devpi (``<host>/<user>/<index>/``): ``<upload URL>+simple/``.

:func:`find_simple_url` asks each candidate's root page and takes the first that
answers as a simple API (HTTP 200, HTML or PEP 691 JSON); an explicit URL
(``--simple-url``) is asked the same way. Redirects are followed only on the same
origin, and credentials (``TWINE_USERNAME``/``TWINE_PASSWORD``, sent only after a
401) never leave it. When nothing answers, :class:`SimpleDiscoveryError` names every
URL tried and ``--simple-url``: the caller stops before the first upload.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from typing import TYPE_CHECKING

# One reading of twine's credentials for both modules that read an index.
from mygame_devtools.simple_index import KNOWN, IndexReadError, _auth_header, candidates, redact

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["KNOWN", "SimpleDiscoveryError", "candidates", "find_simple_url", "probe"]

_ACCEPT = "application/vnd.pypi.simple.v1+json, text/html;q=0.1"
_SIMPLE_TYPES = {
    "application/vnd.pypi.simple.v1+json",
    "application/vnd.pypi.simple.v1+html",
    "text/html",
}
_TIMEOUT = 30
_REDIRECTS = 5
_SNIFF = 65536  # enough of a root page to recognise it; the rest is never read


class SimpleDiscoveryError(IndexReadError):
    """No candidate answered as a simple API; the message names them and the fix."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the caller, which decides whether to follow them."""

    def redirect_request(self, *_args: object, **_kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _origin(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.netloc.rpartition("@")[2]


def _looks_simple(content_type: str, head: bytes) -> bool:
    text = head.lower()
    if content_type == "application/vnd.pypi.simple.v1+json":
        return b'"meta"' in text or b'"projects"' in text
    return content_type in _SIMPLE_TYPES and (b"<html" in text or b"<!doctype html" in text)


def _ask_once(url: str, headers: dict[str, str]) -> tuple[str, str]:
    """GET ``url`` once: ("ok", ""), ("redirect", URL), ("login", ""), or ("no", why)."""
    request = urllib.request.Request(url, headers={"Accept": _ACCEPT, **headers})  # noqa: S310 - callers check the scheme
    try:
        with _OPENER.open(request, timeout=_TIMEOUT) as response:
            kind = response.headers.get_content_type()
            if _looks_simple(kind, response.read(_SNIFF)):
                return "ok", ""
            return "no", f"HTTP 200 but not a simple API page ({kind})"
    except urllib.error.HTTPError as error:
        location = error.headers.get("Location") if 300 <= error.code < 400 else None
        if location:
            return "redirect", urllib.parse.urljoin(url, location)
        if error.code == 401 and "Authorization" not in headers:
            return "login", ""
        return "no", f"HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return "no", f"unreachable: {getattr(error, 'reason', error)}"


def probe(url: str) -> str | None:
    """Return None when ``url`` answers as a simple API root, else why it does not."""
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        return "not an http or https URL"
    headers: dict[str, str] = {}
    for _ in range(_REDIRECTS):
        answer, detail = _ask_once(url, headers)
        if answer == "ok":
            return None
        if answer == "redirect" and _origin(detail) == _origin(url):
            url = detail
        elif answer == "redirect":
            return f"redirected to another host ({redact(detail)})"
        elif answer == "login" and (login := _auth_header()):
            headers = login
        else:
            return detail or "HTTP 401 (set TWINE_USERNAME and TWINE_PASSWORD)"
    return f"more than {_REDIRECTS} redirects"


def find_simple_url(
    upload_url: str, explicit: str | None = None, ask: Callable[[str], str | None] = probe
) -> str:
    """Return the simple API of ``upload_url`` (or check ``explicit``); raise when none answers."""
    tried = [explicit] if explicit else candidates(upload_url)
    if not explicit and tried[0] == KNOWN.get(upload_url.rstrip("/") + "/"):
        return tried[0]
    answers: list[str] = []
    reasons: list[str] = []
    for url in tried:
        why = ask(url)
        if why is None:
            return url
        answers.append(f"{redact(url)} ({why})")
        reasons.append(why)
    if all(why.startswith("unreachable: ") for why in reasons):
        reason = reasons[0].removeprefix("unreachable: ")
        msg = f"cannot reach the index at {redact(tried[0])}: {reason}. Nothing was uploaded."
    elif explicit:
        msg = (
            f"the simple API given with --simple-url does not answer: {answers[0]}; "
            "give the index's simple API root. Nothing was uploaded."
        )
    else:
        msg = (
            f"cannot find the simple API of {redact(upload_url)}: tried {', '.join(answers)}; "
            "give it with --simple-url URL. Nothing was uploaded."
        )
    raise SimpleDiscoveryError(msg)
