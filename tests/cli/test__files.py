"""Output files: chosen with care (no clobbering, no renaming over devices), written whole."""

from __future__ import annotations

import os
import stat
import sys
from typing import TYPE_CHECKING

import pytest
from mygame.cli._errors import CliError
from mygame.cli._files import output_file, write_atomically

if TYPE_CHECKING:
    from pathlib import Path

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types")


def test_a_file_is_replaced_whole_and_no_temporary_is_left(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    write_atomically(target, "new", replace=True)
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_without_replace_an_existing_file_is_never_touched(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(FileExistsError):
        write_atomically(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def broken_fsync(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="No space"):
        write_atomically(target, b"new", replace=True)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_the_new_file_gets_the_usual_permissions_not_0600(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomically(target, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_the_fallback_without_o_tmpfile_also_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    target = tmp_path / "out.txt"
    write_atomically(target, "one")
    write_atomically(target, "two", replace=True)
    assert target.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


@posix_only
def test_a_temporary_file_left_by_a_killed_writer_is_swept_by_the_next_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SIGKILL mid-write leaves a named temporary; the next write into that folder removes it."""
    import subprocess  # noqa: PLC0415 - only this test starts a process

    dead = subprocess.Popen(["true"])  # a process that has exited...
    dead.wait()
    stale = tmp_path / f".mygame-{dead.pid}-abc123.tmp"  # ...its pid names the leftover
    live = tmp_path / f".mygame-{os.getpid()}-def456.tmp"  # a write under way: kept
    stranger = tmp_path / ".mygame-notes.tmp"  # not of our naming: kept
    for path in (stale, live, stranger):
        path.write_text("half a recording")
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)  # the named path, as on this machine
    write_atomically(tmp_path / "out.json", "{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["out.json", live.name, stranger.name]
    )


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("missing/x.txt", "does not exist"),
        (".", "folder"),
        ("exists.txt", "add --force"),
        ("dangling", "symlink to a file that does not exist"),
    ],
)
def test_unwritable_targets_are_refused_before_anything_happens(
    tmp_path: Path, name: str, words: str
) -> None:
    (tmp_path / "exists.txt").write_text("keep")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    with pytest.raises(CliError, match=words):
        output_file(str(tmp_path / name))
    assert (tmp_path / "exists.txt").read_text() == "keep"
    assert not (tmp_path / "nowhere").exists()


def test_force_replaces_a_file_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "secret.json"
    target.write_text("old")
    target.chmod(0o600)
    output_file(str(target), force=True).write("new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_read_only_file_is_refused_even_with_force(tmp_path: Path) -> None:
    target = tmp_path / "kept.json"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(CliError, match="read-only"):
        output_file(str(target), force=True)
    assert target.read_text() == "old"


def test_a_symlink_is_followed_its_target_replaced_and_the_link_kept(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "out.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    output_file(str(link), force=True).write("new")
    assert link.is_symlink()
    assert real.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real"]


@posix_only
def test_a_fifo_is_written_directly_not_renamed_over(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        output_file(str(fifo)).write("through the pipe")
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@posix_only
def test_a_fifo_nobody_reads_is_one_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(CliError, match="no program is reading"):
        output_file(str(fifo)).write("lost")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_the_second_write_replaces_the_first(tmp_path: Path) -> None:
    target = tmp_path / "rec.json"
    output = output_file(str(target))
    output.write("one")
    output.write("two")
    assert target.read_text() == "two"
    assert output.rewritable


def test_a_file_that_appears_after_the_check_is_not_clobbered(tmp_path: Path) -> None:
    target = tmp_path / "late.json"
    output = output_file(str(target))
    target.write_text("theirs")
    with pytest.raises(CliError, match="appeared meanwhile"):
        output.write("ours")
    assert target.read_text() == "theirs"
