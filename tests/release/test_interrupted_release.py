"""A release interrupted at each step, then finished (or undone) by what the tool says to run.

A git hook kills the release process at a chosen moment (``pre-commit``: files
written, no commit; ``post-commit``: committed, no tag), or a stale ref lock
makes the tag fail. The test then runs the command the tool prints and checks
that the repository ends exactly as an uninterrupted release leaves it.
"""

from __future__ import annotations

import re
import shlex
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from mygame_devtools.release.__main__ import bump
from mygame_devtools.workspace import load_workspace

if TYPE_CHECKING:
    import subprocess
    from pathlib import Path

    from release.conftest import Repo

DATE = "2026-01-15"
LOGIC = "packages/mygame-logic"
TAG = re.compile(r"mygame-logic-v\d+\.\d+\.\d+")

# The hook kills its parent's parent: git runs the hook, the release tool runs git.
KILLER = """#!PYTHON
import os, signal
with open(f"/proc/{os.getppid()}/stat", encoding="ascii") as stat:
    grandparent = int(stat.read().rsplit(")", 1)[1].split()[1])
os.kill(grandparent, signal.SIGKILL)
raise SystemExit(CODE)
"""


@dataclass(frozen=True, slots=True)
class EndState:
    """What a release leaves: the commit's tree and message, the tag, a clean tree."""

    tree: str
    message: str
    tag: str
    tag_message: str
    tag_on_head: bool
    status: str


def end_state(repo: Repo) -> EndState:
    tags = repo.git("tag", "--list", "mygame-logic-v*")
    return EndState(
        tree=repo.git("rev-parse", "HEAD^{tree}"),
        message=repo.git("log", "-1", "--format=%B"),
        tag=tags,
        tag_message=repo.git("tag", "--list", "--format=%(contents)", tags) if tags else "",
        tag_on_head=bool(tags)
        and repo.git("rev-list", "-n", "1", tags) == repo.git("rev-parse", "HEAD"),
        status=repo.git("status", "--porcelain"),
    )


def uninterrupted(repo: Repo, start: str, *args: str) -> EndState:
    """Go back to ``start`` and release without interruption: the state to reach."""
    for tag in repo.git("tag", "--list", "mygame-logic-v*").splitlines():
        repo.git("tag", "--delete", tag)
    repo.git("reset", "--quiet", "--hard", start)
    hooks = hooks_dir(repo)
    for hook in ("pre-commit", "post-commit"):
        (hooks / hook).unlink(missing_ok=True)
    proc = repo.tool("release", *args)
    assert proc.returncode == 0, proc.stderr
    return end_state(repo)


def hooks_dir(repo: Repo) -> Path:
    return repo.path / repo.git("rev-parse", "--git-path", "hooks")


def install_killer(repo: Repo, hook: str, code: int) -> None:
    path = hooks_dir(repo) / hook
    path.parent.mkdir(parents=True, exist_ok=True)
    script = KILLER.replace("PYTHON", sys.executable).replace("CODE", str(code))
    path.write_text(script, encoding="utf-8")
    path.chmod(0o755)


def killed_at(repo: Repo, hook: str, *args: str) -> None:
    """Run the release with a ``hook`` that kills it; wait for the git it leaves behind."""
    install_killer(repo, hook, 1 if hook.startswith("pre-") else 0)
    proc = repo.tool("release", *args)
    assert proc.returncode < 0, proc.stderr
    lock = repo.path / ".git" / "index.lock"
    for _ in range(600):  # git outlives the killed release by a moment; not a timing check
        if not lock.exists():
            break
        time.sleep(0.05)
    else:
        pytest.fail("git left .git/index.lock behind")
    (hooks_dir(repo) / hook).unlink()


def one_line(proc: subprocess.CompletedProcess[str]) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got:\n{proc.stderr}"
    assert "Traceback" not in proc.stderr
    return lines[0]


def suggested(message: str, program: str) -> list[str]:
    """The command in quotes that the message says to run, starting with ``program``."""
    commands = [c for c in re.findall(r"'([^']+)'", message) if c.startswith(program)]
    assert commands, f"no '{program} ...' command in: {message}"
    return shlex.split(commands[0])


