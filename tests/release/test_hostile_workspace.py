"""Hostile workspace files: every tool that reads or writes them says what is wrong in one line.

A clone of this repository is corrupted in ways a bad merge, an editor or a disk can:
cut short, bytes inserted or replaced, text that is not UTF-8, a committed symlink that
points out of the tree. Every tool either works or fails with one line naming the file,
and writes nothing outside the tree.
"""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mygame_devtools.release import consistency, lowest
from mygame_devtools.workspace import WorkspaceError, load_workspace

from .conftest import ROOT, Repo

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

MEMBER = "packages/mygame-draw"
# Every tool that reads the workspace, with arguments that make it read everything it can.
TOOLS = {
    "release": ["mygame-draw", "patch"],
    "release.consistency": [],
    "release.history": [],
    "release.affected": ["--since", "HEAD", "--list"],
    "release.lowest": ["mygame-cli", "--wheelhouse", "wheels"],
    "release.rename": ["alice-mygame"],
    "checks.build": ["out"],
    "checks.dists": ["."],
    "publish": ["--repository-url", "http://127.0.0.1:9/", "--dry-run"],
    "publish.demo": ["--dist-dir", "."],
}
JUNK = [b'"', b"'", b"[", b"]]", b"=", b"\n[project]\n", b"\xff\xfe", b"\x00", b"\\", b"## ["]


@pytest.fixture
def tree(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """The release tests' clone; index reads give up soon (``publish`` looks for one)."""
    monkeypatch.setenv("MYGAME_NET_DEADLINE", "2")
    return repo


@pytest.fixture(scope="module")
def shared_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One clone for every fuzzed example: each puts its file back."""
    clone = tmp_path_factory.mktemp("fuzz") / "tree"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    return clone


def run_tool(tree: Repo, tool: str) -> subprocess.CompletedProcess[str]:
    return tree.tool(tool, *TOOLS[tool])


def one_line_naming(proc: subprocess.CompletedProcess[str], file: str) -> str:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode != 0, proc.stdout + proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert file in line, line
    return line


@pytest.mark.parametrize("tool", TOOLS)
def test_a_malformed_member_pyproject_is_one_line_from_every_tool(tree: Repo, tool: str) -> None:
    pyproject = f"{MEMBER}/pyproject.toml"
    tree.write(pyproject, tree.read(pyproject).replace('name = "mygame-draw"', 'name = "mygame-'))
    tree.commit_all("a bad merge")  # committed: no tool stops at "uncommitted changes" first
    line = one_line_naming(run_tool(tree, tool), f"{MEMBER}/pyproject.toml:")
    assert "Expected" in line or "Illegal" in line or "Unterminated" in line or "string" in line


@pytest.mark.parametrize(
    "tool", ["release", "release.consistency", "release.history", "release.lowest"]
)
def test_a_changelog_that_is_not_utf8_is_named_by_every_tool_that_reads_it(
    tree: Repo, tool: str
) -> None:
    changelog = tree.path / MEMBER / "CHANGELOG.md"
    changelog.write_bytes(changelog.read_bytes().replace(b"## [Unreleased]", b"## [Unr\xe9leased]"))
    tree.commit_all("a Latin-1 editor")
    one_line_naming(run_tool(tree, tool), f"{MEMBER}/CHANGELOG.md")


def test_release_never_writes_through_a_committed_symlink(tree: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    changelog = tree.path / MEMBER / "CHANGELOG.md"
    outside.write_bytes(before := changelog.read_bytes())
    changelog.unlink()
    changelog.symlink_to(outside)
    tree.commit_all("a symlink")
    line = one_line_naming(run_tool(tree, "release"), f"{MEMBER}/CHANGELOG.md is a symlink")
    assert "Nothing was changed" in line
    assert outside.read_bytes() == before
    assert tree.git("status", "--porcelain") == ""


def error_of(read: Callable[[], object]) -> str | None:
    """Return the WorkspaceError's message that ``read`` raised, or None if it raised none."""
    try:
        read()
    except WorkspaceError as error:
        return str(error)
    return None


@st.composite
def corrupted(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` cut short, or with junk inserted, or with a span replaced by junk."""
    at = draw(st.integers(0, len(data)))
    junk = draw(st.sampled_from(JUNK) | st.binary(min_size=1, max_size=6))
    kind = draw(st.sampled_from(["cut", "insert", "replace"]))
    if kind == "cut":
        return data[:at]
    end = at if kind == "insert" else min(len(data), at + draw(st.integers(1, 40)))
    return data[:at] + junk + data[end:]


FILES = [f"{MEMBER}/pyproject.toml", f"{MEMBER}/CHANGELOG.md", "pyproject.toml"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(FILES))
def test_any_corruption_of_a_workspace_file_is_one_line_or_no_problem(
    shared_tree: Path, data: st.DataObject, name: str
) -> None:
    """Reading the workspace, checking it and planning the lowest bounds never raise otherwise."""
    path = shared_tree / name
    original = path.read_bytes()
    path.write_bytes(data.draw(corrupted(original)))
    try:
        reads = [
            lambda: load_workspace(shared_tree),
            lambda: consistency.check(shared_tree),
            lambda: lowest.lowest_cases(shared_tree, "mygame-cli"),
        ]
        for message in filter(None, map(error_of, reads)):
            assert "\n" not in message
            assert str(shared_tree) in message or "mygame" in message
    finally:
        path.write_bytes(original)


def test_the_fuzzed_tree_is_left_as_it_was(shared_tree: Path) -> None:
    assert Repo(shared_tree).git("status", "--porcelain") == ""
