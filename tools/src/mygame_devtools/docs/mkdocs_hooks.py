"""mkdocs hooks: a site that works offline, built from pages that read the same on GitHub.

- Links that leave docs/ (``../noxfile.py``) or go into its step folders point at GitHub;
  links between pages stay for ``mkdocs build --strict`` to check.
- The site's index gets the README's diagrams at ``<!-- site: the README's pictures -->``.
- The site ships the pinned mermaid (its sha512 checked) and loads it only on pages
  with a diagram, so the theme never fetches it from a CDN.
- A console block's copy button copies its commands, without prompts or output.

Ours: the theme loads mermaid from a CDN and keeps links as written; these change both.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import posixpath
import re
import tarfile
import urllib.request
from pathlib import Path
from typing import Any

from mygame_devtools.docs.runner import CLONE_URL, console_session

__all__ = ["mermaid_js", "on_files", "on_page_content", "on_page_markdown", "on_post_page"]

_MERMAID = "11.17.2"  # the release the site ships, and its npm tarball's sha512 (integrity)
_SHA512 = "V6K3C8EBdEsPFZXSKMJe6ppQOENxuHARr9GvHX4hh47lAbhMRD9qf4oEK7LoaRQxULMa80/qt5gHO73aCleBBg=="
_SITE_PATH = "assets/javascripts/mermaid.min.js"
_ROOT = Path(__file__).resolve().parents[4]
_README_PICTURES = "<!-- site: the README's pictures -->"
_MERMAID_BLOCK = re.compile(r"^```mermaid\n.*?^```\n", re.MULTILINE | re.DOTALL)
# The theme's script: mermaid goes right after it, on the same relative path to the assets.
_THEME_SCRIPT = re.compile(
    r'<script src="(?P<base>[^"]*)assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>'
)
_HIGHLIGHT_DIV = re.compile(r'<div class="highlight">(?P<body>.*?</code></pre>)', re.DOTALL)
_LINK = re.compile(r"\]\((?P<target>[^)\s#]+)(?P<anchor>#[^)\s]*)?\)")


def on_page_markdown(markdown: str, /, *, page: Any, **_: object) -> str:  # noqa: ANN401 (mkdocs')
    """Point links that leave docs/ (or go into its step folders) at GitHub."""

    def rewrite(match: re.Match[str]) -> str:
        target, folder = match["target"], posixpath.dirname(page.file.src_uri)
        path = posixpath.normpath(posixpath.join("docs", folder, target))
        page_link = path.startswith("docs/") and target.endswith(".md") and "/steps/" not in path
        if page_link or re.match(r"^[a-z]+:", target) or target.startswith("/"):
            return match[0]  # another page (mkdocs checks it), or a URL
        kind = "tree" if target.endswith("/") else "blob"
        return f"]({CLONE_URL}/{kind}/main/{path}{match['anchor'] or ''})"

    if page.file.src_uri == "README.md":
        readme = (_ROOT / "README.md").read_text(encoding="utf-8")
        pictures = "\n".join(m[0] for m in _MERMAID_BLOCK.finditer(readme))
        markdown = markdown.replace(_README_PICTURES, pictures)
    return _LINK.sub(rewrite, markdown)


def mermaid_js(cache: Path) -> bytes:
    """Return mermaid.min.js of the pinned release; its tarball is fetched into ``cache`` once."""
    url = f"https://registry.npmjs.org/mermaid/-/mermaid-{_MERMAID}.tgz"
    tarball = cache / f"mermaid-{_MERMAID}.tgz"
    if not tarball.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        with urllib.request.urlopen(url, timeout=60) as response:
            tarball.write_bytes(response.read())
    data = tarball.read_bytes()
    if (digest := base64.b64encode(hashlib.sha512(data).digest()).decode()) != _SHA512:
        msg = f"{tarball} ({url}) has sha512 {digest}, not {_SHA512}: delete it to fetch again"
        raise RuntimeError(msg)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r|gz") as archive:  # read up to it only
        member = next((m for m in archive if m.name == "package/dist/mermaid.min.js"), None)
        if member is None or (script := archive.extractfile(member)) is None:
            msg = f"{url} has no package/dist/mermaid.min.js"
            raise RuntimeError(msg)
        return script.read()


def on_files(files: Any, /, *, config: Any) -> Any:  # noqa: ANN401 (mkdocs' own types)
    """Add mermaid.min.js to the site, so diagrams render with no network."""
    from mkdocs.structure.files import File  # noqa: PLC0415 (only inside mkdocs)

    script = mermaid_js(_ROOT / ".nox" / "site-assets")
    files.append(File.generated(config, _SITE_PATH, content=script))
    return files


def on_post_page(output: str, /, **_: object) -> str:
    """Load mermaid on a page that has a diagram, right after the theme's script."""
    if 'class="mermaid"' not in output:
        return output
    if (theme := _THEME_SCRIPT.search(output)) is None:
        msg = "a page with a diagram has no theme script to load mermaid after"
        raise RuntimeError(msg)
    mermaid = f'<script src="{theme["base"]}{_SITE_PATH}"></script>'
    return output[: theme.end()] + mermaid + output[theme.end() :]


def on_page_content(content: str, /, **_: object) -> str:
    """Let each console block's copy button copy its commands only (``data-copy``)."""

    def mark(match: re.Match[str]) -> str:
        text = html.unescape(re.sub(r"<[^>]+>", "", match["body"]))
        if '<span class="gp">$ </span>' not in match["body"]:
            return match[0]  # not a console session: the whole block is the code
        copy = html.escape("\n".join(c for _, c, _ in console_session(text)), quote=True)
        return f'<div class="highlight" data-copy="{copy}">{match["body"]}'

    return _HIGHLIGHT_DIV.sub(mark, content)
