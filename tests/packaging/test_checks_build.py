"""checks.build unpacks an sdist safely, with tarfile's filters and without (3.11.2 has none)."""

from __future__ import annotations

import io
import tarfile
from typing import TYPE_CHECKING

import pytest
from mygame_devtools.checks.build import extract

if TYPE_CHECKING:
    from pathlib import Path

# Python 3.12 and 3.13 warn when an archive is unpacked with no filter, as 3.11.2 must.
FILTERS = pytest.mark.parametrize(
    "filters",
    [True, pytest.param(False, marks=pytest.mark.filterwarnings("ignore::DeprecationWarning"))],
    ids=["tar filters", "no tar filters"],
)


def member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.size = kind, link, 1 if kind == tarfile.REGTYPE else 0
    return info


def archive(*members: tarfile.TarInfo) -> tarfile.TarFile:
    """An archive holding ``members``; each file holds one byte."""
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as out:
        for info in members:
            out.addfile(info, io.BytesIO(b"x") if info.isfile() else None)
    return tarfile.open(fileobj=io.BytesIO(data.getvalue()))


@pytest.fixture(autouse=True)
def tar_filters(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without filters, tarfile is as Python 3.11.2's: no ``data_filter``."""
    if not request.node.callspec.params["filters"]:
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    elif not hasattr(tarfile, "data_filter"):
        pytest.skip("this Python's tarfile has no filters: the other case is this one")


@FILTERS
def test_plain_files_and_folders_are_unpacked(tmp_path: Path, filters: bool) -> None:
    assert hasattr(tarfile, "data_filter") is filters
    extract(archive(member("pkg", tarfile.DIRTYPE), member("pkg/a.py")), str(tmp_path))
    assert (tmp_path / "pkg" / "a.py").read_bytes() == b"x"


@FILTERS
@pytest.mark.parametrize(
    "bad",
    [
        member("../escape.py"),
        member("/absolute.py"),
        member("pkg/../../escape.py"),
        member("pkg/link", tarfile.SYMTYPE, "/etc/passwd"),
        member("pkg/inside", tarfile.SYMTYPE, "a.py"),
        member("pkg/hard", tarfile.LNKTYPE, "pkg/a.py"),
        member("pkg/fifo", tarfile.FIFOTYPE),
    ],
    ids=lambda info: f"{info.name}->{info.linkname}" if info.linkname else info.name,
)
def test_anything_else_is_refused_before_a_byte_is_written(
    tmp_path: Path, bad: tarfile.TarInfo, filters: bool
) -> None:
    """A path that leaves the folder, a link or a special file: refused, nothing unpacked."""
    folder = tmp_path / "unpacked"
    folder.mkdir()
    with pytest.raises(tarfile.TarError, match="not a plain file inside the archive"):
        extract(archive(member("pkg/a.py"), bad), str(folder))
    assert hasattr(tarfile, "data_filter") is filters
    assert [*tmp_path.rglob("*")] == [folder]