def run_suggested_release(repo: Repo, message: str) -> subprocess.CompletedProcess[str]:
    """Run the ``nox -s release -- ...`` the message names, as the tool (nox runs just that)."""
    words = suggested(message, "nox -s release --")
    return repo.tool("release", *words[4:])


@pytest.fixture
def ready(repo: Repo) -> tuple[Repo, str]:
    """A clone with an entry waiting in mygame-logic's changelog; and its HEAD."""
    repo.note_unreleased("mygame-logic", "The ball serves faster.")
    return repo, repo.git("rev-parse", "HEAD")


@pytest.mark.parametrize("args", [("minor",), ("major", "--widen")])
def test_killed_after_the_commit_the_tag_is_made_by_resume(
    ready: tuple[Repo, str], args: tuple[str, ...]
) -> None:
    repo, start = ready
    killed_at(repo, "post-commit", "mygame-logic", *args, "--date", DATE)
    assert repo.git("tag", "--list") == ""

    again = repo.tool("release", "mygame-logic", *args, "--date", DATE)
    assert again.returncode == 1
    message = one_line(again)
    assert "no tag" in message
    assert "--resume" in message
    resumed = run_suggested_release(repo, message)
    assert resumed.returncode == 0, resumed.stderr
    assert TAG.search(resumed.stdout)

    assert end_state(repo) == uninterrupted(repo, start, "mygame-logic", *args, "--date", DATE)


@pytest.mark.parametrize("args", [("minor",), ("major", "--widen")])
def test_killed_before_the_commit_resume_finishes_the_same_release(
    ready: tuple[Repo, str], args: tuple[str, ...]
) -> None:
    repo, start = ready
    killed_at(repo, "pre-commit", "mygame-logic", *args, "--date", DATE)  # and no commit
    assert repo.git("status", "--porcelain")

    again = repo.tool("release", "mygame-logic", *args, "--date", DATE)
    assert again.returncode == 1
    message = one_line(again)
    assert "commit them first" not in message
    resumed = run_suggested_release(repo, message)
    assert resumed.returncode == 0, resumed.stderr

    assert end_state(repo) == uninterrupted(repo, start, "mygame-logic", *args, "--date", DATE)


def test_killed_before_the_commit_the_release_can_be_undone(ready: tuple[Repo, str]) -> None:
    repo, start = ready
    killed_at(repo, "pre-commit", "mygame-logic", "minor", "--date", DATE)
    message = one_line(repo.tool("release", "mygame-logic", "minor", "--date", DATE))
    undo = suggested(message, "git ")
    repo.git(*undo[1:])
    assert repo.git("status", "--porcelain") == ""
    assert repo.git("rev-parse", "HEAD") == start
    assert repo.tool("release", "mygame-logic", "minor", "--date", DATE).returncode == 0


