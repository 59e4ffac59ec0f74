"""Fixtures for the release tests: a temporary clone of the repository to run the tools in.

Releases commit and tag, so they run on a clone (``git clone`` of the repository
into ``tmp_path``), never on the tree under test. The tools are the installed
``mygame_devtools`` (the code under test, even before it is committed); run from
the clone, they act on the clone, the workspace they stand in.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_IDENTITY = {
    "GIT_AUTHOR_NAME": "Release Test",
    "GIT_AUTHOR_EMAIL": "release-test@example.invalid",
    "GIT_COMMITTER_NAME": "Release Test",
    "GIT_COMMITTER_EMAIL": "release-test@example.invalid",
}


@dataclass(frozen=True, slots=True)
class Repo:
    """A clone to release from, and ways to run git and the tools in it."""

    path: Path

    def git(self, *args: str) -> str:
        """Run git in the clone; fail the test if git fails."""
        proc = subprocess.run(
            ["git", *args], cwd=self.path, capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
        return proc.stdout.strip()

    def tool(self, name: str, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``python -m mygame_devtools.<name>`` from the clone, so it acts on the clone."""
        return subprocess.run(
            [sys.executable, "-m", f"mygame_devtools.{name}", *args],
            cwd=self.path, capture_output=True, text=True, check=False,
        )  # fmt: skip

    def shallow_clone(self, path: Path) -> Repo:
        """Clone this one to ``path`` with its last commit only (``--depth 1``): no history."""
        subprocess.run(
            ["git", "clone", "--quiet", "--depth", "1", f"file://{self.path}", str(path)],
            check=True, capture_output=True,
        )  # fmt: skip
        return Repo(path)

    def read(self, relative: str) -> str:
        """Read a file of the clone."""
        return (self.path / relative).read_text(encoding="utf-8")

    def write(self, relative: str, text: str) -> None:
        """Write a file of the clone."""
        (self.path / relative).write_text(text, encoding="utf-8")

    def commit_all(self, message: str) -> None:
        """Commit every change in the clone."""
        self.git("add", "--all")
        self.git("commit", "--quiet", "-m", message)

    def note_unreleased(self, dist: str, entry: str) -> None:
        """Add an entry under [Unreleased] in a distribution's changelog, and commit it."""
        path = f"packages/{dist}/CHANGELOG.md"
        text = self.read(path).replace(
            "## [Unreleased]\n", f"## [Unreleased]\n\n### Changed\n\n- {entry}\n", 1
        )
        self.write(path, text)
        self.commit_all(f"Note a change in {dist}")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """A fresh clone of the repository, clean, without release tags."""
    for key, value in _IDENTITY.items():
        monkeypatch.setenv(key, value)
    clone = tmp_path / "repo"
    # A local clone hard-links the object files (git never changes one in place):
    # half the time of copying them, for each of the many tests that make one.
    subprocess.run(
        ["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, capture_output=True
    )
    made = Repo(clone)
    for tag in made.git("tag", "--list").splitlines():  # start from no release tags
        made.git("tag", "--delete", tag)
    return made
