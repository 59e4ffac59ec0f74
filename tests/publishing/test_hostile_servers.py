"""Publishing against misbehaving servers on loopback: redirects, drips, hangs, floods, errors.

Each server is ``http.server`` in a thread on 127.0.0.1, and stops by itself: a
drip or a flood ends after a bounded time or size, a hang is released when the
test ends. The client's limits are set low through the environment
(``MYGAME_NET_DEADLINE``, ``MYGAME_UPLOAD_DEADLINE``), so
a test that passes takes seconds; one that fails still ends when the server gives up.
"""

from __future__ import annotations

import base64
import http.server
import json
import threading
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest
from helpers import loopback
from mygame_devtools.publish import index as simple_api
from mygame_devtools.publish import upload
from mygame_devtools.publish.index import IndexReadError, find_simple_url, project_files

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

USER, PASSWORD = "tester", "s3cret-not-for-others"
BASIC = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
EMPTY_PAGE = json.dumps({"meta": {"api-version": "1.0"}, "name": "mygame-logic", "files": []})
JSON_TYPE = "application/vnd.pypi.simple.v1+json"
# How long a misbehaving server keeps misbehaving at most: a client that waits
# for it fails its test instead of hanging the run.
GIVE_UP = 20.0


@dataclass
class Server:
    """One misbehaving server: its base URL and the requests (with headers) it received."""

    behave: Callable[[http.server.BaseHTTPRequestHandler, Server], None]
    url: str = ""
    seen: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def authorizations(self) -> list[str]:
        """Every Authorization header that reached this server."""
        return [h["Authorization"] for _, _, h in self.seen if "Authorization" in h]


class _Handler(http.server.BaseHTTPRequestHandler):
    server_state: Server

    def _any(self) -> None:
        self.server_state.seen.append((self.command, self.path, dict(self.headers)))
        with suppress(OSError):  # the client may give up first: that is the point
            self.server_state.behave(self, self.server_state)

    def do_GET(self) -> None:
        self._any()

    def do_POST(self) -> None:
        self._any()

    def log_message(self, *_: object) -> None:
        pass


class _Quiet(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, *_: object) -> None:
        pass


@contextmanager
def serving(
    behave: Callable[[http.server.BaseHTTPRequestHandler, Server], None],
) -> Iterator[Server]:
    """Run ``behave`` for every request, on a free loopback port, until the block ends."""
    state = Server(behave)
    handler = type("Handler", (_Handler,), {"server_state": state})
    with loopback.serving(_Quiet(("127.0.0.1", 0), handler)) as url:
        state.url = url
        try:
            yield state
        finally:
            state.stop.set()  # before the server stops: a handler may be waiting on it


def reply(
    handler: http.server.BaseHTTPRequestHandler, status: int, body: str = "", **headers: str
) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    data = body.encode()
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


@pytest.fixture
def short_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Limits of a second or two, and the credentials of twine's environment."""
    monkeypatch.setenv("MYGAME_NET_DEADLINE", "2")
    monkeypatch.setenv("MYGAME_UPLOAD_DEADLINE", "5")
    monkeypatch.setenv("TWINE_USERNAME", USER)
    monkeypatch.setenv("TWINE_PASSWORD", PASSWORD)


def login_then_redirect(
    to: Callable[[], str],
) -> Callable[[http.server.BaseHTTPRequestHandler, Server], None]:
    """Ask for a login; once given one, redirect to ``to()`` plus the same path."""

    def behave(handler: http.server.BaseHTTPRequestHandler, _: Server) -> None:
        if handler.headers.get("Authorization") != BASIC:
            reply(handler, 401, WWW_Authenticate='Basic realm="index"')
        else:
            reply(handler, 302, Location=to() + handler.path.replace("/simple/", "/moved/"))

    return behave


def serve_empty_page(handler: http.server.BaseHTTPRequestHandler, _: Server) -> None:
    reply(handler, 200, EMPTY_PAGE, Content_Type=JSON_TYPE)


def found_then_on_upload(
    on_upload: Callable[[http.server.BaseHTTPRequestHandler, Server], None],
) -> Callable[[http.server.BaseHTTPRequestHandler, Server], None]:
    """An index whose simple API is found (so uploads start), each upload met by ``on_upload``."""

    def behave(handler: http.server.BaseHTTPRequestHandler, server: Server) -> None:
        if handler.command == "GET" and handler.path == "/simple/":
            serve_empty_page(handler, server)
        elif handler.command == "GET":
            reply(handler, 404, "not here")
        else:
            on_upload(handler, server)

    return behave


def publish_logic(index: Server, dist_dir: Path) -> int:
    """Publish mygame-logic to ``index`` with the publish tool; return its exit status."""
    argv = ["--repository-url", f"{index.url}/", "--dist-dir", str(dist_dir), "mygame-logic"]
    return upload.main(argv)


