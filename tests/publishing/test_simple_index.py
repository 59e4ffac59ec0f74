"""Reading an index's simple API: PEP 691 JSON, PEP 503 HTML, with or without hashes."""

from __future__ import annotations

import hashlib
import http.server
import json
from typing import TYPE_CHECKING, ClassVar

import pytest
from mygame_devtools.loopback import serving
from mygame_devtools.simple_index import IndexReadError, project_files, redact, simple_url_for

if TYPE_CHECKING:
    from collections.abc import Iterator

WHEEL = b"pretend wheel bytes"
SDIST = b"pretend sdist bytes"
WHEEL_SHA = hashlib.sha256(WHEEL).hexdigest()
SDIST_SHA = hashlib.sha256(SDIST).hexdigest()


class _Handler(http.server.BaseHTTPRequestHandler):
    """A tiny index: /json/ speaks PEP 691, /html/ PEP 503 without hashes, /auth/ needs a login."""

    pages: ClassVar[dict[str, tuple[str, bytes]]] = {
        "/json/mygame-logic/": (
            "application/vnd.pypi.simple.v1+json",
            json.dumps(
                {
                    "meta": {"api-version": "1.0"},
                    "name": "mygame-logic",
                    "files": [
                        {
                            "filename": "mygame_logic-1.2.0-py3-none-any.whl",
                            "url": "../../files/w.whl",
                            "hashes": {"sha256": WHEEL_SHA},
                        },
                        {
                            "filename": "mygame_logic-1.2.0.tar.gz",
                            "url": "/files/s.tgz",
                            "hashes": {},
                        },
                    ],
                }
            ).encode(),
        ),
        "/html/mygame-logic/": (
            "text/html",
            (
                b'<html><body><a href="/files/w.whl">mygame_logic-1.2.0-py3-none-any.whl</a>'
                b'<a href="/files/s.tgz#md5=00">mygame_logic-1.2.0.tar.gz</a></body></html>'
            ),
        ),
        "/files/w.whl": ("application/octet-stream", WHEEL),
        "/files/s.tgz": ("application/octet-stream", SDIST),
        "/broken/mygame-logic/": ("application/vnd.pypi.simple.v1+json", b"{not json"),
    }

    def do_GET(self) -> None:
        if self.path.startswith("/auth/"):
            self.send_error(401)
            return
        page = self.pages.get(self.path)
        if page is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", page[0])
        self.end_headers()
        self.wfile.write(page[1])

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)) as url:
        yield url


EXPECTED = {
    "mygame_logic-1.2.0-py3-none-any.whl": WHEEL_SHA,
    "mygame_logic-1.2.0.tar.gz": SDIST_SHA,
}


def test_pep_691_json_gives_hashes_and_missing_ones_are_computed(server: str) -> None:
    assert project_files(f"{server}/json/", "mygame-logic") == EXPECTED


def test_pep_503_html_without_sha256_fragments_is_hashed_by_download(server: str) -> None:
    assert project_files(f"{server}/html", "mygame-logic") == EXPECTED


def test_project_name_is_normalized_before_asking(server: str) -> None:
    assert project_files(f"{server}/json/", "MyGame_Logic") == EXPECTED


def test_unknown_project_means_nothing_there(server: str) -> None:
    assert project_files(f"{server}/json/", "mygame-draw") == {}


def test_refused_read_names_the_status(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TWINE_USERNAME", raising=False)
    with pytest.raises(IndexReadError, match="HTTP 401"):
        project_files(f"{server}/auth/", "mygame-logic")


def test_unreadable_page_is_an_error_not_an_empty_index(server: str) -> None:
    with pytest.raises(IndexReadError, match="cannot read the simple API page"):
        project_files(f"{server}/broken/", "mygame-logic")


def test_non_http_urls_are_refused() -> None:
    with pytest.raises(IndexReadError, match="only http and https"):
        project_files("file:///etc/", "mygame-logic")


@pytest.mark.parametrize(
    ("upload", "simple"),
    [
        ("https://upload.pypi.org/legacy/", "https://pypi.org/simple/"),
        ("https://test.pypi.org/legacy", "https://test.pypi.org/simple/"),
        ("https://registry.example/org/legacy/", "https://registry.example/org/simple/"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/simple/"),
    ],
)
def test_simple_api_is_found_beside_the_upload_url(upload: str, simple: str) -> None:
    assert simple_url_for(upload) == simple


def test_redact_removes_credentials_from_a_url() -> None:
    assert redact("https://user:secret@host:8443/simple/") == "https://host:8443/simple/"
    assert redact("https://host/simple/") == "https://host/simple/"
