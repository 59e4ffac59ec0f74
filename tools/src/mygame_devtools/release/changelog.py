"""Read and edit a Keep a Changelog file: its ``[Unreleased]`` section and release headings.

Ours: nox's Python has no changelog library, and these edits keep the rest of the text.
"""

from __future__ import annotations

import re

from packaging.version import InvalidVersion, Version

from mygame_devtools.workspace import WorkspaceError

__all__ = ["ChangelogError", "add_unreleased_entry", "release_unreleased", "releases", "unreleased"]

_HEADING = re.compile(
    r"^## \[(?P<title>[^\]\r\n]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?[ \t]*$", re.MULTILINE
)
_SUBSECTION = re.compile(r"^(?=### )", re.MULTILINE)


class ChangelogError(WorkspaceError):
    """The changelog does not have the shape the release needs."""


def _unreleased(text: str) -> tuple[int, int]:
    """Return where the ``[Unreleased]`` section's body starts and ends."""
    headings = list(_HEADING.finditer(text))
    for i, heading in enumerate(headings):
        if heading["title"].lower() == "unreleased":
            end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
            return heading.end(), end
    msg = "no '## [Unreleased]' heading"
    raise ChangelogError(msg)


def unreleased(text: str) -> str:
    """Return the text under ``## [Unreleased]`` (empty when nothing is waiting)."""
    start, end = _unreleased(text)
    return text[start:end].strip()


def releases(text: str) -> list[tuple[Version, str | None]]:
    """Return the version and date (if any) of each release heading, newest first."""
    found = []
    for heading in _HEADING.finditer(text):
        if heading["title"].lower() == "unreleased":
            continue
        try:
            found.append((Version(heading["title"]), heading["date"]))
        except InvalidVersion:
            msg = f"heading '{heading[0].strip()}' does not name a version"
            raise ChangelogError(msg) from None
    return found


def release_unreleased(text: str, version: Version, date: str) -> str:
    """Move the ``[Unreleased]`` entries under ``## [version] - date``; refuse if there are none."""
    start, end = _unreleased(text)
    if not (body := text[start:end].strip()):
        msg = (
            "the [Unreleased] section is empty: add what changed (### Added/Changed/Fixed ...) "
            "before releasing"
        )
        raise ChangelogError(msg)
    return f"{text[:start]}\n\n## [{version}] - {date}\n\n{body}\n\n{text[end:].lstrip()}"


def add_unreleased_entry(text: str, kind: str, entry: str) -> str:
    """Add ``- entry`` under ``### kind`` in the ``[Unreleased]`` section (made if missing)."""
    start, end = _unreleased(text)
    parts = [p.strip() for p in _SUBSECTION.split(text[start:end]) if p.strip()]
    titles = [p.partition("\n")[0].rstrip() for p in parts]
    if (heading := f"### {kind}") not in titles:
        parts, titles = [*parts, heading], [*titles, heading]
    at = titles.index(heading)
    parts[at] += ("\n\n" if parts[at] == heading else "\n") + f"- {entry}"
    body = "\n\n".join(parts)
    return f"{text[:start]}\n\n{body}\n\n{text[end:].lstrip()}"
