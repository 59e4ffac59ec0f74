"""checks.compare tells equal archives from archives with other files or other contents."""

from __future__ import annotations

import shutil
import tarfile
import zipfile
from typing import TYPE_CHECKING

from mygame_devtools.checks.compare import compare, main

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import pytest


def rezip(
    wheel: Path, change: Callable[[zipfile.ZipInfo, bytes], tuple[zipfile.ZipInfo, bytes]]
) -> None:
    """Write ``wheel`` again, each member passed through ``change``."""
    with zipfile.ZipFile(wheel) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(wheel, "w") as archive:
        for info, data in members:
            archive.writestr(*change(info, data))


def copies(dist_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    left, right = tmp_path / "left", tmp_path / "right"
    shutil.copytree(dist_dir, left)
    shutil.copytree(dist_dir, right)
    return left, right


def test_copies_are_byte_identical(dist_dir: Path, tmp_path: Path) -> None:
    left, right = copies(dist_dir, tmp_path)

    problems, verdicts = compare(left, right)

    assert problems == []
    assert len(verdicts) == 6
    assert all(v.endswith(": byte-identical") for v in verdicts)


def test_other_file_times_are_named_not_refused(dist_dir: Path, tmp_path: Path) -> None:
    """Same contents, other headers: passes, and says which headers differ."""
    left, right = copies(dist_dir, tmp_path)
    wheel = next(right.glob("mygame_draw-*.whl"))

    def later(info: zipfile.ZipInfo, data: bytes) -> tuple[zipfile.ZipInfo, bytes]:
        info.date_time = (2030, 1, 1, 0, 0, 0)
        return info, data

    rezip(wheel, later)

    problems, verdicts = compare(left, right, ["mygame-draw"])

    assert problems == []
    assert f"{wheel.name}: same files and contents; the bytes differ in file times" in verdicts


def test_other_metadata_is_refused(dist_dir: Path, tmp_path: Path) -> None:
    left, right = copies(dist_dir, tmp_path)
    wheel = next(right.glob("mygame_logic-*.whl"))

    def drop_import_name(info: zipfile.ZipInfo, data: bytes) -> tuple[zipfile.ZipInfo, bytes]:
        if info.filename.endswith("METADATA"):
            data = data.replace(b"Import-Name: mygame.logic\n", b"")
        return info, data

    rezip(wheel, drop_import_name)

    problems, _ = compare(left, right)

    stem = wheel.name.split("-py3")[0]
    assert problems == [
        f"{wheel.name}: contents differ from {wheel.name} in {stem}.dist-info/METADATA"
    ]


def test_an_sdist_with_other_file_times_fails_only_identical(
    dist_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Other file times inside an sdist pass a plain compare and fail --identical (nox -s check)."""
    left, right = copies(dist_dir, tmp_path)
    sdist = next(right.glob("mygame_logic-*.tar.gz"))
    with tarfile.open(sdist) as archive:
        members = [(m, archive.extractfile(m)) for m in archive.getmembers()]
        with tarfile.open(sdist.with_suffix(".new"), "w:gz") as out:
            for member, data in members:
                member.mtime += 60
                out.addfile(member, data)
    sdist.with_suffix(".new").replace(sdist)

    assert main([str(left), str(right)]) == 0
    verdict = f"{sdist.name}: same files and contents; the bytes differ in file times"
    assert f"checks.compare: {verdict}\n" in capsys.readouterr().out
    assert main([str(left), str(right), "--identical"]) == 1
    assert f"checks.compare: {verdict}\n" in capsys.readouterr().err


def test_missing_artifact_fails_the_command(
    dist_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    left, right = copies(dist_dir, tmp_path)
    sdist = next(right.glob("mygame_cli-*.tar.gz"))
    sdist.unlink()

    assert main([str(left), str(right)]) == 1

    err = capsys.readouterr().err
    assert f"checks.compare: {sdist.name}: in {left} but not in {right}\n" in err


def test_identical_refuses_other_file_times(
    dist_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reproducible build must be byte-identical: other headers fail with --identical."""
    left, right = copies(dist_dir, tmp_path)
    assert main([str(left), str(right), "--identical"]) == 0
    wheel = next(right.glob("mygame_logic-*.whl"))

    def later(info: zipfile.ZipInfo, data: bytes) -> tuple[zipfile.ZipInfo, bytes]:
        info.date_time = (2030, 1, 1, 0, 0, 0)
        return info, data

    rezip(wheel, later)
    assert main([str(left), str(right)]) == 0
    capsys.readouterr()
    assert main([str(left), str(right), "--identical"]) == 1
    assert f"checks.compare: {wheel.name}: same files and contents;" in capsys.readouterr().err
