"""``nox -s release``: one distribution bumped, dated, committed and tagged; never pushed."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
from mygame_devtools.release.__main__ import bump, widened
from mygame_devtools.workspace import pretty
from packaging.requirements import Requirement
from packaging.version import Version

if TYPE_CHECKING:
    from release.conftest import Repo

VERSION_FILE = "packages/{0}/src/mygame/{1}/_version.py"


def version_of(repo: Repo, dist: str) -> Version:
    text = repo.read(VERSION_FILE.format(dist, dist.removeprefix("mygame-")))
    match = re.search(r'__version__ = "([^"]+)"', text)
    assert match is not None
    return Version(match[1])


def dependencies_of(repo: Repo, dist: str) -> str:
    text = repo.read(f"packages/{dist}/pyproject.toml")
    match = re.search(r"dependencies = \[(.*?)\]", text, re.DOTALL)
    assert match is not None
    return match[1]


def logic_range_of(repo: Repo, dist: str) -> Requirement:
    for quoted in re.findall(r'"([^"]+)"', dependencies_of(repo, dist)):
        req = Requirement(quoted)
        if req.name == "mygame-logic":
            return req
    pytest.fail(f"{dist} does not require mygame-logic")


class TestBump:
    @pytest.mark.parametrize(
        ("part", "expected"), [("major", "2.0.0"), ("minor", "1.3.0"), ("patch", "1.2.1")]
    )
    def test_bump_increments_one_part_and_resets_the_rest(self, part: str, expected: str) -> None:
        assert bump(Version("1.2.0"), part) == Version(expected)

    def test_widening_moves_only_the_upper_bound(self) -> None:
        req = Requirement("mygame-logic>=1.2,<2")
        assert widened(req, Version("2.0.0")) == "mygame-logic>=1.2,<3"

    def test_widening_keeps_exclusions_but_not_one_that_hits_the_new_version(self) -> None:
        assert widened(Requirement("a>=1,!=1.5,<2"), Version("2.1")) == "a!=1.5,>=1,<3"
        assert widened(Requirement("a>=1,!=2.0.0,<2"), Version("2.0.0")) is None

    def test_pinned_ranges_are_left_to_a_human(self) -> None:
        assert widened(Requirement("a==1.2"), Version("2.0")) is None
        assert widened(Requirement("a~=1.2"), Version("2.0")) is None


class TestRelease:
    def test_minor_release_bumps_only_that_distribution_commits_and_tags(self, repo: Repo) -> None:
        before = {d: version_of(repo, d) for d in ("mygame-logic", "mygame-draw", "mygame-cli")}
        repo.note_unreleased("mygame-logic", "The ball serves faster.")
        proc = repo.tool("release", "mygame-logic", "minor")
        assert proc.returncode == 0, proc.stderr
        new = bump(before["mygame-logic"], "minor")
        assert version_of(repo, "mygame-logic") == new
        assert version_of(repo, "mygame-draw") == before["mygame-draw"]
        assert version_of(repo, "mygame-cli") == before["mygame-cli"]
        assert repo.git("status", "--porcelain") == ""
        assert repo.git("log", "-1", "--format=%s") == f"Release mygame-logic {new}"
        assert repo.git("tag", "--points-at", "HEAD") == f"mygame-logic-v{new}"
        assert "nothing was pushed" in proc.stdout

    def test_a_stale_index_lock_is_named_before_any_file_changes(self, repo: Repo) -> None:
        repo.note_unreleased("mygame-logic", "The ball serves faster.")
        (repo.path / ".git" / "index.lock").write_text("", encoding="utf-8")
        proc = repo.tool("release", "mygame-logic", "minor")
        assert proc.returncode != 0
        (line,) = proc.stderr.splitlines()
        assert "index.lock exists" in line
        assert "delete it and run again" in line
        assert repo.git("status", "--porcelain") == ""

    def test_changelog_entries_move_under_the_new_version_and_today(self, repo: Repo) -> None:
        repo.note_unreleased("mygame-logic", "The ball serves faster.")
        assert repo.tool("release", "mygame-logic", "patch").returncode == 0
        changelog = repo.read("packages/mygame-logic/CHANGELOG.md")
        today = dt.datetime.now(tz=dt.UTC).date().isoformat()
        new = version_of(repo, "mygame-logic")
        unreleased, released = changelog.split(f"## [{new}] - {today}")
        assert unreleased.rstrip().endswith("## [Unreleased]")
        assert released.index("The ball serves faster.") < released.index("## [")

    def test_release_is_never_pushed(self, repo: Repo) -> None:
        """Every ref of the remote (HEAD, branches, tags) stays as it was.

        Compared with ``ls-remote``, not ``origin/HEAD``: a clone of a detached checkout
        that is no branch's tip (a pull request's merge commit in CI, a benchmark of an
        older commit) has no ``origin/HEAD``.
        """
        repo.note_unreleased("mygame-logic", "The ball serves faster.")
        remote = repo.git("ls-remote", "origin")
        assert repo.tool("release", "mygame-logic", "minor").returncode == 0
        new_tag = f"mygame-logic-v{version_of(repo, 'mygame-logic')}"
        assert new_tag in repo.git("tag", "--list")
        assert repo.git("ls-remote", "origin") == remote
        assert new_tag not in remote
        assert repo.git("rev-parse", "HEAD") not in remote  # the release commit

    def test_dirty_tree_is_refused_and_nothing_changes(self, repo: Repo) -> None:
        repo.note_unreleased("mygame-logic", "The ball serves faster.")
        before, head = version_of(repo, "mygame-logic"), repo.git("rev-parse", "HEAD")
        repo.write("packages/mygame-logic/README.md", "edited, not committed\n")
        proc = repo.tool("release", "mygame-logic", "minor")
        assert proc.returncode == 1
        assert "uncommitted changes (packages/mygame-logic/README.md)" in proc.stderr
        assert version_of(repo, "mygame-logic") == before
        assert repo.git("rev-parse", "HEAD") == head
        assert repo.git("tag", "--list") == ""

    def test_empty_unreleased_section_is_refused(self, repo: Repo) -> None:
        path = "packages/mygame-draw/CHANGELOG.md"
        text = repo.read(path)
        start = text.index("## [Unreleased]") + len("## [Unreleased]")
        repo.write(path, text[:start] + "\n\n" + text[text.index("## [", start) :])
        if repo.git("status", "--porcelain"):
            repo.commit_all("Nothing waiting in mygame-draw")
        proc = repo.tool("release", "mygame-draw", "patch")
        assert proc.returncode == 1
        assert "[Unreleased] section is empty" in proc.stderr

    def test_unknown_distribution_or_part_is_one_line_error(self, repo: Repo) -> None:
        for args in (("mygame-nope", "minor"), ("mygame-logic", "huge")):
            proc = repo.tool("release", *args)
            assert proc.returncode == 1
            assert len(proc.stderr.strip().splitlines()) == 1
            assert "choose one of" in proc.stderr

    def test_existing_tag_is_refused(self, repo: Repo) -> None:
        repo.note_unreleased("mygame-logic", "The ball serves faster.")
        new = bump(version_of(repo, "mygame-logic"), "minor")
        repo.git("tag", f"mygame-logic-v{new}")
        proc = repo.tool("release", "mygame-logic", "minor")
        assert proc.returncode == 1
        assert "already exists" in proc.stderr


class TestDependentRanges:
    def test_major_release_names_each_range_to_widen_and_changes_nothing(self, repo: Repo) -> None:
        repo.note_unreleased("mygame-logic", "A new scoring API.")
        head = repo.git("rev-parse", "HEAD")
        new = bump(version_of(repo, "mygame-logic"), "major")
        proc = repo.tool("release", "mygame-logic", "major")
        assert proc.returncode == 1
        for dependent in ("mygame-draw", "mygame-cli"):
            req = logic_range_of(repo, dependent)
            assert (
                f"{dependent} requires '{pretty(req)}', which excludes mygame-logic {new}: "
                f"widen it to '{widened(req, new)}' in packages/{dependent}/pyproject.toml"
            ) in proc.stderr
        assert "Nothing was changed" in proc.stderr
        assert repo.git("rev-parse", "HEAD") == head
        assert repo.git("status", "--porcelain") == ""

    def test_widen_rewrites_the_ranges_and_records_them_in_dependents_changelogs(
        self, repo: Repo
    ) -> None:
        repo.note_unreleased("mygame-logic", "A new scoring API.")
        new = bump(version_of(repo, "mygame-logic"), "major")
        expected = {d: widened(logic_range_of(repo, d), new) for d in ("mygame-draw", "mygame-cli")}
        proc = repo.tool("release", "mygame-logic", "major", "--widen")
        assert proc.returncode == 0, proc.stderr
        for dependent, wider in expected.items():
            assert f'"{wider}"' in dependencies_of(repo, dependent)
            changelog = repo.read(f"packages/{dependent}/CHANGELOG.md")
            unreleased = changelog.split("## [Unreleased]")[1].split("\n## [")[0]
            assert f"Accept mygame-logic {new}: the requirement is now `{wider}`" in unreleased
        assert repo.git("status", "--porcelain") == ""
        assert repo.tool("release.consistency").returncode == 0
