"""Open the built site in headless Chromium, offline, and check what a reader sees.

Usage: ``python -m mygame_devtools.docs.site_check SITE --screenshot PNG [--browser PATH]``

Each page, served on 127.0.0.1 (every other host fails to resolve) in a 1280-px-wide
window: no console error, uncaught exception or failed request, and each diagram drawn
as an SVG whose smallest text renders at 11 px or more (font size times the SVG's
scale). The index is kept as a screenshot.

CDP over websockets, not playwright: a huge install, sure only of browsers it downloads.
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
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from websockets.sync.client import ClientConnection

__all__ = ["MIN_TEXT_PX", "WIDTH", "PageReport", "check_site", "main"]

WIDTH = 1280
MIN_TEXT_PX = 11.0
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--remote-debugging-port=0", f"--window-size={WIDTH},900",
)  # fmt: skip
_BROWSERS = ("chromium", "chromium-browser", "google-chrome",
             "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")  # fmt: skip
# Material draws diagrams in closed shadow roots: opened, the page's own DOM reaches them.
_OPEN_SHADOWS = """const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attach.call(this, { ...init, mode: "open" });
};"""
# For each drawn diagram: the smallest font size of its text, times the SVG's scale.
_MEASURE = """[...document.querySelectorAll(".mermaid")]
  .map((host) => host.shadowRoot?.querySelector("svg")).filter(Boolean).map((svg) => {
    const box = svg.viewBox.baseVal, scale = box?.width ? svg.clientWidth / box.width : 1;
    const walk = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT), texts = [];
    while (walk.nextNode()) {
      const node = walk.currentNode;
      if (node.textContent.trim() && !node.parentElement.closest("style")) texts.push(node);
    }
    const sizes = texts.map((n) => parseFloat(getComputedStyle(n.parentElement).fontSize));
    const words = texts.map((n) => n.textContent.trim()).join(" ").replace(/\\s+/g, " ");
    return [Math.min(...sizes, 1000) * scale, words.slice(0, 40)];  // no text: never small
  })"""
_RENDER_WAIT = 15.0


@dataclass
class PageReport:
    """What one page showed: its errors, its diagrams, and each drawn one's text size."""

    path: str
    diagrams: int
    drawn: list[tuple[float, str]] = field(default_factory=list)  # px, first words
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing went wrong and every diagram is drawn, legibly."""
        return not self.errors and not self.problems

    @property
    def problems(self) -> list[str]:
        """Diagrams not drawn, or drawn with text too small to read."""
        drawn = len(self.drawn)
        problems = [f"{drawn} of {self.diagrams} diagrams drawn"] if drawn < self.diagrams else []
        return problems + [
            f"diagram {number} ('{words}'): text {px:.1f} px at {WIDTH} px wide,"
            f" below {MIN_TEXT_PX:g} px"
            for number, (px, words) in enumerate(self.drawn, start=1)
            if px < MIN_TEXT_PX
        ]


class _Session:
    """A DevTools protocol connection to one target, keeping the events it receives."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:  # noqa: ANN401
        number = next(self.ids)
        self.socket.send(json.dumps({"id": number, "method": method, "params": params}))
        while (message := json.loads(self.socket.recv(timeout=60))).get("id") != number:
            self.events.append(message)
        if "error" in message:
            msg = f"{method}: {message['error']}"
            raise RuntimeError(msg)
        result: dict[str, Any] = message.get("result", {})
        return result

    def drain(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        with contextlib.suppress(TimeoutError):
            while (left := deadline - time.monotonic()) > 0:
                self.events.append(json.loads(self.socket.recv(timeout=left)))

    @property
    def loaded(self) -> bool:
        return any(e.get("method") == "Page.loadEventFired" for e in self.events)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002, ANN401
        """Say nothing per request."""


@contextlib.contextmanager
def _serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()


@contextlib.contextmanager
def _browser(executable: str) -> Iterator[tuple[str, str]]:
    """Start Chromium with a new profile; yield its DevTools host:port and browser path."""
    # its helper processes may still write to the profile as it exits: removal is best effort
    with tempfile.TemporaryDirectory(prefix="site-check-", ignore_cleanup_errors=True) as profile:
        command = [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            port_file, deadline = Path(profile) / "DevToolsActivePort", time.monotonic() + 30
            while not port_file.is_file() or len(port_file.read_text().split()) < 2:
                if time.monotonic() > deadline or process.poll() is not None:
                    msg = f"{executable} did not start its DevTools endpoint"
                    raise RuntimeError(msg)
                time.sleep(0.1)
            port, path = port_file.read_text().split()[:2]
            yield f"127.0.0.1:{port}", path
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


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


def _check_pages(endpoint: tuple[str, str], pages: dict[str, PageReport], screenshot: Path) -> None:
    """Open every page in a tab of its own, all at once; fill in each page's report."""
    from websockets.sync.client import connect  # noqa: PLC0415 (only the docs session has it)

    host, browser_path = endpoint
    with contextlib.ExitStack() as stack:
        browser = _Session(
            stack.enter_context(connect(f"ws://{host}{browser_path}", max_size=None))
        )
        tabs: list[tuple[_Session, PageReport]] = []
        for url, report in pages.items():
            target = browser.call("Target.createTarget", url="about:blank")["targetId"]
            stack.callback(browser.call, "Target.closeTarget", targetId=target)
            tab = _Session(
                stack.enter_context(connect(f"ws://{host}/devtools/page/{target}", max_size=None))
            )
            for domain in ("Runtime", "Log", "Network", "Page"):
                tab.call(f"{domain}.enable")
            tab.call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=900,
                     deviceScaleFactor=1, mobile=False)  # fmt: skip
            tab.call("Page.addScriptToEvaluateOnNewDocument", source=_OPEN_SHADOWS)
            tab.call("Page.navigate", url=url)
            tabs.append((tab, report))
        waiting, deadline = list(tabs), time.monotonic() + _RENDER_WAIT
        while waiting and time.monotonic() < deadline:
            for tab, report in list(waiting):
                tab.drain(0.02)
                if tab.loaded and (not report.diagrams or len(_measure(tab)) >= report.diagrams):
                    waiting.remove((tab, report))
        time.sleep(1.0)  # late errors: a script that fails after load, on any page
        for tab, report in tabs:
            tab.drain(0.05)
            report.drawn = _measure(tab) if report.diagrams else []
            report.errors = _errors(tab.events) + ([] if tab.loaded else ["never finished loading"])
        index = tabs[0][0]
        index.call("Page.bringToFront")  # a tab in the background is never painted
        shot = index.call("Page.captureScreenshot", format="png")
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        screenshot.write_bytes(base64.b64decode(shot["data"]))


def _measure(tab: _Session) -> list[tuple[float, str]]:
    found = tab.call("Runtime.evaluate", expression=_MEASURE, returnByValue=True)
    return [(px, words) for px, words in found["result"].get("value", [])]


def check_site(site: Path, screenshot: Path, executable: str) -> list[PageReport]:
    """Open every page of ``site``; keep a screenshot of the index; return the reports."""
    with _serve(site) as base, _browser(executable) as endpoint:
        pages: dict[str, PageReport] = {}
        for page in [site / "index.html", *sorted(site.glob("*/index.html"))]:
            path = "" if page.parent == site else f"{page.parent.name}/"
            diagrams = page.read_text(encoding="utf-8").count('class="mermaid"')
            pages[base + path] = PageReport(path or "index", diagrams)
        _check_pages(endpoint, pages, screenshot)
    return list(pages.values())


def main(argv: list[str] | None = None) -> int:
    """Check the site; print one line per page; return 1 if any page failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (mkdocs build --site-dir)")
    parser.add_argument("--screenshot", type=Path, required=True, help="where to keep the index")
    parser.add_argument("--browser", default=None, help="Chromium (default: chromium on PATH)")
    args = parser.parse_args(argv)
    executable = args.browser or next(filter(None, map(shutil.which, _BROWSERS)), None)
    if executable is None or not (args.site / "index.html").is_file():
        problem = "no chromium on PATH: install it (apt-get install chromium) or pass --browser"
        problem = problem if executable is None else f"{args.site} has no index.html: build it"
        print(f"site: error: {problem}", file=sys.stderr)
        return 2
    reports = check_site(args.site.resolve(), args.screenshot.resolve(), executable)
    for report in reports:
        drawn = f"{len(report.drawn)}/{report.diagrams} diagrams drawn"
        print(f"site: {'ok' if report.ok else 'FAIL':4} {report.path} ({drawn})")
        for problem in report.errors + report.problems:
            print(f"site:      {problem}")
    failed = [r for r in reports if not r.ok]
    print(
        f"site: {len(reports)} pages in {Path(executable).name}, offline; "
        f"{len(failed)} failed; screenshot of the index: {args.screenshot}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
