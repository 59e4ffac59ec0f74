"""``mygame info`` finds portions of the namespace from each distribution's list of files."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from mygame.cli._info import gather, info_command

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


def test_an_editable_install_is_found_on_the_namespace_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An editable install lists a .pth file, not the package: mygame.__path__ has it."""
    site, src = tmp_path / "site", tmp_path / "src"
    (src / "mygame" / "extra").mkdir(parents=True)
    (src / "mygame" / "extra" / "__init__.py").write_text("", encoding="utf-8")
    pth = {"_mygame_extra.pth": f"{src}\n"}
    install(site, "mygame-extra", pth, ("RECORD", "_mygame_extra.pth,,\n"))
    meta = site / "mygame_extra-1.0.dist-info"
    (meta / "direct_url.json").write_text(
        f'{{"url": "{src.as_uri()}", "dir_info": {{"editable": true}}}}', encoding="utf-8"
    )
    with (meta / "METADATA").open("a", encoding="utf-8") as file:
        file.write("Import-Name: mygame.extra\n")  # and no Import-Namespace
    # No files of its own under mygame/, and nothing on the path for this one:
    install(site, "mygame-ghost", {}, ("RECORD", "mygame_ghost-1.0.dist-info/METADATA,,\n"))
    (site / "mygame_ghost-1.0.dist-info" / "direct_url.json").write_text("{not json")
    monkeypatch.syspath_prepend(str(src))  # what the .pth file does at start-up

    found = portions(site, monkeypatch)
    assert found["mygame-extra"] == ["mygame.extra"]
    assert found["mygame-ghost"] == []
    info_command(argparse.Namespace(json=False))
    out = capsys.readouterr().out
    assert "  mygame-extra 1.0  (editable): mygame.extra  (declares mygame.extra)\n" in out
    assert f"      {(src / 'mygame' / 'extra').resolve()}\n" in out
    assert "  mygame-ghost 1.0: -  (declares no import names)\n" in out
