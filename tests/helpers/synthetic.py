"""A made-up workspace of many distributions, as a real git repository, for tests and benchmarks.

The layout copies mygame's (``packages/<name>/pyproject.toml``, ``tests/<short>/``, a
root ``pyproject.toml`` with ``[tool.uv.workspace]``, a ``noxfile.py``), grown to
``count`` distributions whose dependencies form a binary tree: ``mygame-d00`` is the
root every other one depends on, through ``mygame-d01`` or ``mygame-d02``, and so on
down to the leaves, which nothing depends on.
"""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["make_workspace", "name_of", "parent_of"]

_IDENTITY = ["-c", "user.name=Synthetic", "-c", "user.email=synthetic@example.invalid"]


def name_of(index: int) -> str:
    """Return the name of the ``index``-th distribution: ``mygame-d07``."""
    return f"mygame-d{index:02d}"


def parent_of(index: int) -> int | None:
    """Return the index of the sibling the ``index``-th one requires (None for the root)."""
    return None if index == 0 else (index - 1) // 2


def _pyproject(index: int) -> str:
    parent = parent_of(index)
    deps = "" if parent is None else f'"{name_of(parent)}>=1,<2"'
    short = name_of(index).removeprefix("mygame-")
    return (
        f'[project]\nname = "{name_of(index)}"\ndynamic = ["version"]\n'
        f"dependencies = [{deps}]\n\n"
        f'[tool.hatch.version]\npath = "src/mygame/{short}/_version.py"\n'
    )


def make_workspace(root: Path, count: int = 30) -> None:
    """Write a workspace of ``count`` distributions into ``root`` and commit it (branch main)."""
    (root / "pyproject.toml").write_text(
        '[tool.uv.workspace]\nmembers = ["packages/*"]\n', encoding="utf-8"
    )
    (root / "noxfile.py").write_text('"""The sessions."""\n', encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "README.md").write_text("# The learning path\n", encoding="utf-8")
    for index in range(count):
        short = name_of(index).removeprefix("mygame-")
        folder = root / "packages" / name_of(index)
        package = folder / "src" / "mygame" / short
        package.mkdir(parents=True)
        (folder / "pyproject.toml").write_text(_pyproject(index), encoding="utf-8")
        (package / "_version.py").write_text('__version__ = "1.0.0"\n', encoding="utf-8")
        (package / "__init__.py").write_text(f'"""Piece {index}."""\n', encoding="utf-8")
        tests = root / "tests" / short
        tests.mkdir(parents=True)
        (tests / f"test_{short}.py").write_text("def test_it() -> None: ...\n", encoding="utf-8")
    for args in (["init", "--quiet", "--initial-branch=main"], ["add", "--all"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    subprocess.run(
        ["git", *_IDENTITY, "commit", "--quiet", "-m", "A workspace"],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip
