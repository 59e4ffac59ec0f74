"""``nox -s consistency``: ranges, changelogs, versions and tags must tell one story."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from release.conftest import Repo

LOGIC_VERSION = "packages/mygame-logic/src/mygame/logic/_version.py"


def logic_version(repo: Repo) -> str:
    match = re.search(r'__version__ = "([^"]+)"', repo.read(LOGIC_VERSION))
    assert match is not None
    return match[1]


def test_the_repository_as_committed_is_consistent(repo: Repo) -> None:
    proc = repo.tool("release.consistency")
    assert proc.returncode == 0, proc.stderr
    assert "consistency: ok" in proc.stdout


def test_untagged_versions_are_noted_not_failed(repo: Repo) -> None:
    proc = repo.tool("release.consistency")
    assert f"mygame-logic {logic_version(repo)} has no tag" in proc.stdout


def test_version_bumped_without_changelog_entry_fails_naming_the_file(repo: Repo) -> None:
    old = logic_version(repo)
    repo.write(LOGIC_VERSION, repo.read(LOGIC_VERSION).replace(old, "9.9.9"))
    proc = repo.tool("release.consistency")
    assert proc.returncode == 1
    assert (
        f"packages/mygame-logic/CHANGELOG.md: newest entry is {old} but mygame-logic is 9.9.9"
        in proc.stderr
    )


def test_range_that_excludes_the_sibling_in_the_tree_fails(repo: Repo) -> None:
    path = "packages/mygame-draw/pyproject.toml"
    text = repo.read(path)
    spoiled = re.sub(r'"mygame-logic[^"]*"', '"mygame-logic>=0.1,<1"', text)
    assert spoiled != text
    repo.write(path, spoiled)
    proc = repo.tool("release.consistency")
    assert proc.returncode == 1
    assert "does not admit mygame-logic" in proc.stderr


def test_changelog_without_unreleased_section_fails(repo: Repo) -> None:
    path = "packages/mygame-cli/CHANGELOG.md"
    repo.write(path, repo.read(path).replace("## [Unreleased]", "## Upcoming"))
    proc = repo.tool("release.consistency")
    assert proc.returncode == 1
    assert "no '## [Unreleased]' heading" in proc.stderr


def test_tag_on_a_commit_with_another_version_fails(repo: Repo) -> None:
    repo.git("tag", "mygame-logic-v0.0.1")
    proc = repo.tool("release.consistency")
    assert proc.returncode == 1
    assert "tag mygame-logic-v0.0.1 points at a commit whose" in proc.stderr


def test_tag_newer_than_the_tree_fails(repo: Repo) -> None:
    repo.git("tag", "mygame-logic-v99.0.0")
    proc = repo.tool("release.consistency")
    assert proc.returncode == 1
    assert "tag mygame-logic-v99.0.0 is newer than mygame-logic" in proc.stderr


def test_tag_of_an_unknown_distribution_fails(repo: Repo) -> None:
    repo.git("tag", "mygame-sound-v1.0.0")
    proc = repo.tool("release.consistency")
    assert proc.returncode == 1
    assert "mygame-sound-v1.0.0 name no distribution" in proc.stderr


def test_a_release_leaves_the_repository_consistent_and_tagged(repo: Repo) -> None:
    repo.note_unreleased("mygame-draw", "Sharper paddles.")
    assert repo.tool("release", "mygame-draw", "minor").returncode == 0
    proc = repo.tool("release.consistency")
    assert proc.returncode == 0, proc.stderr
    assert "mygame-draw" not in "".join(
        line for line in proc.stdout.splitlines() if "has no tag" in line
    )
