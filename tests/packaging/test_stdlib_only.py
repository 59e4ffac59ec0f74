"""The three distributions import nothing but the standard library and each other."""

from __future__ import annotations

import ast
import sys
from typing import TYPE_CHECKING

import pytest
from helpers.installers import ROOT

if TYPE_CHECKING:
    from pathlib import Path

SOURCES = sorted((ROOT / "packages").glob("mygame-*/src/mygame/**/*.py"))


def imported_top_levels(tree: ast.AST) -> set[str]:
    """Every top-level module name an ``import`` statement in ``tree`` names."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return names


def test_there_is_source_to_check() -> None:
    """The glob finds the packages (a wrong path would make the next test vacuous)."""
    assert {p.relative_to(ROOT / "packages").parts[0] for p in SOURCES} == {
        "mygame-logic",
        "mygame-draw",
        "mygame-cli",
    }


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT / "packages")))
def test_imports_are_standard_library_or_mygame(source: Path) -> None:
    """No third-party import: every runtime dependency would be a decision."""
    tree = ast.parse(source.read_text(encoding="utf-8"))
    foreign = imported_top_levels(tree) - set(sys.stdlib_module_names) - {"mygame", "__future__"}
    assert foreign == set(), f"{source.name} imports {sorted(foreign)}"


def test_the_check_sees_a_third_party_import() -> None:
    """The check itself works: a third-party import is reported."""
    tree = ast.parse("import os\nfrom requests import get\nfrom . import sibling\n")
    names = imported_top_levels(tree) - set(sys.stdlib_module_names)
    assert names == {"requests"}
