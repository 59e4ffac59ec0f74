"""Open the built site in headless Chromium, offline, and check what a reader sees.

``python -m mygame_devtools.docs.site_check SITE --screenshot PNG [--browser PATH]``: each
page, served on 127.0.0.1 (other hosts do not resolve) 1280 px wide, shows no console error,
uncaught exception or failed request, and draws each diagram as an SVG whose smallest text
renders at 11 px or more (font size times the SVG's scale); the index is kept as a
screenshot. Playwright drives the Chromium on PATH; the diagram checks are ours.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import ConsoleMessage, Page, Request

__all__ = ["MIN_TEXT_PX", "WIDTH", "PageReport", "check_site", "main"]

WIDTH = 1280
MIN_TEXT_PX = 11.0
_OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
_BROWSERS = ("chromium", "chromium-browser")  # else Google Chrome where it installs itself
# Material draws diagrams in closed shadow roots: opened, the page's own DOM reaches them.
_OPEN_SHADOWS = """const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attach.call(this, { ...init, mode: "open" });
};"""
# For each drawn diagram: the smallest font size of its text, times the SVG's scale.
_MEASURE = """() => [...document.querySelectorAll(".mermaid")]
  .map((host) => host.shadowRoot?.querySelector("svg")).filter(Boolean).map((svg) => {
    const box = svg.viewBox.baseVal, scale = box?.width ? svg.clientWidth / box.width : 1;
    const texts = [...svg.querySelectorAll(":not(style)")].filter((e) => [...e.childNodes]
      .some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim()));  // own text
    const sizes = texts.map((e) => parseFloat(getComputedStyle(e).fontSize));
    const words = texts.map((e) => e.textContent.trim()).join(" ").replace(/\\s+/g, " ");
    return [Math.min(...sizes, 1000) * scale, words.slice(0, 40)];  // no text: never small
  })"""
_DRAWN = f"n => document.readyState === 'complete' && ({_MEASURE})().length >= n"
_RENDER_WAIT = 15.0


@dataclass
class PageReport:
    """What one page showed: its errors, its diagrams, and each drawn one's text size."""

    path: str
    diagrams: int
    drawn: list[tuple[float, str]] = field(default_factory=list)  # px, first words
    errors: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """Errors, diagrams not drawn, and diagrams drawn with text too small to read."""
        problems = list(self.errors)
        if len(self.drawn) < self.diagrams:
            problems.append(f"{len(self.drawn)} of {self.diagrams} diagrams drawn")
        for number, (px, words) in enumerate(self.drawn, start=1):
            if px < MIN_TEXT_PX:
                problems.append(f"diagram {number} ('{words}'): text {px:.1f} px at {WIDTH} px "
                                f"wide, below {MIN_TEXT_PX:g} px")  # fmt: skip
        return problems


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


def _watch(tab: Page, errors: list[str]) -> None:
    """Keep what goes wrong on a page: console errors, exceptions, failed requests."""

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console.error: {message.text}")

    def failed(request: Request) -> None:
        if request.failure != "net::ERR_ABORTED":  # cancelled, not failed
            errors.append(f"request failed: {request.failure} {request.url}")

    tab.on("console", console)
    tab.on("pageerror", lambda error: errors.append(f"exception: {error.stack or error}"))
    tab.on("requestfailed", failed)


def check_site(site: Path, screenshot: Path, executable: str | None) -> list[PageReport]:
    """Open every page of ``site`` at once; keep a screenshot of the index; return the reports."""
    from playwright.sync_api import TimeoutError as Late  # noqa: PLC0415 (docs session only)
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    tabs: list[tuple[Page, PageReport]] = []
    # Chromium puts a socket in TMPDIR, and a socket's path has at most 107 bytes: nox's
    # session folders in a deep checkout have more. /tmp, where there is one, is short.
    short = "/tmp" if Path("/tmp").is_dir() else None  # noqa: S108
    with (
        _serve(site) as base,
        sync_playwright() as pw,
        tempfile.TemporaryDirectory(prefix="site-", dir=short) as tmp,
    ):
        channel = None if executable else "chrome"  # playwright knows where Chrome lives
        env: dict[str, str | float | bool] = {**os.environ, "TMPDIR": tmp}
        browser = pw.chromium.launch(
            executable_path=executable, channel=channel, args=[_OFFLINE], env=env
        )
        context = browser.new_context(viewport={"width": WIDTH, "height": 900})
        context.add_init_script(_OPEN_SHADOWS)
        for page in [site / "index.html", *sorted(site.glob("*/index.html"))]:
            path = "" if page.parent == site else f"{page.parent.name}/"
            report = PageReport(path or "index", page.read_text("utf-8").count('class="mermaid"'))
            _watch(tab := context.new_page(), report.errors)
            tab.goto(base + path, wait_until="commit")  # the pages load side by side
            tabs.append((tab, report))
        deadline = time.monotonic() + _RENDER_WAIT
        for tab, report in tabs:  # loaded, its diagrams drawn, within what is left of one deadline
            left = max(deadline - time.monotonic(), 0.001) * 1000
            with contextlib.suppress(Late):
                tab.wait_for_function(_DRAWN, arg=report.diagrams, timeout=left)
        time.sleep(1.0)  # late errors: a script that fails after load, on any page
        for tab, report in tabs:
            report.drawn = [(px, words) for px, words in tab.evaluate(_MEASURE)]
            if tab.evaluate("document.readyState") != "complete":
                report.errors.append("never finished loading")
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        tabs[0][0].bring_to_front()  # a tab in front draws at once: no wait for a frame
        tabs[0][0].screenshot(path=screenshot)
        browser.close()
    return [report for _, report in tabs]


def main(argv: list[str] | None = None) -> int:
    """Check the site; print one line per page; return 1 if any page failed."""
    parser = argparse.ArgumentParser("site", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (mkdocs build --site-dir)")
    parser.add_argument("--screenshot", type=Path, required=True, help="where to keep the index")
    parser.add_argument("--browser", help="Chromium (default: chromium on PATH, or Chrome)")
    args = parser.parse_args(argv)
    executable = args.browser or next(filter(None, map(shutil.which, _BROWSERS)), None)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} has no index.html: build it (mkdocs build --site-dir)")
    from playwright.sync_api import Error  # noqa: PLC0415 (docs session only)

    try:
        reports = check_site(args.site.resolve(), args.screenshot.resolve(), executable)
    except Error as error:  # the first line names the browser it did not find
        parser.error(f"{error.message.splitlines()[0]}; install chromium or pass --browser")
    for report in reports:
        drawn = f"{len(report.drawn)}/{report.diagrams} diagrams drawn"
        print(f"site: {'FAIL' if report.problems else 'ok':4} {report.path} ({drawn})")
        for problem in report.problems:
            print(f"site:      {problem}")
    failed = [r for r in reports if r.problems]
    print(
        f"site: {len(reports)} pages in {Path(executable or 'chrome').name}, offline; "
        f"{len(failed)} failed; screenshot of the index: {args.screenshot}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
