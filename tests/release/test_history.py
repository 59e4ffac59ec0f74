"""``mygame_devtools.release.history``: the releases in the history, and their missing tags."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from mygame_devtools.release.history import GitError, texts_at

if TYPE_CHECKING:
    from pathlib import Path

    from release.conftest import Repo


def test_a_clone_without_tags_lists_each_release_and_tags_it_on_its_release_commit(
    repo: Repo,
) -> None:
    listed = repo.tool("release.history")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines, "the history holds the releases made so far"
    assert all(line.endswith("no tag ('--tag' makes it)") for line in lines), lines
    assert repo.git("tag", "--list") == "", "listing makes no tag"

    tagged = repo.tool("release.history", "--tag")
    assert tagged.returncode == 0, tagged.stderr
    for line in tagged.stdout.splitlines():
        release, _, rest = line.partition(": release commit ")
        name, version = release.split()
        commit, _, tag = rest.partition(", tag ")
        assert tag == f"{name}-v{version}", line
        assert repo.git("rev-parse", f"{tag}^{{commit}}").startswith(commit), line
        assert repo.git("cat-file", "-t", tag) == "tag", "annotated, as a release makes it"
    assert len(tagged.stdout.splitlines()) == len(lines)

    again = repo.tool("release.history", "--tag")
    assert again.stdout == tagged.stdout, "a second run finds every tag and makes none"
    consistency = repo.tool("release.consistency")
    assert consistency.returncode == 0, consistency.stdout + consistency.stderr
    assert "note" not in consistency.stdout


def test_a_release_made_afterwards_keeps_its_own_tag(repo: Repo) -> None:
    repo.note_unreleased("mygame-logic", "The ball serves faster.")
    assert repo.tool("release", "mygame-logic", "minor").returncode == 0
    (made,) = repo.git("tag", "--list").splitlines()
    proc = repo.tool("release.history")
    assert f", tag {made}" in proc.stdout
    assert proc.stdout.count(", tag ") == 1


def test_a_shallow_clone_says_in_one_line_that_it_cannot_look(repo: Repo, tmp_path: Path) -> None:
    shallow = repo.shallow_clone(tmp_path / "shallow")
    proc = shallow.tool("release.history", "--tag")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith("history: error: this is a shallow clone")
    assert proc.stderr.count("\n") == 1
    assert shallow.git("tag", "--list") == ""


def test_describe_prints_what_a_pushed_tag_releases(repo: Repo) -> None:
    """What the publish workflow reads from the tag it runs on."""
    repo.note_unreleased("mygame-draw", "Sharper paddles.")
    assert repo.tool("release", "mygame-draw", "minor").returncode == 0
    (tag,) = repo.git("tag", "--list").splitlines()
    proc = repo.tool("release.history", "--describe", tag)
    assert proc.returncode == 0, proc.stderr
    version = tag.rpartition("-v")[2]
    assert proc.stdout == f"dist=mygame-draw\nversion={version}\npath=packages/mygame-draw\n"


@pytest.mark.parametrize(
    ("tag", "says"),
    [("mygame-sound-v1.0.0", "names no distribution"), ("mygame-draw-v0.0.1", "says")],
)
def test_describe_refuses_a_tag_that_names_no_release_in_the_tree(
    repo: Repo, tag: str, says: str
) -> None:
    proc = repo.tool("release.history", "--describe", tag)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"history: error: tag {tag} ")
    assert says in proc.stderr


def test_texts_at_reads_a_whole_history_in_one_git_as_git_show_does(repo: Repo) -> None:
    repo.write("crlf.txt", "one\r\ntwo\r\n")
    (repo.path / "latin1.txt").write_bytes(b"caf\xe9\n")
    repo.commit_all("files of every kind")
    specs = ["HEAD:crlf.txt", "HEAD:latin1.txt", "HEAD:packages", "HEAD:no/such", "nosuch:crlf.txt"]
    found = texts_at(repo.path, [*specs, "HEAD~1:README.md"])
    assert found == [
        "one\ntwo\n",
        None,
        None,
        None,
        None,
        repo.git("show", "HEAD~1:README.md") + "\n",
    ]
    assert texts_at(repo.path, []) == []
    with pytest.raises(GitError, match=r"^'HEAD:a\\nb': git cannot read a path with a line break"):
        texts_at(repo.path, ["HEAD:crlf.txt", "HEAD:a\nb"])
