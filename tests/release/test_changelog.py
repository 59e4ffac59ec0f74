"""Editing a Keep a Changelog file: what a release moves, what a widened range records."""

from __future__ import annotations

import pytest
from mygame_devtools.release.changelog import (
    ChangelogError,
    add_unreleased_entry,
    release_unreleased,
    releases,
    unreleased,
)
from packaging.version import Version

CHANGELOG = """\
# Changelog

## [Unreleased]

### Changed

- Faster serve.

## [1.2.0] - 2026-11-24

### Added

- First release.
"""


def test_the_releases_skip_unreleased() -> None:
    assert releases(CHANGELOG) == [(Version("1.2.0"), "2026-11-24")]


def test_release_moves_entries_under_the_version_and_keeps_an_empty_unreleased() -> None:
    text = release_unreleased(CHANGELOG, Version("1.3.0"), "2026-12-01")
    assert unreleased(text) == ""
    assert releases(text) == [(Version("1.3.0"), "2026-12-01"), (Version("1.2.0"), "2026-11-24")]
    assert text.index("## [1.3.0] - 2026-12-01") < text.index("- Faster serve.")
    assert text.index("- Faster serve.") < text.index("## [1.2.0]")


def test_release_with_nothing_unreleased_is_refused() -> None:
    empty = release_unreleased(CHANGELOG, Version("1.3.0"), "2026-12-01")
    with pytest.raises(ChangelogError, match="empty"):
        release_unreleased(empty, Version("1.3.1"), "2026-12-02")


def test_entry_joins_an_existing_subsection() -> None:
    text = add_unreleased_entry(CHANGELOG, "Changed", "Accept mygame-logic 2.0.0.")
    assert "### Changed\n\n- Faster serve.\n- Accept mygame-logic 2.0.0.\n" in text
    assert text.count("### Changed") == 1


def test_entry_opens_a_missing_subsection_inside_unreleased() -> None:
    text = add_unreleased_entry(CHANGELOG, "Fixed", "No flicker.")
    assert "- Faster serve.\n\n### Fixed\n\n- No flicker.\n\n## [1.2.0]" in text


def test_a_changelog_without_unreleased_is_an_error() -> None:
    with pytest.raises(ChangelogError, match=r"no '## \[Unreleased\]' heading"):
        unreleased("# Changelog\n\n## [1.0.0] - 2026-01-01\n")


def test_a_heading_that_is_not_a_version_is_an_error() -> None:
    with pytest.raises(ChangelogError, match="does not name a version"):
        releases("## [Unreleased]\n\n## [next] - 2026-01-01\n")


def test_a_bracket_left_open_is_no_heading_and_no_error_spans_lines() -> None:
    # Found by the workspace fuzz: `[^\]]` let a title run on to the next `]`, lines below.
    broken = CHANGELOG.replace("## [1.2.0]", '## ["\n\n[1.2.0]')
    assert releases(broken) == []
    with pytest.raises(ChangelogError) as raised:
        releases(CHANGELOG.replace("## [1.2.0]", "## [one point two]"))
    assert "\n" not in str(raised.value)
