"""``nox -s lowest``: the oldest sibling release a range admits is rebuilt from git."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from typing import TYPE_CHECKING

import pytest
from mygame_devtools.hermetic import hermetic_env

if TYPE_CHECKING:
    from pathlib import Path

    from release.conftest import Repo


def logic_version(repo: Repo) -> str:
    text = repo.read("packages/mygame-logic/src/mygame/logic/_version.py")
    match = re.search(r'__version__ = "([^"]+)"', text)
    assert match is not None
    return match[1]


def raise_lower_bounds_to_the_tree(repo: Repo, dependent: str) -> dict[str, str]:
    """Make each sibling range of ``dependent`` start at the sibling's version in the tree.

    The oldest admitted release is then that version, whatever releases the
    repository holds; return {sibling: version}.
    """
    path = f"packages/{dependent}/pyproject.toml"
    text = repo.read(path)
    versions = {"mygame-logic": logic_version(repo), "mygame-draw": draw_version(repo)}
    used = {}
    for sibling, version in versions.items():
        text, n = re.subn(
            rf'"{sibling}[<>=~!][^"]*"',
            f'"{sibling}>={version},<{int(version.split(".")[0]) + 1}"',
            text,
        )
        if n:
            used[sibling] = version
    repo.write(path, text)
    repo.commit_all(f"{dependent}: lower bounds at the versions in the tree")
    return used


def draw_version(repo: Repo) -> str:
    text = repo.read("packages/mygame-draw/src/mygame/draw/_version.py")
    match = re.search(r'__version__ = "([^"]+)"', text)
    assert match is not None
    return match[1]


def test_without_tags_the_release_commits_in_the_history_are_built(
    repo: Repo, tmp_path: Path
) -> None:
    old = raise_lower_bounds_to_the_tree(repo, "mygame-draw")["mygame-logic"]
    init = "packages/mygame-logic/src/mygame/logic/__init__.py"
    repo.write(init, repo.read(init) + "\nAFTER_THE_RELEASE = True\n")
    repo.note_unreleased("mygame-logic", "AFTER_THE_RELEASE.")
    assert repo.tool("release", "mygame-logic", "minor").returncode == 0
    for tag in repo.git("tag", "--list").splitlines():  # a fork, a CI checkout: no tags
        repo.git("tag", "--delete", tag)

    wheels = tmp_path / "wheels"
    proc = repo.tool("release.lowest", "mygame-draw", "--wheelhouse", str(wheels))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [f"mygame-logic=={old}"]
    assert "skipped" not in proc.stderr
    assert f"building mygame-logic {old} from its release commit" in proc.stderr
    (wheel,) = wheels.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert f'__version__ = "{old}"' in archive.read("mygame/logic/_version.py").decode()
        assert "AFTER_THE_RELEASE" not in archive.read("mygame/logic/__init__.py").decode()


def test_a_shallow_clone_says_in_one_line_that_it_cannot_look(repo: Repo, tmp_path: Path) -> None:
    shallow = repo.shallow_clone(tmp_path / "shallow")
    proc = shallow.tool("release.lowest", "mygame-draw", "--wheelhouse", str(tmp_path / "wheels"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.count("shallow clone") == 1
    assert "lowest: skipped: this is a shallow clone" in proc.stderr
    assert "skipped: mygame-draw requires 'mygame-logic>=" in proc.stderr


@pytest.mark.slow
def test_the_session_fails_when_a_dependent_needs_more_than_its_lower_bound(repo: Repo) -> None:
    """mygame-draw starts using a function that mygame-logic gained after its lowest release."""
    lowest = raise_lower_bounds_to_the_tree(repo, "mygame-draw")["mygame-logic"]
    init = "packages/mygame-logic/src/mygame/logic/__init__.py"
    repo.write(init, repo.read(init) + "\n\ndef added_later() -> str:\n    return 'new'\n")
    repo.note_unreleased("mygame-logic", "`added_later()`.")
    draw = "packages/mygame-draw/src/mygame/draw/__init__.py"
    text = repo.read(draw).replace(
        "from __future__ import annotations\n",
        "from __future__ import annotations\n\nfrom mygame.logic import added_later\n",
        1,
    )
    assert "added_later" in text
    repo.write(draw, text)
    repo.commit_all("draw needs added_later, new after its lowest mygame-logic")

    proc = subprocess.run(
        [sys.executable, "-m", "nox", "--session", "lowest(distribution='mygame-draw')",
         "--no-color"],
        cwd=repo.path, capture_output=True, text=True, env=hermetic_env(), check=False,
        timeout=600,
    )  # fmt: skip
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert f"building mygame-logic {lowest} from its release commit" in out
    assert "cannot import name 'added_later' from 'mygame.logic'" in out
    assert "Session lowest(distribution='mygame-draw') failed" in out


def test_oldest_admitted_release_is_built_from_its_tag_not_from_the_tree(
    repo: Repo, tmp_path: Path
) -> None:
    old = raise_lower_bounds_to_the_tree(repo, "mygame-draw")["mygame-logic"]
    repo.git("tag", "--force", "--annotate", f"mygame-logic-v{old}", "--message", "a release")
    repo.note_unreleased("mygame-logic", "The ball serves faster.")
    assert repo.tool("release", "mygame-logic", "minor").returncode == 0
    assert logic_version(repo) != old

    wheels, pins = tmp_path / "wheels", tmp_path / "pins.txt"
    proc = repo.tool(
        "release.lowest", "mygame-draw", "--wheelhouse", str(wheels), "--pins", str(pins)
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [f"mygame-logic=={old}"]
    assert pins.read_text(encoding="utf-8").split() == [f"mygame-logic=={old}"]
    (wheel,) = wheels.glob("*.whl")
    assert wheel.name == f"mygame_logic-{old}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        assert f'__version__ = "{old}"' in archive.read("mygame/logic/_version.py").decode()
    assert len(repo.git("worktree", "list").splitlines()) == 1, "the worktree was not removed"


def test_a_tag_is_used_where_there_is_one_and_the_history_elsewhere(
    repo: Repo, tmp_path: Path
) -> None:
    lowest = raise_lower_bounds_to_the_tree(repo, "mygame-cli")
    repo.git("tag", f"mygame-logic-v{lowest['mygame-logic']}")
    proc = repo.tool("release.lowest", "mygame-cli", "--wheelhouse", str(tmp_path / "wheels"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [f"{name}=={version}" for name, version in sorted(lowest.items())]
    assert f"from tag mygame-logic-v{lowest['mygame-logic']}" in proc.stderr
    assert f"building mygame-draw {lowest['mygame-draw']} from its release commit" in proc.stderr
