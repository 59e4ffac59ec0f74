"""Tests of the site check: a small built site in headless Chromium."""

from __future__ import annotations

import shutil
import tempfile
from typing import TYPE_CHECKING

import pytest
from mygame_devtools.docs import site_check

if TYPE_CHECKING:
    from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("google-chrome")
# As the Material theme draws a diagram: the <pre class="mermaid"> becomes a host whose
# closed shadow root holds the SVG, scaled to the width of the page.
PAGE = """<!doctype html><html><head><link rel="icon" href="data:,"></head>
<body style="margin:0"><main style="width:VIEWpx">
<pre class="mermaid"><code>graph TD</code></pre>
<script>
for (const pre of document.querySelectorAll("pre.mermaid")) {
  const host = document.createElement("div");
  host.className = "mermaid";
  host.attachShadow({mode: "closed"}).innerHTML = `<svg viewBox="0 0 WIDE 100" width="100%"
    style="font-size:16px"><g><foreignObject width="200" height="40"><div><span>First
    node</span></div></foreignObject><text x="10" y="80">edge</text></g></svg>`;
  pre.replaceWith(host);
}
SCRIPT</script></body></html>"""


def page(folder: Path, view: int, wide: int, script: str = "") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    html = PAGE.replace("VIEW", str(view)).replace("WIDE", str(wide)).replace("SCRIPT", script)
    (folder / "index.html").write_text(html, encoding="utf-8")


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium (apt-get install chromium)")
def test_small_diagram_text_and_page_errors_fail_naming_page_and_diagram(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """16 px text scaled to 600/2400 renders at 4 px: that diagram fails; a 1:1 one passes.

    A console error, an exception after load and a request that leaves 127.0.0.1 fail too.
    TMPDIR is deep, as nox's session folders in a deep checkout are: Chromium's socket,
    whose path has at most 107 bytes, must not go there.
    """
    deep = tmp_path / ("a-session-folder-of-nox-in-a-deep-checkout" * 3)
    deep.mkdir()
    monkeypatch.setenv("TMPDIR", str(deep))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    site = tmp_path / "site"
    page(site, view=600, wide=600)  # the index: scale 1, 16 px
    page(site / "wide", view=600, wide=2400)  # scale 1/4: 4 px
    page(site / "broken", view=600, wide=600, script='console.error("boom");')
    late = 'setTimeout(() => { throw new Error("late"); }, 300);'
    page(site / "throws", view=600, wide=600, script=late)
    online = 'document.body.append(Object.assign(new Image(), {src: "https://example.org/a.png"}));'
    page(site / "online", view=600, wide=600, script=online)
    shot = tmp_path / "index.png"
    status = site_check.main([str(site), "--screenshot", str(shot), "--browser", str(CHROMIUM)])
    out = capsys.readouterr().out
    assert status == 1, out
    assert "site: ok   index (1/1 diagrams drawn)" in out
    assert "site: FAIL wide/ (1/1 diagrams drawn)" in out
    assert "diagram 1 ('First node edge'): text 4.0 px at 1280 px wide, below 11 px" in out
    assert "site: FAIL broken/" in out
    assert "console.error: boom" in out
    assert "site: FAIL throws/" in out
    assert "exception: Error: late" in out
    assert "site: FAIL online/" in out
    assert "request failed: net::ERR_NAME_NOT_RESOLVED https://example.org/a.png" in out
    assert shot.read_bytes().startswith(b"\x89PNG")
