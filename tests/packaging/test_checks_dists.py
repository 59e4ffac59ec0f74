"""The namespace and range checks catch what they exist to catch, not only the happy path."""

from __future__ import annotations

import re
import shutil
import sys
import tarfile
import zipfile
from typing import TYPE_CHECKING

from helpers.installers import ROOT, run
from mygame_devtools.checks.dists import main, problems_in
from mygame_devtools.workspace import load_workspace, sibling_range_problems

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def copy_dist(dist_dir: Path, tmp_path: Path) -> Path:
    """A scratch copy of the built artifacts, to spoil on purpose."""
    out = tmp_path / "dist"
    shutil.copytree(dist_dir, out)
    return out


def add_to_wheel(wheel: Path, name: str, data: bytes = b"") -> None:
    """Add a file to a wheel, as a careless build configuration would."""
    with zipfile.ZipFile(wheel, "a") as archive:
        archive.writestr(name, data)


def copy_workspace(tmp_path: Path) -> Path:
    """A scratch copy of the workspace's packages, to edit on purpose."""
    root = tmp_path / "tree"
    shutil.copytree(ROOT / "packages", root / "packages")
    shutil.copy(ROOT / "pyproject.toml", root)  # the workspace's members
    return root


def test_built_artifacts_pass(dist_dir: Path) -> None:
    """The artifacts built from the tree have no problem."""
    assert problems_in(dist_dir) == []


def test_wheel_with_namespace_init_is_caught(dist_dir: Path, tmp_path: Path) -> None:
    """A wheel shipping mygame/__init__.py would hide the other portions: refused."""
    spoilt = copy_dist(dist_dir, tmp_path)
    add_to_wheel(next(spoilt.glob("mygame_draw-*.whl")), "mygame/__init__.py")

    problems = problems_in(spoilt)

    assert any("mygame_draw" in p and "ships mygame/__init__.py" in p for p in problems)


def test_wheel_with_a_siblings_file_is_caught(dist_dir: Path, tmp_path: Path) -> None:
    """A wheel holding another portion's file is caught twice: outside itself, and shared."""
    spoilt = copy_dist(dist_dir, tmp_path)
    add_to_wheel(next(spoilt.glob("mygame_cli-*.whl")), "mygame/logic/__init__.py")

    problems = problems_in(spoilt)

    assert any("mygame/logic/__init__.py is outside mygame/cli/" in p for p in problems)
    assert any("shipped by both" in p for p in problems)


