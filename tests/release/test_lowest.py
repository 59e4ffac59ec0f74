"""``nox -s lowest``: the oldest sibling release a range admits is built from its tag."""

from __future__ import annotations

import re
import zipfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from tests.release.conftest import Repo


def logic_version(repo: Repo) -> str:
    text = repo.read("packages/mygame-logic/src/mygame/logic/_version.py")
    match = re.search(r'__version__ = "([^"]+)"', text)
    assert match is not None
    return match[1]


def test_without_tags_every_case_is_skipped_visibly(repo: Repo, tmp_path: Path) -> None:
    proc = repo.tool("lowest", "mygame-cli", "--wheelhouse", str(tmp_path / "wheels"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert "skipped: mygame-cli requires 'mygame-draw>=" in proc.stderr
    assert "skipped: mygame-cli requires 'mygame-logic>=" in proc.stderr


def test_oldest_admitted_release_is_built_from_its_tag_not_from_the_tree(
    repo: Repo, tmp_path: Path
) -> None:
    old = logic_version(repo)
    repo.git("tag", "--annotate", f"mygame-logic-v{old}", "--message", "first release")
    repo.note_unreleased("mygame-logic", "The ball serves faster.")
    assert repo.tool("release", "mygame-logic", "minor").returncode == 0
    assert logic_version(repo) != old

    wheels, pins = tmp_path / "wheels", tmp_path / "pins.txt"
    proc = repo.tool("lowest", "mygame-draw", "--wheelhouse", str(wheels), "--pins", str(pins))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [f"mygame-logic=={old}"]
    assert pins.read_text(encoding="utf-8").split() == [f"mygame-logic=={old}"]
    (wheel,) = wheels.glob("*.whl")
    assert wheel.name == f"mygame_logic-{old}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        assert f'__version__ = "{old}"' in archive.read("mygame/logic/_version.py").decode()
    assert len(repo.git("worktree", "list").splitlines()) == 1, "the worktree was not removed"


def test_a_sibling_without_tag_is_skipped_while_the_others_are_pinned(
    repo: Repo, tmp_path: Path
) -> None:
    repo.git("tag", f"mygame-logic-v{logic_version(repo)}")
    proc = repo.tool("lowest", "mygame-cli", "--wheelhouse", str(tmp_path / "wheels"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [f"mygame-logic=={logic_version(repo)}"]
    assert "skipped: mygame-cli requires 'mygame-draw>=" in proc.stderr
