"""Choosing the index to publish to, and turning twine's failures into one line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from mygame_devtools.publish import upload as publish
from mygame_devtools.publish.index import candidates

if TYPE_CHECKING:
    from pathlib import Path


class TestResolveTarget:
    def test_testpypi_is_the_default_and_uses_twines_skip_existing_too(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("HOME", str(tmp_path))
        target = publish.resolve_target(None, None, None)
        assert target.twine_args == ("--repository", "testpypi", "--skip-existing")
        assert target.upload_url == "https://test.pypi.org/legacy/"
        assert target.pypi_like

    def test_pypi_is_named_explicitly(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("HOME", str(tmp_path))
        target = publish.resolve_target("pypi", None, None)
        assert target.twine_args[:2] == ("--repository", "pypi")
        assert candidates(target.upload_url) == ["https://pypi.org/simple/"]

    def test_any_index_by_url_with_its_simple_api_guessed_or_given(self) -> None:
        target = publish.resolve_target(None, "http://127.0.0.1:9/", None)
        assert target.twine_args == ("--repository-url", "http://127.0.0.1:9/")
        assert not target.pypi_like
        assert target.simple_url is None  # found before the first upload
        given = publish.resolve_target(None, "https://h/u/i/", "https://h/u/i/+simple/")
        assert given.simple_url == "https://h/u/i/+simple/"

    def test_credentials_in_a_url_are_refused_without_being_shown(self) -> None:
        with pytest.raises(publish.PublishError, match="TWINE_PASSWORD") as caught:
            publish.resolve_target(None, "https://me:secret@h/legacy/", None)
        assert "secret" not in str(caught.value)

    def test_a_pypirc_section_names_its_repository(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """twine's own lookup: a section counts once [distutils] index-servers lists it."""
        monkeypatch.setenv("HOME", str(tmp_path))
        (tmp_path / ".pypirc").write_text(
            "[distutils]\nindex-servers = private\n"
            "[private]\nrepository = https://registry.example/legacy/\n",
            encoding="utf-8",
        )
        target = publish.resolve_target("private", None, None)
        assert target.twine_args == ("--repository", "private")
        assert candidates(target.upload_url)[0] == "https://registry.example/simple/"

    def test_pypirc_may_point_testpypi_at_another_index_as_twine_allows(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """twine uploads where ~/.pypirc says; the simple API asked must be that index's."""
        monkeypatch.setenv("HOME", str(tmp_path))
        (tmp_path / ".pypirc").write_text(
            "[testpypi]\nrepository = http://127.0.0.1:9/\n", encoding="utf-8"
        )
        target = publish.resolve_target("testpypi", None, None)
        assert target.twine_args == ("--repository", "testpypi")
        assert target.upload_url == "http://127.0.0.1:9/"
        assert target.label == "testpypi (http://127.0.0.1:9/)"

    def test_an_unknown_repository_name_says_what_would_work(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("HOME", str(tmp_path))
        with pytest.raises(publish.PublishError, match="use testpypi, pypi, a \\[nope\\] section"):
            publish.resolve_target("nope", None, None)

    def test_a_pypirc_url_that_is_no_index_url_is_refused(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("HOME", str(tmp_path))
        (tmp_path / ".pypirc").write_text(
            "[testpypi]\nrepository = https://h/legacy/?token=s3cret\n", encoding="utf-8"
        )
        with pytest.raises(publish.PublishError) as caught:
            publish.resolve_target("testpypi", None, None)
        assert str(caught.value).startswith("the repository of [testpypi] in ~/.pypirc must not")
        assert "s3cret" not in str(caught.value)


class TestTwineFailure:
    def test_refused_credentials_point_at_twines_variables(self) -> None:
        output = (
            "Uploading distributions to http://127.0.0.1:1/\n"
            "\x1b[31mERROR   \x1b[0m HTTPError: 403 Forbidden from http://127.0.0.1:1/\n"
            "         Invalid or non-existent authentication information.\n"
        )
        line = publish._twine_failure(output)
        assert line == (
            "HTTPError: 403 Forbidden (Invalid or non-existent authentication information.): "
            "check TWINE_USERNAME and TWINE_PASSWORD (or your keyring) for this index"
        )

    def test_a_rejected_file_keeps_the_index_reason(self) -> None:
        output = (
            "ERROR    HTTPError: 400 Bad Request from https://test.example/legacy/\n"
            "         File already exists ('mygame_logic-1.2.0.tar.gz').\n"
        )
        line = publish._twine_failure(output)
        assert "400 Bad Request (File already exists ('mygame_logic-1.2.0.tar.gz').)" in line
        assert "the index rejected the file" in line

    @pytest.mark.parametrize(
        ("status", "words"),
        [("500 Internal Server Error", "(a full disk?)"), ("507 Insufficient Storage", "no room")],
    )
    def test_a_server_that_fails_storing_a_file_is_named(self, status: str, words: str) -> None:
        line = publish._twine_failure(f"ERROR    HTTPError: {status} from http://127.0.0.1:1/\n")
        assert line.startswith(f"HTTPError: {status}: ")
        assert words in line

    def test_a_connection_error_traceback_becomes_one_line(self) -> None:
        output = (
            "Traceback (most recent call last):\n  ...\n"
            "requests.exceptions.ConnectionError: HTTPConnectionPool(host='127.0.0.1', port=9): "
            'Max retries exceeded (Caused by NewConnectionError("...: '
            '[Errno 111] Connection refused"))\n'
        )
        assert publish._twine_failure(output) == (
            "cannot reach the index ([Errno 111] Connection refused)"
        )

    def test_what_the_index_said_is_shown_without_control_characters(self) -> None:
        output = "ERROR    HTTPError: 400 Bad Request from https://h/\n  \x1b]0;owned\x07 no\n"
        line = publish._twine_failure(output)
        assert "\x1b" not in line
        assert "\x07" not in line
        assert "?]0;owned? no" in line

    def test_missing_credentials_say_where_twine_looks(self) -> None:
        output = "ERROR    NonInteractive: Credential not found for username.\n"
        assert "set TWINE_USERNAME and TWINE_PASSWORD" in publish._twine_failure(output)
