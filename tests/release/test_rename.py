"""``nox -s rename -- PREFIX``: a clone renamed in one step still builds, releases and demos."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from typing import TYPE_CHECKING

import pytest
from mygame_devtools.hermetic import hermetic_env
from mygame_devtools.release.__main__ import bump
from mygame_devtools.workspace import load_workspace

if TYPE_CHECKING:
    from pathlib import Path

    from release.conftest import Repo

NAMES = ("alice-mygame-logic", "alice-mygame-draw", "alice-mygame-cli")
FOLDERS = ("mygame-logic", "mygame-draw", "mygame-cli")  # folders keep their names


def project(repo: Repo, folder: str) -> dict[str, object]:
    data: dict[str, object] = tomllib.loads(repo.read(f"packages/{folder}/pyproject.toml"))[
        "project"
    ]
    return data


def test_an_invalid_prefix_is_refused_in_one_line(repo: Repo) -> None:
    proc = repo.tool("release.rename", "alice mygame!")
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1
    assert "'alice mygame!' is not a valid project name (PEP 508" in proc.stderr
    assert repo.git("status", "--porcelain") == ""


def test_a_dirty_tree_is_refused_in_one_line(repo: Repo) -> None:
    repo.write("README.md", repo.read("README.md") + "\nA local edit.\n")
    proc = repo.tool("release.rename", "alice-mygame")
    assert proc.returncode == 1
    assert proc.stderr == (
        "rename: error: uncommitted changes (README.md); commit or stash them first, "
        "so that 'git checkout .' can undo the rename\n"
    )
    assert project(repo, "mygame-logic")["name"] == "mygame-logic"


def test_help_says_what_happens_to_the_import_names(repo: Repo) -> None:
    proc = repo.tool("release.rename", "--help")
    assert proc.returncode == 0
    assert "import names stay mygame.*" in " ".join(proc.stdout.split())


def test_rename_says_what_it_changed_and_git_checkout_undoes_it(repo: Repo) -> None:
    before = project(repo, "mygame-cli")["dependencies"]
    assert isinstance(before, list)
    proc = repo.tool("release.rename", "Alice_MyGame")  # canonicalized, as PyPI would
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == (
        "rename: mygame-logic -> alice-mygame-logic, mygame-draw -> alice-mygame-draw, "
        "mygame-cli -> alice-mygame-cli"
    )
    changed = {line.split()[2] for line in lines if line.startswith("rename: changed ")}
    assert set(repo.git("diff", "--name-only").splitlines()) == changed
    assert {".github/workflows/publish.yml", "README.md", "pyproject.toml"} <= changed
    assert "rename: note: import names stay mygame.*" in proc.stdout

    for folder, name in zip(FOLDERS, NAMES, strict=True):
        assert project(repo, folder)["name"] == name
        changelog = repo.read(f"packages/{folder}/CHANGELOG.md")
        assert changelog.startswith(f"# Changelog of {name}\n")
        assert f"Releases are tagged `{name}-v<version>`" in changelog
    assert project(repo, "mygame-cli")["dependencies"] == [f"alice-{r}" for r in before]
    assert 'tags: ["alice-mygame-*-v*"]' in repo.read(".github/workflows/publish.yml")
    assert "alice-mygame-logic = { workspace = true }" in repo.read("pyproject.toml")
    # the import names and the folders stay
    assert "packages/mygame-logic/src" in repo.read("pyproject.toml")
    assert "mygame.logic" in repo.read("packages/mygame-logic/README.md")

    again = repo.tool("release.rename", "bob")
    assert again.returncode == 1
    assert "uncommitted changes" in again.stderr
    repo.git("checkout", ".")
    assert repo.git("status", "--porcelain") == ""


@pytest.mark.slow
def test_a_renamed_clone_builds_checks_releases_demos_and_tests_its_lower_bounds(
    repo: Repo, tmp_path: Path
) -> None:
    versions = {d.name.removeprefix("mygame-"): d.version for d in load_workspace(repo.path)}
    logic, draw, cli = versions["logic"], versions["draw"], versions["cli"]
    new_logic = bump(logic, "minor")
    assert repo.tool("release.rename", "alice-mygame").returncode == 0
    repo.commit_all("Publish my own copy as alice-mygame-*")

    consistent = repo.tool("release.consistency")
    assert consistent.returncode == 0, consistent.stderr
    assert f"alice-mygame-logic {logic} has no tag alice-mygame-logic-v{logic}" in consistent.stdout
    repo.note_unreleased("mygame-logic", "The ball serves faster.")
    released = repo.tool("release", "alice-mygame-logic", "minor", "--date", "2026-12-01")
    assert released.returncode == 0, released.stderr
    assert repo.git("tag", "--points-at", "HEAD") == f"alice-mygame-logic-v{new_logic}"
    after = repo.tool("release.consistency")
    assert after.returncode == 0, after.stderr
    assert "alice-mygame-logic" not in "".join(
        line for line in after.stdout.splitlines() if "has no tag" in line
    )

    dist = tmp_path / "dist"
    built = repo.tool("checks.build", str(dist))
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in dist.iterdir()) == sorted(
        f"alice_mygame_{piece}-{version}{suffix}"
        for piece, version in (("logic", new_logic), ("draw", draw), ("cli", cli))
        for suffix in ("-py3-none-any.whl", ".tar.gz")
    )
    checked = repo.tool("checks.dists", str(dist))
    assert checked.returncode == 0, checked.stderr

    proc = subprocess.run(
        [sys.executable, "-m", "mygame_devtools.publish.demo", "--dist-dir", str(dist)],
        cwd=repo.path, capture_output=True, text=True, env=hermetic_env(), check=False,
        timeout=300,
    )  # fmt: skip
    out = proc.stdout
    assert proc.returncode == 0, out + proc.stderr
    assert "order: alice-mygame-logic\n" in out
    assert "order: alice-mygame-draw -> alice-mygame-cli\n" in out
    assert "fresh venv #1: pip install alice-mygame-logic alone, from the local index only" in out
    assert "mygame.draw absent" in out
    assert "fresh venv #2: pip install alice-mygame-cli" in out
    assert re.search(r"Successfully installed .*alice-mygame-draw-.*alice-mygame-logic-", out)
    assert f"alice-mygame-logic {new_logic}" in out  # mygame --version names the new names

    # 1.2.0, the oldest release draw's range admits, was released before the rename:
    # lowest rebuilds it under today's name.
    assert '"alice-mygame-logic>=1.2,<2"' in repo.read("packages/mygame-draw/pyproject.toml")
    wheels = tmp_path / "wheels"
    lowest = repo.tool("release.lowest", "alice-mygame-draw", "--wheelhouse", str(wheels))
    assert lowest.returncode == 0, lowest.stderr
    assert lowest.stdout.split() == ["alice-mygame-logic==1.2.0"]
    (wheel,) = wheels.glob("*.whl")
    assert wheel.name == "alice_mygame_logic-1.2.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read("alice_mygame_logic-1.2.0.dist-info/METADATA").decode()
    assert "Name: alice-mygame-logic\n" in metadata


def test_a_committed_symlink_out_of_the_tree_is_never_written(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("mygame-logic is not yours to rename\n", encoding="utf-8")
    (repo.path / "docs" / "elsewhere.md").symlink_to(outside)
    repo.commit_all("A link out of the tree")
    proc = repo.tool("release.rename", "alice-mygame")
    assert proc.returncode == 0, proc.stderr
    assert outside.read_text(encoding="utf-8") == "mygame-logic is not yours to rename\n"
    assert "docs/elsewhere.md" not in proc.stdout


@pytest.mark.parametrize("length", [65, 300])
def test_a_prefix_too_long_for_file_names_is_refused_before_any_change(
    repo: Repo, length: int
) -> None:
    proc = repo.tool("release.rename", "a" * length)
    assert proc.returncode == 1
    assert proc.stderr == (
        f"rename: error: the prefix is {length} characters long; at most 64 are accepted\n"
    )
    assert repo.git("status", "--porcelain") == ""
