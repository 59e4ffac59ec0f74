"""Reading an index's simple API (PEP 691 JSON, PEP 503 HTML), and finding where it is."""

from __future__ import annotations

import hashlib
import http.server
import json
from typing import TYPE_CHECKING, ClassVar

import pytest
from helpers.loopback import serving
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mygame_devtools.publish import index
from mygame_devtools.publish.index import (
    IndexReadError,
    candidates,
    find_simple_url,
    project_files,
    redact,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

WHEEL = b"pretend wheel bytes"
SDIST = b"pretend sdist bytes"
WHEEL_SHA = hashlib.sha256(WHEEL).hexdigest()
SDIST_SHA = hashlib.sha256(SDIST).hexdigest()
WHEEL_NAME, SDIST_NAME = "mygame_logic-1.2.0-py3-none-any.whl", "mygame_logic-1.2.0.tar.gz"


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
                            "url": "../../files/mygame_logic-1.2.0-py3-none-any.whl",
                            "hashes": {"sha256": WHEEL_SHA},
                        },
                        {
                            "filename": "mygame_logic-1.2.0.tar.gz",
                            "url": "/files/mygame_logic-1.2.0.tar.gz",
                            "hashes": {},
                        },
                    ],
                }
            ).encode(),
        ),
        "/html/mygame-logic/": (
            "text/html",
            (
                f'<html><body><a href="/files/{WHEEL_NAME}">{WHEEL_NAME}</a>'
                f'<a href="/files/{SDIST_NAME}#md5=00">{SDIST_NAME}</a></body></html>'
            ).encode(),
        ),
        f"/files/{WHEEL_NAME}": ("application/octet-stream", WHEEL),
        f"/files/{SDIST_NAME}": ("application/octet-stream", SDIST),
        "/broken/mygame-logic/": ("application/vnd.pypi.simple.v1+json", b"{not json"),
        "/many/mygame-logic/": (
            "text/html",
            f'<a href="/files/{WHEEL_NAME}">{WHEEL_NAME}</a>'.encode() * 50
            + b"".join(
                f'<a href="/files/other-{n}.whl">other-{n}.whl</a>'.encode() for n in range(500)
            ),
        ),
        "/badhash/mygame-logic/": (
            "text/html",
            b'<a href="/f#sha256=\x1b[31mnot-hex">mygame_logic-1.2.0.tar.gz</a>',
        ),
    }
    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.asked.append(self.path)
        if self.path.startswith("/auth/"):
            self.send_error(401)
            return
        page = self.pages.get(self.path) or self.shapes.get(self.path)
        if page is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", page[0])
        self.end_headers()
        self.wfile.write(page[1])

    def log_message(self, *_: object) -> None:
        pass

    shapes: ClassVar[dict[str, tuple[str, bytes]]] = {
        f"/shape{i}/mygame-logic/": ("application/vnd.pypi.simple.v1+json", body)
        for i, body in enumerate(
            [
                b"[]",
                b'{"files": 3}',
                b'{"files": [3]}',
                b'{"files": [{"filename": 1, "url": "x"}]}',
                b'{"files": [{"filename": "a", "url": "x", "hashes": []}]}',
                b"[" * 100_000 + b"]" * 100_000,
            ]
        )
    }


@pytest.fixture
def server() -> Iterator[str]:
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)) as url:
        yield url


EXPECTED = {
    "mygame_logic-1.2.0-py3-none-any.whl": WHEEL_SHA,
    "mygame_logic-1.2.0.tar.gz": SDIST_SHA,
}


def test_pep_691_json_gives_hashes_and_missing_ones_are_computed(server: str) -> None:
    assert project_files(f"{server}/json/", "mygame-logic", EXPECTED) == EXPECTED


def test_pep_503_html_without_sha256_fragments_is_hashed_by_download(server: str) -> None:
    assert project_files(f"{server}/html", "mygame-logic", EXPECTED) == EXPECTED


def test_only_our_own_files_are_downloaded_each_once(server: str) -> None:
    """A page of 550 links, 50 of them to our file: one download, none of the others."""
    _Handler.asked.clear()
    files = project_files(
        f"{server}/many/", "mygame-logic", ["mygame_logic-1.2.0-py3-none-any.whl"]
    )
    assert files["mygame_logic-1.2.0-py3-none-any.whl"] == WHEEL_SHA
    assert len(files) == 501
    assert files["other-7.whl"] == ""
    assert _Handler.asked == ["/many/mygame-logic/", f"/files/{WHEEL_NAME}"]


def test_project_name_is_normalized_before_asking(server: str) -> None:
    assert project_files(f"{server}/json/", "MyGame_Logic", EXPECTED) == EXPECTED


@pytest.mark.parametrize("shape", range(6))
def test_json_of_the_wrong_shape_or_depth_is_one_line(server: str, shape: int) -> None:
    with pytest.raises(IndexReadError, match="cannot read the simple API page") as caught:
        project_files(f"{server}/shape{shape}/", "mygame-logic")
    assert "\n" not in str(caught.value)


def test_a_malformed_sha256_is_refused_without_echoing_it(server: str) -> None:
    with pytest.raises(IndexReadError, match="malformed sha256") as caught:
        project_files(f"{server}/badhash/", "mygame-logic")
    assert "\x1b" not in str(caught.value)


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
    with pytest.raises(IndexReadError, match="InvalidSchema"):
        project_files("file:///etc/", "mygame-logic")


def test_redact_removes_credentials_from_a_url() -> None:
    assert redact("https://user:secret@host:8443/simple/") == "https://host:8443/simple/"
    assert redact("https://host/simple/") == "https://host/simple/"
    assert redact("https://host/simple/?token=abc") == "https://host/simple/"


