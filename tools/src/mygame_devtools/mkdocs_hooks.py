"""mkdocs hooks for the learning path: links that leave docs/ point at the repository.

The pages link to files of the repository (``../noxfile.py``) and to the step
folders (``steps/01-modules/``), which GitHub shows but a built site does not hold.
Before mkdocs reads a page, each such relative link becomes a link to the same
path on GitHub, so the site works and ``mkdocs build --strict`` still fails on a
broken link between pages.
"""

from __future__ import annotations

import posixpath
import re
from typing import Protocol

__all__ = ["on_page_markdown"]

REPOSITORY = "https://github.com/mygame-dev/mygame"
_LINK = re.compile(r"\]\((?P<target>[^)\s#]+)(?P<anchor>#[^)\s]*)?\)")


class _File(Protocol):
    @property
    def src_uri(self) -> str: ...


class _Page(Protocol):
    @property
    def file(self) -> _File: ...


def _outside_pages(target: str, page_uri: str) -> str | None:
    """Return the repository path of a link the site cannot serve, or None."""
    if re.match(r"^[a-z]+:", target) or target.startswith("/"):
        return None
    path = posixpath.normpath(posixpath.join("docs", posixpath.dirname(page_uri), target))
    if path.startswith("docs/") and target.endswith(".md") and "/steps/" not in path:
        return None  # another page: mkdocs checks it
    return path


def on_page_markdown(markdown: str, /, *, page: _Page, **_: object) -> str:
    """Point links that leave docs/ (or go into its step folders) at GitHub."""

    def rewrite(match: re.Match[str]) -> str:
        path = _outside_pages(match["target"], page.file.src_uri)
        if path is None:
            return match[0]
        kind = "tree" if match["target"].endswith("/") else "blob"
        return f"]({REPOSITORY}/{kind}/main/{path}{match['anchor'] or ''})"

    return _LINK.sub(rewrite, markdown)
