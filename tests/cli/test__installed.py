"""--version finds each piece's version without importing it, and names missing pieces."""

from __future__ import annotations

from importlib import metadata
from typing import TYPE_CHECKING

from mygame.cli import _installed

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def test_each_installed_piece_reports_its_distribution_version() -> None:
    for piece in _installed.PIECES:
        assert _installed.piece_version(piece) == metadata.version(f"mygame-{piece}")


def test_a_missing_piece_is_named_as_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    pieces = {"cli": "mygame-cli", "nonexistent": "mygame-nonexistent"}
    monkeypatch.setattr(_installed, "_DISTRIBUTIONS", pieces)
    lines = _installed.version_text().splitlines()
    assert lines[1] == "mygame-nonexistent (not installed)"


def test_a_version_file_without_a_version_reads_as_none(tmp_path: Path) -> None:
    path = tmp_path / "_version.py"
    path.write_text('"""No version here."""\n')
    assert _installed._read_version(str(path)) is None
    assert _installed._read_version(str(tmp_path / "missing.py")) is None
    path.write_text("__version__ = '2.3.4'\n")
    assert _installed._read_version(str(path)) == "2.3.4"
