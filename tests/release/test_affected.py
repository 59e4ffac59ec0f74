"""affected: a change selects the distributions it touches, their dependents, or all of them.

Run on a made-up workspace of 30 distributions in a real git repository
(``helpers.synthetic``), whose dependencies form a binary tree.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers.synthetic import make_workspace, name_of, parent_of
from mygame_devtools.release.affected import (
    affected,
    changed_files,
    choose,
    main,
    quick_python,
    select,
)
from mygame_devtools.workspace import load_workspace

COUNT = 30
REPO = Path(__file__).resolve().parents[2]


def descendants(index: int) -> set[str]:
    """The distribution and every one that requires it, directly or not."""
    found = {index}
    for other in range(COUNT):  # parents come before children: one pass is enough
        parent = parent_of(other)
        if parent is not None and parent in found:
            found.add(other)
    return {name_of(i) for i in found}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("workspace")
    make_workspace(root, COUNT)
    return root


def git(root: Path, *args: str) -> None:
    identity = ["-c", "user.name=T", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", *identity, *args], cwd=root, check=True, capture_output=True)


def selected(workspace: Path, *paths: str) -> list[str]:
    return select(paths, load_workspace(workspace), workspace).names


class TestSelect:
    def test_a_change_to_a_leaf_selects_only_the_leaf(self, workspace: Path) -> None:
        """Nothing depends on mygame-d20: it alone is tested."""
        assert selected(workspace, "packages/mygame-d20/src/mygame/d20/__init__.py") == [
            "mygame-d20"
        ]

    def test_a_change_to_the_root_selects_every_distribution(self, workspace: Path) -> None:
        """Everything depends on mygame-d00, through others."""
        names = selected(workspace, "packages/mygame-d00/pyproject.toml")
        assert set(names) == {name_of(i) for i in range(COUNT)}

    def test_a_change_to_an_inner_node_selects_its_dependents_transitively(
        self, workspace: Path
    ) -> None:
        names = selected(workspace, "packages/mygame-d01/src/mygame/d01/__init__.py")
        assert set(names) == descendants(1)
        assert "mygame-d02" not in names
        assert "mygame-d00" not in names  # what it depends on is not affected

    def test_the_selection_is_in_dependency_order(self, workspace: Path) -> None:
        names = selected(workspace, "packages/mygame-d02/pyproject.toml")
        order = [d.name for d in load_workspace(workspace)]
        assert names == [n for n in order if n in names]

    def test_a_distribution_s_tests_select_it(self, workspace: Path) -> None:
        assert selected(workspace, "tests/d29/test_d29.py") == ["mygame-d29"]

    @pytest.mark.parametrize(
        "path", ["noxfile.py", "pyproject.toml", "uv.lock", "tools/x.py", ".ci/run", "odd.cfg"]
    )
    def test_a_shared_or_unknown_file_selects_everything(self, workspace: Path, path: str) -> None:
        selection = select([path], load_workspace(workspace), workspace)
        assert selection.shared == (path,)
        assert len(selection.names) == COUNT
        assert path in selection.explain()[0]

    def test_documentation_alone_selects_nothing_and_says_so(self, workspace: Path) -> None:
        selection = select(["docs/README.md", "README.md"], load_workspace(workspace), workspace)
        assert selection.names == []
        assert selection.shared == ()
        assert selection.explain() == ["documentation only (2 files): no distribution is selected"]

    def test_each_selected_distribution_says_why(self, workspace: Path) -> None:
        selection = select(
            ["packages/mygame-d07/a.py", "packages/mygame-d07/b.py"],
            load_workspace(workspace),
            workspace,
        )
        assert selection.explain() == [
            "mygame-d07: changed (packages/mygame-d07/a.py and 1 more)",
            "mygame-d15: depends on mygame-d07",
            "mygame-d16: depends on mygame-d07",
        ]


class TestGit:
    @pytest.fixture
    def clone(self, workspace: Path, tmp_path: Path) -> Path:
        clone = tmp_path / "clone"
        subprocess.run(["git", "clone", "--quiet", str(workspace), str(clone)], check=True)
        git(clone, "switch", "--quiet", "-c", "change")
        return clone

    def test_committed_modified_and_untracked_files_all_count(self, clone: Path) -> None:
        (clone / "packages/mygame-d20/x.py").write_text("x = 1\n", encoding="utf-8")
        git(clone, "add", "--all")
        git(clone, "commit", "--quiet", "-m", "committed")
        (clone / "packages/mygame-d21/src/mygame/d21/__init__.py").write_text("", encoding="utf-8")
        (clone / "tests/d22/test_new.py").write_text("", encoding="utf-8")
        assert changed_files(clone, "main") == [
            "packages/mygame-d20/x.py",
            "packages/mygame-d21/src/mygame/d21/__init__.py",
            "tests/d22/test_new.py",
        ]
        assert affected(clone, "main").names == ["mygame-d20", "mygame-d21", "mygame-d22"]

    def test_changes_on_the_base_branch_after_the_fork_do_not_count(self, clone: Path) -> None:
        """Like a pull request: only what this branch changed since it left the base."""
        git(clone, "switch", "--quiet", "main")
        (clone / "noxfile.py").write_text("# changed on main\n", encoding="utf-8")
        git(clone, "commit", "--quiet", "-am", "on main")
        git(clone, "switch", "--quiet", "change")
        assert affected(clone, "main").names == []

    def test_list_prints_the_names_one_a_line(
        self, clone: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        (clone / "packages/mygame-d14/x.py").write_text("", encoding="utf-8")
        assert main(["--since", "main", "--list", "--root", str(clone)]) == 0
        assert capsys.readouterr().out == "mygame-d14\nmygame-d29\n"

    def test_the_sessions_come_from_the_listing_by_parameter_and_tag(self, clone: Path) -> None:
        """What nox lists decides the sessions: no list of session names in the tool."""
        listing: list[dict[str, Any]] = [
            {"session": "lint", "name": "lint", "tags": ["quick", "workspace", "pages"]},
            {"session": "docs", "name": "docs", "tags": ["workspace", "pages"]},
            {"session": "publishing", "name": "publishing", "tags": ["shared"]},
            *(
                {"session": f"tests-{py}(distribution='{d}')", "name": "tests", "python": py,
                 "tags": [], "call_spec": {"distribution": d}}
                for py in ("3.11", "3.12") for d in ("mygame-d14", "mygame-d29", "mygame-d00")
            ),
        ]  # fmt: skip
        for entry in listing:
            entry.setdefault("call_spec", {})
        (clone / "packages/mygame-d14/x.py").write_text("", encoding="utf-8")
        selection = affected(clone, "main")
        tests = [
            f"tests-{py}(distribution='{d}')"
            for py in ("3.11", "3.12")
            for d in ("mygame-d14", "mygame-d29")
        ]
        assert choose(listing, selection, quick=False, python="3.12") == ["lint", "docs", *tests]
        assert choose(listing, selection, quick=True, python="3.12") == ["lint", *tests[2:]]
        (clone / "packages/mygame-d14/x.py").unlink()
        (clone / "docs/more.md").write_text("", encoding="utf-8")
        assert choose(listing, affected(clone, "main"), quick=False, python="3.12") == [
            "lint",
            "docs",
        ]
        (clone / "noxfile.py").write_text("# changed\n", encoding="utf-8")
        everything = choose(listing, affected(clone, "main"), quick=False, python="3.12")
        assert everything == [entry["session"] for entry in listing]

    def test_an_unknown_ref_is_a_one_line_error(self, clone: Path) -> None:
        proc = subprocess.run(
            [sys.executable, "-m", "mygame_devtools.release.affected", "--since", "no-such-ref"],
            cwd=clone, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert proc.returncode == 1
        assert proc.stdout == ""
        assert proc.stderr == (
            "affected: error: 'no-such-ref' is not a commit git knows here; "
            "pass --since a branch, tag or commit\n"
        )

    def test_the_repository_itself_is_read(self) -> None:
        """On this repository: its first distribution selects all, its last only itself."""
        dists = load_workspace(REPO)
        first, last = (d.path.relative_to(REPO).as_posix() for d in (dists[0], dists[-1]))
        assert select([f"{first}/x.py"], dists, REPO).names == [d.name for d in dists]
        assert select([f"{last}/x.py"], dists, REPO).names == [dists[-1].name]


def test_the_quick_loop_tests_on_an_installed_python_that_nox_does_not_measure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """nox's own Python measures coverage and runs the tests marked once: slower, and CI's."""
    own = f"{sys.version_info.major}.{sys.version_info.minor}"
    listing = [{"name": "tests", "python": v} for v in (own, "3.98", "3.99", "3.100")]
    listing.append({"name": "lint", "python": own})
    installed = {f"python{own}", "python3.98", "python3.99"}
    monkeypatch.setattr(shutil, "which", lambda name: f"/bin/{name}" if name in installed else None)
    assert quick_python(listing) == "3.99"  # 3.100 is listed but not installed
    installed.clear()
    assert quick_python(listing) == own
