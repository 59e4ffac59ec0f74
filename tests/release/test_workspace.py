"""The workspace: its members from the uv workspace, one reader and writer of a version line."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from mygame_devtools.workspace import (
    WorkspaceError,
    find_root,
    load_workspace,
    name_prefix,
    version_in,
    with_version,
)
from packaging.version import Version

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
VERSION_FILE = '"""The one place the version lives."""\n\n__version__ = "1.2.0"\n'


def test_the_reader_reads_the_version_line() -> None:
    assert version_in(VERSION_FILE, "x/_version.py") == Version("1.2.0")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('"""No version here."""\n', "no line like"),
        ('__version__ = "one.two"\n', "is not a version"),
        ('__version__ = "1.2.0"  # note\n', "no line like"),
    ],
)
def test_the_reader_refuses_a_file_without_a_clean_version_line(text: str, says: str) -> None:
    with pytest.raises(WorkspaceError, match=says):
        version_in(text, "x/_version.py")


def test_the_writer_changes_only_the_version_line() -> None:
    text = with_version(VERSION_FILE, Version("2.0.0"), "x/_version.py")
    assert text == VERSION_FILE.replace("1.2.0", "2.0.0")
    assert version_in(text, "x/_version.py") == Version("2.0.0")


def test_the_writer_refuses_a_text_without_a_version_line() -> None:
    with pytest.raises(WorkspaceError, match="no line like"):
        with_version('"""No version here."""\n', Version("2.0.0"), "x/_version.py")


def _cli_installed() -> ModuleType:
    """mygame-cli's own reader (a runtime distribution cannot use the dev tools), by path."""
    path = REPO / "packages" / "mygame-cli" / "src" / "mygame" / "cli" / "_installed.py"
    spec = importlib.util.spec_from_file_location("cli_versions_under_test", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_tools_and_the_cli_read_each_version_file_alike() -> None:
    cli_reader = _cli_installed()._read_version
    dists = load_workspace(REPO)
    assert [d.name for d in dists] == ["mygame-logic", "mygame-draw", "mygame-cli"]
    for dist in dists:
        assert Version(cli_reader(str(dist.version_file))) == dist.version


def test_the_root_is_the_workspace_the_tools_run_in(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.uv.workspace]\nmembers = ["packages/*"]\n')
    inside = tmp_path / "packages" / "mygame-logic" / "src"
    inside.mkdir(parents=True)
    (inside.parent / "pyproject.toml").write_text('[project]\nname = "mygame-logic"\n')
    assert find_root(inside) == tmp_path.resolve()
    assert find_root(Path(__file__).parent) == REPO


def _member(root: Path, folder: str, name: str, package: str, *requires: str) -> None:
    path = root / folder
    (path / "src" / package.replace(".", "/")).mkdir(parents=True)
    (path / "src" / package.replace(".", "/") / "_version.py").write_text('__version__ = "1.0.0"\n')
    deps = ", ".join(f'"{r}>=1,<2"' for r in requires)
    version_path = f"src/{package.replace('.', '/')}/_version.py"
    (path / "pyproject.toml").write_text(
        f'[project]\nname = "{name}"\ndynamic = ["version"]\ndependencies = [{deps}]\n'
        f'[tool.hatch.version]\npath = "{version_path}"\n'
    )


def acme(root: Path) -> Path:
    """Another namespace, a diamond, a member outside the namespace, a private member."""
    (root / "pyproject.toml").write_text(
        '[tool.uv.workspace]\nmembers = ["libs/*", "apps/app", "extra", "tools"]\n'
    )
    _member(root, "libs/core", "acme-core", "acme.core")
    _member(root, "libs/net", "acme-net", "acme.net", "acme-core")
    _member(root, "libs/io", "acme-io", "acme.io", "acme-core")
    _member(root, "apps/app", "acme-app", "acme.app", "acme-io", "acme-net", "tinyjson")
    _member(root, "extra", "tinyjson", "tinyjson")
    (root / "tools").mkdir()
    (root / "tools" / "pyproject.toml").write_text(
        '[project]\nname = "acme-devtools"\nversion = "0"\n'
        'classifiers = ["Private :: Do Not Upload"]\n'
    )
    return root


def test_members_come_from_the_uv_workspace_in_dependency_order(tmp_path: Path) -> None:
    names = [d.name for d in load_workspace(acme(tmp_path))]
    assert sorted(names) == ["acme-app", "acme-core", "acme-io", "acme-net", "tinyjson"]
    assert names.index("acme-core") < names.index("acme-io") < names.index("acme-app")
    assert names.index("acme-net") < names.index("acme-app")
    assert names.index("tinyjson") < names.index("acme-app")
    assert "acme-devtools" not in names, "a Private :: Do Not Upload member is never released"


def test_the_prefix_leaves_out_a_member_outside_the_namespace(tmp_path: Path) -> None:
    assert name_prefix(load_workspace(acme(tmp_path))) == "acme"


def test_a_dependency_cycle_is_named(tmp_path: Path) -> None:
    root = acme(tmp_path)
    core = root / "libs/core/pyproject.toml"
    core.write_text(core.read_text().replace("dependencies = []", 'dependencies = ["acme-app"]'))
    with pytest.raises(WorkspaceError, match="circular dependencies between"):
        load_workspace(root)


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda t: t.replace('name = "acme-io"', 'name = "acme-io'), r"pyproject.toml:2:\d+: "),
        (
            lambda t: t.split("[tool.hatch.version]")[0],
            r"pyproject.toml: no \[tool.hatch.version\]",
        ),
        (lambda t: t.replace('"acme-core>=1,<2"', '"acme-core>>1"'), "dependencies"),
        (lambda t: t.replace("[project]", "project = 1\n[x]"), r"no \[project\] name"),
    ],
)
def test_a_malformed_member_is_one_line_naming_the_file(
    tmp_path: Path, edit: Callable[[str], str], says: str
) -> None:
    root = acme(tmp_path)
    pyproject = root / "libs/io/pyproject.toml"
    pyproject.write_text(edit(pyproject.read_text()))
    with pytest.raises(WorkspaceError, match=says) as caught:
        load_workspace(root)
    assert str(caught.value).startswith(str(pyproject))
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("tool", ["release.consistency", "release.history", "release.affected"])
def test_the_tools_name_a_malformed_pyproject_without_a_traceback(
    tmp_path: Path, tool: str
) -> None:
    root = acme(tmp_path)
    (root / "pyproject.toml").write_text('[tool.uv.workspace]\nmembers = ["libs/*]\n')
    args = ["--since", "HEAD"] if tool.endswith("affected") else []
    subprocess.run(["git", "init", "--quiet"], cwd=root, check=True)
    proc = subprocess.run(
        [sys.executable, "-m", f"mygame_devtools.{tool}", *args],
        cwd=root / "libs", capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    (line,) = proc.stderr.splitlines()
    assert f"{root / 'pyproject.toml'}:2:" in line
