"""The workspace module: one reader and one writer of a version line, the root it acts on."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from mygame_devtools.workspace import (
    WorkspaceError,
    find_root,
    load_workspace,
    read_version,
    version_in,
    write_version,
)
from packaging.version import Version

if TYPE_CHECKING:
    from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
VERSION_FILE = '"""The one place the version lives."""\n\n__version__ = "1.2.0"\n'


def test_the_reader_reads_the_version_line(tmp_path: Path) -> None:
    path = tmp_path / "_version.py"
    path.write_text(VERSION_FILE, encoding="utf-8")
    assert read_version(path) == Version("1.2.0")


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


def test_the_writer_changes_only_the_version_line(tmp_path: Path) -> None:
    path = tmp_path / "_version.py"
    path.write_text(VERSION_FILE, encoding="utf-8")
    write_version(path, Version("2.0.0"))
    assert path.read_text(encoding="utf-8") == VERSION_FILE.replace("1.2.0", "2.0.0")
    assert read_version(path) == Version("2.0.0")


def test_the_writer_refuses_a_file_without_a_version_line(tmp_path: Path) -> None:
    path = tmp_path / "_version.py"
    path.write_text('"""No version here."""\n', encoding="utf-8")
    with pytest.raises(WorkspaceError, match="no line like"):
        write_version(path, Version("2.0.0"))
    assert path.read_text(encoding="utf-8") == '"""No version here."""\n'


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
        assert Version(cli_reader(str(dist.version_file))) == read_version(dist.version_file)


def test_the_root_is_the_workspace_the_tools_run_in(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.uv.workspace]\nmembers = ["packages/*"]\n')
    inside = tmp_path / "packages" / "mygame-logic" / "src"
    inside.mkdir(parents=True)
    (inside.parent / "pyproject.toml").write_text('[project]\nname = "mygame-logic"\n')
    assert find_root(inside) == tmp_path.resolve()
    assert find_root(Path(__file__).parent) == REPO
