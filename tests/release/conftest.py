"""Fixtures for the release tests: a temporary clone of the repository, with this tree's tools.

Releases commit and tag, so they run on a clone (``git clone`` of the repository
into ``tmp_path``), never on the tree under test. The clone gets the working
copy's tools/ (the code under test, even before it is committed) in a commit of
its own, so it starts clean, as a release needs.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))  # the tests also call the tools' functions

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
        """Run ``tools/<name>.py`` of the clone, from the clone."""
        return subprocess.run(
            [sys.executable, str(self.path / "tools" / f"{name}.py"), *args],
            cwd=self.path, capture_output=True, text=True, check=False,
        )  # fmt: skip

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
    """A fresh clone of the repository, clean, with the working copy's tools."""
    for key, value in _IDENTITY.items():
        monkeypatch.setenv(key, value)
    clone = tmp_path / "repo"
    subprocess.run(
        ["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)],
        check=True, capture_output=True,
    )  # fmt: skip
    for source in (ROOT / "tools").glob("*.py"):
        shutil.copy(source, clone / "tools" / source.name)
    made = Repo(clone)
    if made.git("status", "--porcelain"):
        made.commit_all("Use the tools under test")
    for tag in made.git("tag", "--list").splitlines():  # start from no release tags
        made.git("tag", "--delete", tag)
    return made
