"""``mygame info`` finds portions of the namespace from each distribution's list of files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mygame.cli._info import gather

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def install(site: Path, name: str, files: dict[str, str], listing: tuple[str, str]) -> None:
    """Put ``files`` in ``site`` and a distribution ``name`` 1.0 whose ``listing`` names them.

    ``listing`` is (file name, text): ``RECORD`` in a ``.dist-info`` folder (a wheel),
    anything else in an ``.egg-info`` folder (an egg's ``SOURCES.txt``).
    """
    for path, text in files.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
    kind = "dist-info" if listing[0] == "RECORD" else "egg-info"
    meta = site / f"{name.replace('-', '_')}-1.0.{kind}"
    meta.mkdir()
    header = "PKG-INFO" if kind == "egg-info" else "METADATA"
    (meta / header).write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (meta / listing[0]).write_text(listing[1], encoding="utf-8")


def portions(site: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    monkeypatch.syspath_prepend(str(site))
    report = gather()
    dists = report["distributions"]
    assert isinstance(dists, list)
    return {d["name"]: d["packages"] for d in dists}


def test_a_quoted_path_in_record_is_read_as_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A path with a comma is quoted in RECORD, and still names its portion."""
    files = {"mygame/odd,name/__init__.py": ""}
    record = '"mygame/odd,name/__init__.py",,\nodd-1.0.dist-info/METADATA,,\n'
    install(tmp_path, "odd", files, ("RECORD", record))
    assert portions(tmp_path, monkeypatch)["odd"] == ["mygame.odd,name"]


def test_a_portion_whose_files_are_gone_is_not_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RECORD still lists a package deleted by hand: it is not a portion any more."""
    files = {"mygame/kept/__init__.py": ""}
    record = "mygame/kept/__init__.py,,\nmygame/gone/__init__.py,,\nmygame/gone/x.py,,\n"
    install(tmp_path, "partly-deleted", files, ("RECORD", record))
    install(tmp_path, "all-deleted", {}, ("RECORD", "mygame/away/__init__.py,,\n"))
    found = portions(tmp_path, monkeypatch)
    assert found["partly-deleted"] == ["mygame.kept"]
    assert "all-deleted" not in found


def test_an_egg_without_record_is_read_from_its_own_file_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An egg lists its files in SOURCES.txt (what every Python's importlib.metadata reads)."""
    files = {"mygame/legacy/__init__.py": "", "mygame/legacy/core.py": ""}
    listing = "setup.py\nmygame/legacy/__init__.py\nmygame/legacy/core.py\n"
    install(tmp_path, "legacy-egg", files, ("SOURCES.txt", listing))
    found = portions(tmp_path, monkeypatch)
    assert found.get("legacy-egg") == ["mygame.legacy"]