@pytest.mark.usefixtures("short_limits")
class TestCredentialsStayWithTheirOrigin:
    def test_a_redirect_to_another_port_does_not_carry_the_login(self) -> None:
        with (
            serving(serve_empty_page) as elsewhere,
            serving(login_then_redirect(lambda: elsewhere.url)) as index,
        ):
            assert project_files(f"{index.url}/simple/", "mygame-logic") == {}
            assert index.authorizations() == [BASIC]  # the index itself did get it
        assert [path for _, path, _ in elsewhere.seen] == ["/moved/mygame-logic/"]
        assert elsewhere.authorizations() == []

    def test_a_redirect_within_the_index_keeps_the_login(self) -> None:
        def behave(handler: http.server.BaseHTTPRequestHandler, server: Server) -> None:
            if handler.path.startswith("/moved/"):
                if handler.headers.get("Authorization") == BASIC:
                    serve_empty_page(handler, server)
                else:
                    reply(handler, 401, WWW_Authenticate='Basic realm="index"')
            else:
                login_then_redirect(lambda: server.url)(handler, server)

        with serving(behave) as index:
            assert project_files(f"{index.url}/simple/", "mygame-logic") == {}

    def test_a_file_on_another_origin_is_never_sent_the_login(self) -> None:
        def listing(handler: http.server.BaseHTTPRequestHandler, _: Server) -> None:
            name = "mygame_logic-1.2.0.tar.gz"
            page = f'<a href="{elsewhere.url}/f/{name}">{name}</a>'
            reply(handler, 200, page, Content_Type="text/html")

        def guarded(handler: http.server.BaseHTTPRequestHandler, _: Server) -> None:
            reply(handler, 401, WWW_Authenticate='Basic realm="elsewhere"')

        with (
            serving(guarded) as elsewhere,
            serving(listing) as index,
            pytest.raises(IndexReadError, match="HTTP 401"),
        ):
            project_files(f"{index.url}/simple/", "mygame-logic", ["mygame_logic-1.2.0.tar.gz"])
        assert elsewhere.seen
        assert elsewhere.authorizations() == []


def drip(handler: http.server.BaseHTTPRequestHandler, server: Server) -> None:
    """Send a reply one byte at a time, each well within the read timeout."""
    whole = f"HTTP/1.0 200 OK\r\nContent-Type: {JSON_TYPE}\r\n\r\n{EMPTY_PAGE}".encode()
    for byte in whole[: int(GIVE_UP / 0.2)]:
        if server.stop.wait(0.2):
            return
        handler.wfile.write(bytes([byte]))


def flood(handler: http.server.BaseHTTPRequestHandler, server: Server) -> None:
    """Send an endless page (up to 64 MiB, then give up), with no length announced."""
    handler.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n")
    chunk = b" " * 65536
    for _ in range(1024):
        if server.stop.is_set():
            return
        handler.wfile.write(chunk)


def fail(handler: http.server.BaseHTTPRequestHandler, _: Server) -> None:
    reply(handler, 500, "boom", Content_Type="text/plain")


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got:\n{text}"
    return lines[0]


