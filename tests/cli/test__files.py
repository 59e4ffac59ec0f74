"""Atomic writes: the old file or the new one, never half of one, no temporary left."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from mygame.cli._errors import CliError
from mygame.cli._files import check_writable, write_atomically

if TYPE_CHECKING:
    from pathlib import Path


def test_a_file_is_replaced_whole_and_no_temporary_is_left(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    write_atomically(target, "new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def broken_fsync(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space"):
        write_atomically(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_the_new_file_gets_the_usual_permissions_not_0600(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomically(target, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize(("name", "words"), [("missing/x.txt", "does not exist"), (".", "folder")])
def test_unwritable_targets_are_refused_before_anything_happens(
    tmp_path: Path, name: str, words: str
) -> None:
    with pytest.raises(CliError, match=words):
        check_writable(tmp_path / name)