def test_wheel_without_import_names_is_caught(dist_dir: Path, tmp_path: Path) -> None:
    """A wheel whose METADATA lost Import-Name (an older hatchling drops it) is refused."""
    spoilt = copy_dist(dist_dir, tmp_path)
    wheel = next(spoilt.glob("mygame_draw-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    metadata = next(name for name in entries if name.endswith(".dist-info/METADATA"))
    entries[metadata] = b"".join(
        line
        for line in entries[metadata].splitlines(keepends=True)
        if not line.startswith(b"Import-Name:")
    )
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)

    problems = problems_in(spoilt)

    expected = (
        f"{wheel.name}: metadata has Import-Name nothing, expected ['mygame.draw']; "
        "declare it in [project] and build with hatchling>=1.32"
    )
    assert problems == [expected]


def test_sdist_with_namespace_init_is_caught(dist_dir: Path, tmp_path: Path) -> None:
    """An sdist carrying src/mygame/__init__.py is refused too."""
    spoilt = copy_dist(dist_dir, tmp_path)
    sdist = next(spoilt.glob("mygame_logic-*.tar.gz"))
    stem = sdist.name.removesuffix(".tar.gz")
    stray = tmp_path / "__init__.py"
    stray.write_text("")
    with tarfile.open(sdist) as archive:
        members = [(m, archive.extractfile(m)) for m in archive.getmembers()]
        with tarfile.open(sdist.with_suffix(".new"), "w:gz") as out:
            for member, data in members:
                out.addfile(member, data)
            out.add(stray, arcname=f"{stem}/src/mygame/__init__.py")
    sdist.with_suffix(".new").replace(sdist)

    assert any("carries" in p and "src/mygame/__init__.py" in p for p in problems_in(spoilt))


def test_missing_artifact_is_caught(dist_dir: Path, tmp_path: Path) -> None:
    """Every distribution needs both an sdist and a wheel."""
    spoilt = copy_dist(dist_dir, tmp_path)
    next(spoilt.glob("mygame_cli-*.whl")).unlink()

    assert any(p.startswith("no wheel of mygame-cli") for p in problems_in(spoilt))


def _set_requirement(pyproject: Path, sibling: str, requirement: str) -> None:
    """Replace the requirement on ``sibling`` in ``pyproject``, whatever its range is now."""
    text = pyproject.read_text()
    changed, count = re.subn(rf'"{re.escape(sibling)}[<>=!~][^"]*"', f'"{requirement}"', text)
    assert count == 1, f"no requirement on {sibling} in {pyproject}"
    pyproject.write_text(changed)


def test_range_that_excludes_the_tree_version_is_caught(tmp_path: Path) -> None:
    """A sibling range that does not admit the in-tree version names the range to widen."""
    root = copy_workspace(tmp_path)
    logic = next(d for d in load_workspace(root) if d.name == "mygame-logic")
    _set_requirement(
        root / "packages" / "mygame-draw" / "pyproject.toml", logic.name, "mygame-logic>=99,<100"
    )

    problems = sibling_range_problems(load_workspace(root))

    assert len(problems) == 1
    assert (
        f"mygame-draw: 'mygame-logic<100,>=99' does not admit mygame-logic {logic.version}"
        in problems[0]
    )


def test_range_without_upper_bound_is_caught(tmp_path: Path) -> None:
    """A sibling range must have an upper bound: a new major version is a decision."""
    root = copy_workspace(tmp_path)
    draw = next(d for d in load_workspace(root) if d.name == "mygame-draw")
    _set_requirement(
        root / "packages" / "mygame-cli" / "pyproject.toml", draw.name, "mygame-draw>=1"
    )

    problems = sibling_range_problems(load_workspace(root))

    v = draw.version
    suggested = f"mygame-draw>={v.major}.{v.minor},<{v.major + 1}"
    assert problems == [
        f"mygame-cli: 'mygame-draw>=1' needs a lower and an upper bound, e.g. '{suggested}'"
    ]


def test_tree_ranges_admit_tree_versions() -> None:
    """The real tree is consistent."""
    assert sibling_range_problems(load_workspace(ROOT)) == []


def test_stray_namespace_init_never_reaches_a_wheel(tmp_path: Path) -> None:
    """Even if src/mygame/__init__.py appears by mistake, the build leaves it out."""
    project = tmp_path / "mygame-logic"
    shutil.copytree(ROOT / "packages" / "mygame-logic", project)
    (project / "src" / "mygame" / "__init__.py").write_text("# a mistake\n")
    out = tmp_path / "out"

    run(sys.executable, "-m", "build", "-n", "-x", "-q", "-o", out, project)

    wheel = next(out.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        assert "mygame/__init__.py" not in archive.namelist()
        assert "mygame/logic/__init__.py" in archive.namelist()
    assert problems_in(out) == [
        f"no {kind} of {name} {version} in {out}"
        for d in load_workspace(ROOT)
        if d.name != "mygame-logic"
        for name, version in [(d.name, d.version)]
        for kind in ("sdist", "wheel")
    ]


def test_command_line_reports_one_line_per_problem(
    dist_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The check exits 1 naming the problem, 2 for a missing folder, 0 when all is well."""
    assert main([str(dist_dir)]) == 0
    spoilt = copy_dist(dist_dir, tmp_path)
    add_to_wheel(next(spoilt.glob("mygame_logic-*.whl")), "mygame/__init__.py")
    capsys.readouterr()

    assert main([str(spoilt)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith("checks.dists: mygame_logic-")

    assert main([str(tmp_path / "nowhere")]) == 2
    assert "run 'nox -s build' first" in capsys.readouterr().err