@pytest.mark.usefixtures("short_limits")
class TestEveryWaitIsBounded:
    def test_a_dripping_index_is_given_up_on_with_its_name(self) -> None:
        with serving(drip) as index, pytest.raises(IndexReadError) as caught:
            project_files(f"{index.url}/simple/", "mygame-logic")
        message = one_line(str(caught.value))
        assert "stopped answering" in message
        assert index.url in message

    def test_finding_the_simple_api_of_a_dripping_index_is_bounded_too(self) -> None:
        with serving(drip) as index, pytest.raises(IndexReadError, match="stopped answering"):
            find_simple_url(f"{index.url}/")
        assert len(index.seen) == 1  # the other candidates are on the same server: not asked

    def test_a_server_that_sends_nothing_fails_at_the_silence_not_the_deadline(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("MYGAME_NET_DEADLINE", "60")  # a drip may take this long
        monkeypatch.setattr(simple_api, "_SILENCE", 0.3)  # pip's 15 s, shortened for the test

        def silent(_: http.server.BaseHTTPRequestHandler, server: Server) -> None:
            server.stop.wait(GIVE_UP)

        with serving(silent) as server, pytest.raises(IndexReadError) as caught:
            project_files(f"{server.url}/simple/", "mygame-logic")
        message = one_line(str(caught.value))
        assert message.endswith("no answer within 0.3 s")
        assert server.url in message

    def test_an_endless_page_is_cut_at_the_cap(self) -> None:
        with serving(flood) as index, pytest.raises(IndexReadError, match="more than 20 MiB"):
            project_files(f"{index.url}/simple/", "mygame-logic")

    def test_a_server_error_is_one_line_with_its_status(self) -> None:
        with serving(fail) as index, pytest.raises(IndexReadError, match="HTTP 500"):
            project_files(f"{index.url}/simple/", "mygame-logic")

    @pytest.mark.parametrize("value", ["0", "-1", "soon", "nan", "inf"])
    def test_a_nonsense_limit_is_one_line(
        self, monkeypatch: pytest.MonkeyPatch, value: str
    ) -> None:
        monkeypatch.setenv("MYGAME_NET_DEADLINE", value)
        with pytest.raises(IndexReadError, match="MYGAME_NET_DEADLINE must be"):
            project_files("http://127.0.0.1:9/simple/", "mygame-logic")

    def test_an_upload_that_never_answers_ends_with_the_server_named(
        self, dist_dir: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        def hang(_: http.server.BaseHTTPRequestHandler, server: Server) -> None:
            server.stop.wait(GIVE_UP)

        with serving(found_then_on_upload(hang)) as index:
            status = publish_logic(index, dist_dir)
        assert status == 1
        message = one_line(capsys.readouterr().err)
        assert "stopped answering" in message
        assert index.url in message
        assert [c for c, _, _ in index.seen].count("POST") == 1

    def test_a_full_disk_on_the_index_says_what_the_next_run_needs(
        self, dist_dir: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        def full_disk(handler: http.server.BaseHTTPRequestHandler, _: Server) -> None:
            handler.rfile.read(int(handler.headers["Content-Length"]))  # read whole, then refused
            reply(handler, 507, "Insufficient Storage", Content_Type="text/plain")

        with serving(found_then_on_upload(full_disk)) as index:
            status = publish_logic(index, dist_dir)
        assert status == 1
        message = one_line(capsys.readouterr().err)
        assert "507" in message
        assert "the index has no room left" in message
        assert message.endswith("have its operator delete it, then run again)")


@pytest.mark.usefixtures("short_limits")
class TestCredentialsAreNeverShown:
    def test_a_url_with_a_password_is_refused_without_echoing_it(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        url = f"http://{USER}:{PASSWORD}@127.0.0.1:9/"
        assert upload.main(["--repository-url", url, "--dry-run"]) == 1
        out, err = capsys.readouterr()
        assert PASSWORD not in out + err
        message = one_line(err)
        assert "TWINE_USERNAME" in message
        assert "TWINE_PASSWORD" in message
        assert "keyring" in message

    @pytest.mark.parametrize(
        "argv",
        [
            ["--repository-url", "https://u:p@host/legacy/"],
            ["--repository-url=https://u:p@host/legacy/"],
            ["--simple-url", "https://token@host/simple/", "-r", "pypi"],
            ["mygame-cli", "--simple-url=http://:p@host/"],
        ],
    )
    def test_a_url_with_credentials_is_refused_in_any_spelling(
        self, argv: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert upload.main(argv) == 1
        out, err = capsys.readouterr()
        assert "p@host" not in out + err
        assert "TWINE_PASSWORD" in one_line(err)

    @pytest.mark.parametrize(
        "argv",
        [
            ["--password", "hunter2"],
            ["--pass=hunter2"],
            ["-phunter2"],
            ["-u", "me", "-p", "hunter2"],
            ["--user", "me"],
            ["--token", "hunter2"],
            ["--repository-url", "https://host/legacy/?token=hunter2"],
        ],
    )
    def test_no_spelling_of_a_credential_is_echoed(
        self, argv: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert upload.main(argv) == 1
        out, err = capsys.readouterr()
        assert "hunter2" not in out + err
        assert "TWINE_PASSWORD" in one_line(err)

    @pytest.mark.parametrize(
        ("url", "problem"),
        [
            ("", "is empty"),
            ("  ", "is empty"),
            ("testpypi", "must start with https://"),
            ("ftp://host/", "must start with https://"),
            ("https://", "has no host"),
            ("https://host:99999/", "has a malformed port"),
            ("https://host/a b/", "has spaces or control characters"),
            ("https://host/\x1b[2J/", "has spaces or control characters"),
            ("https://host/legacy/#top", "must not have a #fragment"),
        ],
    )
    def test_a_malformed_url_is_refused_naming_the_problem(
        self, url: str, problem: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert upload.main(["--repository-url", url, "--dry-run"]) == 1
        line = one_line(capsys.readouterr().err)
        assert line.startswith(f"publish: error: --repository-url {problem}")

    def test_plain_http_to_another_machine_is_warned_about(
        self, dist_dir: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        with serving(serve_empty_page) as index:
            upload.main(
                [
                    "--repository-url", "http://index.example.invalid/",
                    "--simple-url", f"{index.url}/simple/",
                    "--dist-dir", str(dist_dir), "--dry-run",
                ]
            )  # fmt: skip
        warnings = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
        assert len(warnings) == 1
        assert "index.example.invalid" in warnings[0]
        assert "https" in warnings[0]

    @pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "127.1.2.3"])
    def test_plain_http_on_loopback_is_not_warned_about(self, host: str) -> None:
        assert not upload._insecure(f"http://{host}:8080/")