@pytest.mark.parametrize(
    ("upload", "first"),
    [
        ("https://upload.pypi.org/legacy/", "https://pypi.org/simple/"),
        ("https://test.pypi.org/legacy", "https://test.pypi.org/simple/"),
        ("https://warehouse.example/legacy/", "https://warehouse.example/simple/"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/simple/"),  # pypiserver
        (  # Artifactory
            "https://acme.jfrog.io/artifactory/api/pypi/pypi-local",
            "https://acme.jfrog.io/artifactory/api/pypi/pypi-local/simple/",
        ),
        (  # Nexus
            "https://nexus.example/repository/pypi-hosted/",
            "https://nexus.example/repository/pypi-hosted/simple/",
        ),
    ],
)
def test_the_documented_layout_comes_first(upload: str, first: str) -> None:
    assert candidates(upload)[0] == first


def test_devpi_layout_is_among_the_candidates() -> None:
    assert "http://127.0.0.1:3141/user/dev/+simple/" in candidates(
        "http://127.0.0.1:3141/user/dev/"
    )


def test_the_first_candidate_that_answers_is_taken() -> None:
    asked: list[str] = []

    def ask(url: str) -> str | None:
        asked.append(url)
        return None if url.endswith("+simple/") else "HTTP 404"

    assert find_simple_url("http://h/user/dev/", ask=ask) == "http://h/user/dev/+simple/"
    assert asked == ["http://h/user/dev/simple/", "http://h/user/dev/+simple/"]


def test_pypi_is_known_without_asking() -> None:
    def ask(url: str) -> str | None:
        raise AssertionError(url)

    assert find_simple_url("https://upload.pypi.org/legacy/", ask=ask) == "https://pypi.org/simple/"


def test_nothing_answers_names_each_url_and_the_option_without_credentials() -> None:
    with pytest.raises(IndexReadError) as caught:
        find_simple_url("http://me:secret@h/x/", ask=lambda _url: "HTTP 404")
    assert str(caught.value) == (
        "cannot find the simple API of http://h/x/: tried http://h/x/simple/ (HTTP 404), "
        "http://h/x/+simple/ (HTTP 404); give it with --simple-url URL. Nothing was uploaded."
    )


def test_a_refused_login_points_at_the_credentials_not_at_simple_url() -> None:
    with pytest.raises(IndexReadError) as caught:
        find_simple_url("http://h/x/", ask=lambda url: "HTTP 403" if "+" not in url else "HTTP 404")
    assert "check TWINE_USERNAME and TWINE_PASSWORD" in str(caught.value)
    assert "--simple-url" not in str(caught.value)


def test_a_given_simple_url_is_checked_not_trusted() -> None:
    with pytest.raises(
        IndexReadError, match=r"--simple-url does not answer: http://h/s/ \(HTTP 404\)"
    ):
        find_simple_url("http://h/x/", "http://h/s/", ask=lambda _url: "HTTP 404")


def test_an_unreachable_index_is_asked_once_and_said_once() -> None:
    asked: list[str] = []

    def ask(url: str) -> str | None:
        asked.append(url)
        msg = f"cannot reach the index at {url}: [Errno 111] refused"
        raise IndexReadError(msg)

    with pytest.raises(IndexReadError) as caught:
        find_simple_url("http://h/x/", ask=ask)
    assert str(caught.value) == (
        "cannot reach the index at http://h/x/simple/: [Errno 111] refused. Nothing was uploaded."
    )
    assert asked == ["http://h/x/simple/"]


JSON_TYPE = "application/vnd.pypi.simple.v1+json"
JSON_KEYS = st.sampled_from(["files", "filename", "url", "hashes", "sha256", "name"]) | st.text()
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=80),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(JSON_KEYS, inner, max_size=4),
    max_leaves=30,
)
PAGES = st.one_of(
    st.builds(lambda v: (JSON_TYPE, json.dumps(v).encode()), JSON_VALUES),
    st.builds(lambda v: (JSON_TYPE, json.dumps({"files": v}).encode()), JSON_VALUES),
    st.builds(lambda n: (JSON_TYPE, b"[" * n + b"]" * n), st.integers(1, 200_000)),
    st.builds(lambda b: (JSON_TYPE, b), st.binary(max_size=200)),
    st.builds(lambda t: ("text/html", t.encode("utf-8", "surrogatepass")), st.text(max_size=300)),
    st.builds(
        lambda hrefs: ("text/html", "".join(f'<a href="{h}">x</a>' for h in hrefs).encode()),
        st.lists(st.text(max_size=60), max_size=20),
    ),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)  # the one monkeypatch holds for every example
@given(PAGES)
def test_any_simple_api_page_gives_files_or_one_line(
    monkeypatch: pytest.MonkeyPatch, page: tuple[str, bytes]
) -> None:
    """Whatever an index answers (types, depth, bytes, links), it is read or refused in one line."""
    content_type, body = page
    asked: list[str] = []

    def answer(url: str, **_limits: object) -> tuple[int, bytes, str, str]:
        asked.append(url)
        return 200, body, content_type, url

    monkeypatch.setattr(index, "_get", answer)
    try:
        files, refusal = project_files("http://127.0.0.1:9/simple/", "mygame-logic", {"x"}), ""
    except IndexReadError as error:
        files, refusal = {}, str(error)
    assert "\n" not in refusal
    assert len(refusal) < 400
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
    assert len(asked) <= 2  # the page, and at most the one file of ours it lists
