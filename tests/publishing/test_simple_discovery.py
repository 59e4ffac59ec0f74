"""The simple API is found by trying the known layouts, and a failure names what was tried."""

from __future__ import annotations

import pytest
from mygame_devtools.simple_discovery import SimpleDiscoveryError, candidates, find_simple_url


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
    with pytest.raises(SimpleDiscoveryError) as caught:
        find_simple_url("http://me:secret@h/x/", ask=lambda _url: "HTTP 404")

    assert str(caught.value) == (
        "cannot find the simple API of http://h/x/: tried http://h/x/simple/ (HTTP 404), "
        "http://h/x/+simple/ (HTTP 404); give it with --simple-url URL. Nothing was uploaded."
    )


def test_a_given_simple_url_is_checked_not_trusted() -> None:
    with pytest.raises(
        SimpleDiscoveryError, match=r"--simple-url does not answer: http://h/s/ \(HTTP 404\)"
    ):
        find_simple_url("http://h/x/", "http://h/s/", ask=lambda _url: "HTTP 404")


def test_an_unreachable_index_is_said_once() -> None:
    with pytest.raises(SimpleDiscoveryError) as caught:
        find_simple_url("http://h/x/", ask=lambda _url: "unreachable: [Errno 111] refused")

    assert str(caught.value) == (
        "cannot reach the index at http://h/x/simple/: [Errno 111] refused. Nothing was uploaded."
    )
