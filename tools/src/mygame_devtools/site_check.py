"""Open the built site in headless Chromium, offline, and check what a reader sees.

Usage: ``python -m mygame_devtools.site_check SITE_DIR --screenshot PNG [--browser PATH]``

The site is served on 127.0.0.1; every other host name fails to resolve, so a page
that needs the network shows it as an error. For each page: no console error, no
uncaught exception, no failed request; where the page has diagrams, each one
rendered as an ``<svg>`` (the Material theme draws them in closed shadow roots,
which the DevTools protocol's ``pierce`` reaches). The index is kept as a
screenshot. Driven with the Chrome DevTools protocol over a websocket.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import functools
import http.server
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mygame_devtools.loopback import serving

if TYPE_CHECKING:
    from collections.abc import Iterator

    from websockets.sync.client import ClientConnection

__all__ = ["PageReport", "check_site", "main"]

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--remote-debugging-port=0", "--window-size=1280,900",
)  # fmt: skip
_RENDER_WAIT = 15.0
# Debian's chromium first; GitHub's runners have Google Chrome (Linux, macOS).
_BROWSERS = (
    "chromium", "chromium-browser", "google-chrome",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)  # fmt: skip


class PageReport:
    """What one page showed: errors, diagrams expected and rendered."""

    def __init__(self, path: str, diagrams: int) -> None:
        """Start the report of the page at ``path`` with ``diagrams`` mermaid blocks."""
        self.path = path
        self.diagrams = diagrams
        self.svgs = 0
        self.errors: list[str] = []

    @property
    def ok(self) -> bool:
        """True when nothing went wrong and every diagram rendered."""
        return not self.errors and self.svgs >= self.diagrams


class _Session:
    """A DevTools protocol connection to one page target."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:  # noqa: ANN401
        number = next(self.ids)
        self.socket.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=60))
            if message.get("id") == number:
                if "error" in message:
                    msg = f"{method}: {message['error']}"
                    raise RuntimeError(msg)
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    def drain(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                self.events.append(json.loads(self.socket.recv(timeout=left)))
            except TimeoutError:
                return


@contextlib.contextmanager
def _serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as url:
        yield f"{url}/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002, ANN401
        """Say nothing per request."""


@contextlib.contextmanager
def _browser(executable: str) -> Iterator[tuple[str, str]]:
    """Start Chromium with a new profile; yield its DevTools host:port and browser path."""
    # Chromium's helper processes may still write to the profile as it exits: its
    # removal is best effort (a temporary folder), never a failed check.
    with tempfile.TemporaryDirectory(prefix="site-check-", ignore_cleanup_errors=True) as profile:
        process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            port_file = Path(profile) / "DevToolsActivePort"
            deadline = time.monotonic() + 30
            while not port_file.is_file() or len(port_file.read_text().split()) < 2:
                if time.monotonic() > deadline or process.poll() is not None:
                    msg = f"{executable} did not start its DevTools endpoint"
                    raise RuntimeError(msg)
                time.sleep(0.1)
            port, browser_path = port_file.read_text().split()[:2]
            yield f"127.0.0.1:{port}", browser_path
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _count_svgs(node: dict[str, Any], inside_mermaid: bool = False) -> int:  # noqa: FBT001, FBT002
    """Count ``<svg>`` elements in shadow roots of mermaid hosts (the rendered diagrams)."""
    attributes = node.get("attributes", [])
    classes = dict(zip(attributes[::2], attributes[1::2], strict=True)).get("class", "")
    here = inside_mermaid or "mermaid" in classes.split()
    count = 1 if here and node.get("nodeName", "").lower() == "svg" else 0
    if count:
        return count
    children = node.get("children", []) + node.get("shadowRoots", [])
    return count + sum(_count_svgs(child, here) for child in children)


def _errors(events: list[dict[str, Any]]) -> list[str]:
    errors: list[str] = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            errors.append(f"exception: {details.get('exception', {}).get('description', details)}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            errors.append(f"console.error: {text}")
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            entry = params["entry"]
            errors.append(f"{entry['source']}: {entry['text']} {entry.get('url', '')}".rstrip())
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            errors.append(f"request failed: {params.get('errorText')}")
    return errors


def _check_pages(
    endpoint: tuple[str, str], pages: list[tuple[str, PageReport]], screenshot: Path
) -> None:
    """Open every page at once, each in a tab of its own; fill in each page's report.

    All tabs load and render side by side, and one wait after the last has rendered
    catches late errors on all of them, so the check takes about as long as the
    slowest page, not the sum of them. The first page's tab is kept as ``screenshot``.
    """
    from websockets.sync.client import connect  # noqa: PLC0415 (only the docs session has it)

    host, browser_path = endpoint
    with contextlib.ExitStack() as stack:
        browser = _Session(
            stack.enter_context(connect(f"ws://{host}{browser_path}", max_size=None))
        )
        tabs: list[tuple[_Session, PageReport]] = []
        for url, report in pages:
            target = browser.call("Target.createTarget", url="about:blank")["targetId"]
            stack.callback(browser.call, "Target.closeTarget", targetId=target)
            socket = connect(f"ws://{host}/devtools/page/{target}", max_size=None)
            page = _Session(stack.enter_context(socket))
            for domain in ("Runtime", "Log", "Network", "Page"):
                page.call(f"{domain}.enable")
            page.call("Page.navigate", url=url)
            tabs.append((page, report))
        waiting = list(tabs)
        deadline = time.monotonic() + _RENDER_WAIT
        while waiting and time.monotonic() < deadline:
            for page, report in list(waiting):
                page.drain(0.02)
                if not _loaded(page):
                    continue
                if report.diagrams:  # the whole tree, shadow roots and all: only if needed
                    tree = page.call("DOM.getDocument", depth=-1, pierce=True)["root"]
                    report.svgs = _count_svgs(tree)
                if report.svgs >= report.diagrams:
                    waiting.remove((page, report))
        time.sleep(1.0)  # late errors: a script that fails after load, on any page
        for page, report in tabs:
            page.drain(0.05)
            report.errors = _errors(page.events)
            if not _loaded(page):
                report.errors.append("the page never finished loading")
        index = tabs[0][0]
        index.call("Page.bringToFront")  # a tab in the background is never painted
        shot = index.call("Page.captureScreenshot", format="png")
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        screenshot.write_bytes(base64.b64decode(shot["data"]))


def _loaded(page: _Session) -> bool:
    return any(e.get("method") == "Page.loadEventFired" for e in page.events)


def check_site(site: Path, screenshot: Path, executable: str) -> list[PageReport]:
    """Open every page of ``site``; keep a screenshot of the index; return the reports."""
    pages = [site / "index.html", *sorted(site.glob("*/index.html"))]
    checks: list[tuple[str, PageReport]] = []
    with _serve(site) as base, _browser(executable) as endpoint:
        for page in pages:
            relative = page.parent.relative_to(site).as_posix()
            path = "" if relative == "." else f"{relative}/"
            diagrams = page.read_text(encoding="utf-8").count('class="mermaid"')
            checks.append((base + path, PageReport(path or "index", diagrams)))
        _check_pages(endpoint, checks, screenshot)
    return [report for _, report in checks]


def main(argv: list[str] | None = None) -> int:
    """Check the site; print one line per page; return 1 if any page failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (mkdocs build --site-dir)")
    parser.add_argument("--screenshot", type=Path, required=True, help="where to keep the index")
    parser.add_argument("--browser", default=None, help="Chromium (default: chromium on PATH)")
    args = parser.parse_args(argv)
    found = (shutil.which(name) for name in _BROWSERS)
    executable = args.browser or next((path for path in found if path), None)
    if executable is None:
        print(
            "site: error: no chromium on PATH: install it (apt-get install chromium) "
            "or pass --browser",
            file=sys.stderr,
        )
        return 2
    if not (args.site / "index.html").is_file():
        print(f"site: error: {args.site} has no index.html: build the site first", file=sys.stderr)
        return 2
    reports = check_site(args.site.resolve(), args.screenshot.resolve(), executable)
    for report in reports:
        status = "ok" if report.ok else "FAIL"
        print(f"site: {status:4} {report.path} ({report.svgs}/{report.diagrams} diagrams as svg)")
        for error in report.errors:
            print(f"site:      {error}")
    failed = [r for r in reports if not r.ok]
    print(
        f"site: {len(reports)} pages in {Path(executable).name}, offline; "
        f"{len(failed)} failed; screenshot of the index: {args.screenshot}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