def test_killed_while_writing_resume_rewrites_what_was_cut(ready: tuple[Repo, str]) -> None:
    repo, start = ready
    killed_at(repo, "pre-commit", "mygame-logic", "minor", "--date", DATE)
    changelog = f"{LOGIC}/CHANGELOG.md"
    written = repo.read(changelog)
    repo.write(changelog, written[: len(written) // 2])  # the write was cut half way
    repo.git("reset", "--quiet")

    message = one_line(repo.tool("release", "mygame-logic", "minor", "--date", DATE))
    resumed = run_suggested_release(repo, message)
    assert resumed.returncode == 0, resumed.stderr
    assert end_state(repo) == uninterrupted(repo, start, "mygame-logic", "minor", "--date", DATE)


def test_resume_keeps_hand_edits_it_did_not_make(ready: tuple[Repo, str]) -> None:
    repo, _ = ready
    killed_at(repo, "pre-commit", "mygame-logic", "minor", "--date", DATE)
    changelog = f"{LOGIC}/CHANGELOG.md"
    edited = repo.read(changelog).replace("The ball serves faster.", "The ball serves fast.")
    repo.write(changelog, edited)

    refused = repo.tool("release", "mygame-logic", "minor", "--resume")
    assert refused.returncode == 1
    assert "CHANGELOG.md" in one_line(refused)
    assert repo.read(changelog) == edited
    assert repo.git("tag", "--list") == ""


def test_a_stale_tag_lock_is_reported_with_the_way_out(ready: tuple[Repo, str]) -> None:
    repo, start = ready
    (logic,) = (d for d in load_workspace(repo.path) if d.name == "mygame-logic")
    tag = f"mygame-logic-v{bump(logic.version, 'minor')}"
    lock = repo.path / ".git" / "refs" / "tags" / f"{tag}.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.write_text("", encoding="utf-8")
    failed = repo.tool("release", "mygame-logic", "minor", "--date", DATE)
    assert failed.returncode == 1
    message = one_line(failed)
    assert message.startswith("release: error:")
    assert tag in message
    assert ".lock" in message
    lock.unlink()
    resumed = run_suggested_release(repo, message)
    assert resumed.returncode == 0, resumed.stderr
    assert end_state(repo) == uninterrupted(repo, start, "mygame-logic", "minor", "--date", DATE)


def test_a_stale_index_lock_after_a_kill_is_named_by_resume_with_the_way_out(
    ready: tuple[Repo, str],
) -> None:
    repo, start = ready
    killed_at(repo, "pre-commit", "mygame-logic", "minor", "--date", DATE)
    lock = repo.path / ".git" / "index.lock"
    lock.write_text("", encoding="utf-8")  # as a git killed with the release leaves it
    resumed = repo.tool("release", "mygame-logic", "minor", "--resume")
    assert resumed.returncode == 1
    message = one_line(resumed)
    assert str(lock) in message or ".git/index.lock" in message
    assert "delete" in message
    assert repo.git("rev-parse", "HEAD") == start
    lock.unlink()
    resumed = repo.tool("release", "mygame-logic", "minor", "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert end_state(repo) == uninterrupted(repo, start, "mygame-logic", "minor", "--date", DATE)


def test_resume_with_nothing_interrupted_says_so(ready: tuple[Repo, str]) -> None:
    repo, start = ready
    proc = repo.tool("release", "mygame-logic", "minor", "--resume")
    assert proc.returncode == 1
    assert "nothing to resume" in one_line(proc)
    assert repo.git("rev-parse", "HEAD") == start


def test_unrelated_changes_still_ask_for_a_commit(ready: tuple[Repo, str]) -> None:
    repo, _ = ready
    repo.write("README.md", repo.read("README.md") + "\nmore\n")
    proc = repo.tool("release", "mygame-logic", "minor")
    assert proc.returncode == 1
    assert "commit them first" in one_line(proc)


@pytest.mark.parametrize("date", ["yesterday-ish", "2026-02-30", "20260115", "2026-1-5", ""])
def test_a_date_that_is_not_iso_is_a_usage_error(ready: tuple[Repo, str], date: str) -> None:
    repo, start = ready
    proc = repo.tool("release", "mygame-logic", "minor", "--date", date)
    assert proc.returncode == 2
    assert "YYYY-MM-DD" in one_line(proc)
    assert repo.git("status", "--porcelain") == ""
    assert repo.git("rev-parse", "HEAD") == start


def test_a_journal_cut_short_before_any_write_is_dropped(ready: tuple[Repo, str]) -> None:
    """A kill while the journal itself was written leaves no file changed: release as usual."""
    repo, _ = ready
    journal = repo.path / repo.git("rev-parse", "--git-path", "mygame-release.json")
    journal.write_text('{"dist": "mygame-logic", "par', encoding="utf-8")
    proc = repo.tool("release", "mygame-logic", "minor", "--date", DATE)
    assert proc.returncode == 0, proc.stderr
    assert not journal.exists()
    assert TAG.search(repo.git("tag", "--points-at", "HEAD"))


def test_resume_names_the_part_of_the_interrupted_release(ready: tuple[Repo, str]) -> None:
    repo, _ = ready
    killed_at(repo, "post-commit", "mygame-logic", "minor", "--date", DATE)
    proc = repo.tool("release", "mygame-logic", "major", "--resume")
    assert proc.returncode == 1
    assert "nothing to resume for mygame-logic major" in one_line(proc)
    assert repo.git("tag", "--list") == ""
