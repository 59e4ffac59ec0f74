"""The player registry: entry points found in metadata without an import, chosen by name."""

from __future__ import annotations

import sys
import zipfile
from importlib import metadata
from typing import TYPE_CHECKING

import pytest
from helpers.plugin_sources import WALL
from mygame.cli._errors import EXIT_USAGE, CliError
from mygame.cli._guard import GuardedPlayer
from mygame.cli._players import choose, label
from mygame.cli._registry import (
    BUILTIN,
    GROUP,
    Entry,
    PluginError,
    _folders,
    _from_folders,
    _from_metadata,
    installed,
    normalize,
)  # fmt: skip
from mygame.logic import PLAYER_GROUP, ComputerPlayer, RecordedPlayer, Settings

from .conftest import PluginSite

if TYPE_CHECKING:
    import os
    from pathlib import Path

RAISES_AT_IMPORT = "raise RuntimeError('boom at import')\n"


def twice_on_the_path(
    plugin_site: PluginSite, monkeypatch: pytest.MonkeyPatch, *later_too: Path
) -> None:
    """Install ``twice`` 2.0 in ``plugin_site``, and 1.0 in a folder at the end of sys.path."""
    later = PluginSite(plugin_site.path.parent / "later")
    later.path.mkdir()
    later.add("twice", "1.0", {"twice": "old:T"})
    monkeypatch.setattr(sys, "path", [*sys.path, str(later.path), *map(str, later_too)])
    plugin_site.add("twice", "2.0", {"twice": "new:T"})


def by_hand(site: PluginSite, stem: str, metadata: bytes, entry_points: bytes) -> None:
    """Write a dist-info folder whose files hold exactly these bytes."""
    (info := site.path / f"{stem}.dist-info").mkdir()
    (info / "METADATA").write_bytes(metadata)
    (info / "entry_points.txt").write_bytes(entry_points)


def test_the_group_is_the_engines() -> None:
    assert GROUP == PLAYER_GROUP


def test_normalize_compares_names_as_pep_503_does() -> None:
    assert normalize("Wall_Player") == normalize("wall.player") == "wall-player"


class TestDiscovery:
    def test_the_engines_players_come_from_its_own_metadata(self) -> None:
        entries = {e.name: e for e in installed().entries if e.builtin}
        assert sorted(entries) == ["easy", "hard", "medium"]
        assert {e.distribution for e in entries.values()} == {BUILTIN}
        assert entries["hard"].value == "mygame.logic:ComputerPlayer.hard"

    def test_a_plugin_is_found_and_not_imported(self, plugin_site: PluginSite) -> None:
        plugin_site.add(
            "boom", "2.0", {"boom": "boom_player:Boom"}, {"boom_player": RAISES_AT_IMPORT}
        )
        (entry,) = installed().named("boom")
        assert (entry.distribution, entry.version, entry.value) == (
            "boom",
            "2.0",
            "boom_player:Boom",
        )
        assert "boom_player" not in sys.modules

    def test_the_players_are_in_name_order(self, plugin_site: PluginSite) -> None:
        plugin_site.add("zoo", "1", {"aardvark": "m:A", "zebra": "m:Z"})
        names = [e.name for e in installed().entries]
        assert names == sorted(names)
        assert {"aardvark", "zebra"} <= set(names)

    def test_other_groups_are_not_players(self, plugin_site: PluginSite) -> None:
        plugin_site.add("tool", "1", {}, entry_points="[console_scripts]\ntool = tool:main\n")
        assert not [e for e in installed().entries if e.distribution == "tool"]

    def test_a_distribution_found_twice_on_the_path_counts_once(
        self, plugin_site: PluginSite, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """As for ``import``, the first one on the path is the one that counts."""
        twice_on_the_path(plugin_site, monkeypatch)
        (entry,) = installed().named("twice")
        assert (entry.version, entry.value) == ("2.0", "new:T")

    def test_unreadable_entry_points_are_a_problem_not_a_failure(
        self, plugin_site: PluginSite
    ) -> None:
        plugin_site.add("garbled", "1", {}, entry_points="[mygame.players]\nno equals sign here\n")
        plugin_site.add("fine", "1", {"fine": "fine:F"})
        registry = installed()
        assert registry.named("fine")
        (problem,) = registry.problems
        assert problem.startswith("garbled: its entry points cannot be read (")


class TestOursReadsWhatImportlibMetadataReads:
    """The registry's own reading of sys.path and importlib.metadata's agree, case by case."""

    def test_the_same_players_problems_and_first_found(
        self, plugin_site: PluginSite, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        twice_on_the_path(plugin_site, monkeypatch, plugin_site.path / "gone")  # not there
        plugin_site.add("Wall_Twin", "3.1", {"wall": "twin:Wall [extra]", "x\x1b[2J": "m:X"})
        plugin_site.add("tool", "1", {}, entry_points="[console_scripts]\ntool = t:main\n")
        text = "# a comment\n; another\n\n[console_scripts]\nc = c:main\n"
        text += "[mygame.players]\n  spaced  =  m : Spaced  \n"
        plugin_site.add("commented", "1", {}, entry_points=text)
        folded = "Metadata-Version: 2.1\nName: commented\nSummary: one\n  two\nVersion: 1\n\nText\n"
        (plugin_site.path / "commented-1.dist-info" / "METADATA").write_text(folded)
        plugin_site.add("garbled", "1", {}, entry_points="[mygame.players]\nno equals sign\n")
        plugin_site.add("no-players", "1", {}, entry_points="[console_scripts]\nbroken\n")
        by_hand(plugin_site, "undecodable-1", b"Name: undecodable\n", b"[mygame.players]\n\xff\n")
        by_hand(plugin_site, "garbage-1", b"Name: \xff\xfe\n", b"[mygame.players]\ng = g:G\n")
        nameless = b"Version: 1\n\nName: in the description\n"
        by_hand(plugin_site, "nameless-1", nameless, b"[mygame.players]\nn = n:N\n")
        folders = _folders()
        assert folders is not None
        ours, theirs = _from_folders(folders), _from_metadata()
        assert ours.entries == theirs.entries
        assert Entry("spaced", "m : Spaced", "commented", "1") in ours.entries
        unreadable = ["garbled", "no-players", "undecodable"]
        assert sorted(p.partition(":")[0] for p in ours.problems) == unreadable
        assert sorted(p.partition(":")[0] for p in theirs.problems) == unreadable

    def test_a_zip_file_on_the_path_is_read_by_importlib_metadata(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        archive = tmp_path / "zipped.zip"
        with zipfile.ZipFile(archive, "w") as zipped:
            zipped.writestr("zipped-1.0.dist-info/METADATA", "Name: zipped\nVersion: 1.0\n")
            entry_points = "[mygame.players]\nzipped = zipped_player:Z\n"
            zipped.writestr("zipped-1.0.dist-info/entry_points.txt", entry_points)
        monkeypatch.setattr(sys, "path", [str(archive), *sys.path])
        assert _folders() is None
        (entry,) = installed().named("zipped")
        assert (entry.distribution, entry.version) == ("zipped", "1.0")

    def test_another_finder_of_distributions_is_asked_through_importlib_metadata(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        class Finder:
            """A meta path finder with distributions of its own, as a plugin system may add."""

            @staticmethod
            def find_spec(*_: object) -> None:
                return None

            @staticmethod
            def find_distributions(*_: object) -> list[metadata.Distribution]:
                return [_Offered()]

        monkeypatch.setattr(sys, "meta_path", [Finder(), *sys.meta_path])
        assert _folders() is None
        (entry,) = installed().named("offered")
        assert (entry.distribution, entry.value) == ("offered", "offered_player:O")
        assert installed().named("hard")


class _Offered(metadata.Distribution):
    """A distribution that is no folder: its files are strings."""

    FILES = {  # noqa: RUF012
        "METADATA": "Name: offered\nVersion: 2.0\n",
        "entry_points.txt": "[mygame.players]\noffered = offered_player:O\n",
    }

    def read_text(self, filename: str) -> str | None:
        return self.FILES.get(filename)

    def locate_file(self, path: str | os.PathLike[str]) -> Path:
        raise NotImplementedError(path)


class TestChoose:
    def test_a_name_installed_once_is_chosen(self, plugin_site: PluginSite) -> None:
        plugin_site.add("wall-player", "1.0", {"wall": "wall_player:WallPlayer"})
        assert installed().choose("wall", "--left").distribution == "wall-player"

    def test_an_unknown_name_is_a_usage_error_listing_the_players(self) -> None:
        with pytest.raises(CliError) as info:
            installed().choose("godlike", "--left")
        assert info.value.status == EXIT_USAGE
        assert "--left 'godlike': no player of that name is installed" in info.value.message
        assert "installed: easy, hard, medium" in info.value.message

    def test_two_distributions_of_one_name_are_named_and_chosen_by_distribution(
        self, plugin_site: PluginSite
    ) -> None:
        plugin_site.add("wall-player", "1.0", {"wall": "wall_player:WallPlayer"})
        plugin_site.add("Wall_Twin", "3.1", {"wall": "twin:Wall"})
        registry = installed()
        with pytest.raises(CliError) as info:
            registry.choose("wall", "--right")
        message = info.value.message
        assert info.value.status == EXIT_USAGE
        assert "2 distributions register a player of that name" in message
        assert "wall-player 1.0 (wall_player:WallPlayer) and Wall_Twin 3.1 (twin:Wall)" in message
        assert "--right wall-player:wall or --right Wall_Twin:wall" in message
        assert registry.choose("wall-twin:wall", "--right").value == "twin:Wall"
        assert registry.choose("wall-player:wall", "--right").version == "1.0"

    def test_a_distribution_without_that_name_is_a_usage_error(self) -> None:
        with pytest.raises(CliError, match="no player of that name"):
            installed().choose("wall-player:hard", "--left")
        assert installed().choose("mygame-logic:hard", "--left").builtin

    def test_control_characters_in_metadata_are_shown_escaped(
        self, plugin_site: PluginSite
    ) -> None:
        plugin_site.add("evil", "1", {"x\x1b[2J": "m:X"})
        with pytest.raises(CliError) as info:
            installed().choose("nothing", "--left")
        assert "\x1b" not in info.value.message
        assert "x\\x1b[2J" in info.value.message


class TestLoading:
    """Every way a plugin's import fails is one line naming its entry point and distribution."""

    @pytest.mark.parametrize(
        ("source", "words"),
        [
            ("import no_such_module_anywhere\n", "ModuleNotFoundError: No module named"),
            ("def broken(:\n", "SyntaxError: "),
            (RAISES_AT_IMPORT, "RuntimeError: boom at import"),
            ("import sys\nsys.exit(3)\n", "SystemExit: 3"),
            ("OTHER = 1\n", "AttributeError: "),
        ],
    )
    def test_an_import_that_fails_is_one_line(
        self, plugin_site: PluginSite, source: str, words: str
    ) -> None:
        plugin_site.add("broken-player", "0.1", {"broken": "broken_player:Player"},
                        {"broken_player": source})  # fmt: skip
        with pytest.raises(PluginError) as info:
            choose("broken", "--left")
        message = info.value.message
        assert message.startswith(
            "player 'broken' (entry point 'broken = broken_player:Player' of broken-player 0.1)"
            " cannot be imported: "
        )
        assert words in message
        assert message.endswith("; fix or uninstall broken-player")
        assert "\n" not in message

    def test_a_reference_to_an_attribute_with_extras_loads_it(
        self, plugin_site: PluginSite
    ) -> None:
        source = "class Team:\n    class Wall:\n        pass\n"
        plugin_site.add(
            "team", "1", {"team": "team_player : Team.Wall [fast]"}, {"team_player": source}
        )
        chosen = choose("team", "--left")
        assert chosen.factory.__qualname__ == "Team.Wall"

    def test_a_value_that_is_no_reference_is_one_line(self, plugin_site: PluginSite) -> None:
        plugin_site.add("odd", "1", {"odd": "not a reference!"})
        with pytest.raises(PluginError) as info:
            choose("odd", "--left")
        assert "cannot be imported: ValueError: 'not a reference!' is not 'module'" in str(
            info.value.message
        )

    def test_an_object_that_is_not_callable_is_no_factory(self, plugin_site: PluginSite) -> None:
        plugin_site.add("odd", "1", {"odd": "odd_player:VALUE"}, {"odd_player": "VALUE = 3\n"})
        with pytest.raises(
            PluginError, match="is not a player factory: it names an object of type int"
        ):
            choose("odd", "--left")

    def test_a_factory_whose_product_has_no_command_is_not_a_player(
        self, plugin_site: PluginSite
    ) -> None:
        source = "class Nothing:\n    def __init__(self, *, seed): pass\n"
        plugin_site.add("empty", "1", {"empty": "empty_player:Nothing"}, {"empty_player": source})
        chosen = choose("empty", "--left")
        with pytest.raises(PluginError) as info:
            chosen.make(3, chosen.lateness(Settings()))
        assert "is not a player: factory(seed=3) returned an object of type Nothing" in str(
            info.value
        )

    def test_a_factory_that_raises_is_one_line(self, plugin_site: PluginSite) -> None:
        source = "def make(*, seed):\n    raise ValueError(f'no seed {seed} for me')\n"
        plugin_site.add("picky", "1", {"picky": "picky_player:make"}, {"picky_player": source})
        chosen = choose("picky", "--left")
        with pytest.raises(PluginError, match=r"factory\(seed=4\) raised ValueError: no seed 4"):
            chosen.make(4, chosen.lateness(Settings()))

    def test_a_command_that_is_a_failing_property_is_no_player(
        self, plugin_site: PluginSite
    ) -> None:
        source = (
            "class Sly:\n    def __init__(self, *, seed): pass\n"
            "    @property\n    def command(self): raise RuntimeError('no')\n"
        )
        plugin_site.add("sly", "1", {"sly": "sly_player:Sly"}, {"sly_player": source})
        chosen = choose("sly", "--left")
        with pytest.raises(PluginError, match="is not a player"):
            chosen.make(1, chosen.lateness(Settings()))

    def test_the_engines_players_are_called_directly_and_others_are_guarded(
        self, plugin_site: PluginSite
    ) -> None:
        plugin_site.add(
            "wall-player", "1.0", {"wall": "wall_player:WallPlayer"}, {"wall_player": WALL}
        )
        hard, wall = choose("hard", "--left"), choose("wall", "--right")
        assert (hard.label, wall.label) == ("computer", "wall")
        assert isinstance(hard.make(1, hard.lateness(Settings())), ComputerPlayer)
        guarded = wall.make(1, wall.lateness(Settings()))
        assert isinstance(guarded, GuardedPlayer)
        guarded.close()
        assert wall.recorded(7).seed == 7
        assert wall.describe() == "wall (wall-player 1.0)"

    def test_a_name_no_recording_can_hold_is_one_line(self, plugin_site: PluginSite) -> None:
        plugin_site.add("long", "1", {"x" * 120: "wall_player:WallPlayer"}, {"wall_player": WALL})
        chosen = choose("x" * 120, "--left")
        with pytest.raises(CliError, match="cannot be named in a recording"):
            chosen.recorded(1)


def test_a_distribution_whose_metadata_cannot_be_read_is_skipped(plugin_site: PluginSite) -> None:
    """No name can be read from it, so there is nothing to choose or to report by."""
    plugin_site.add("fine", "1", {"fine": "fine:F"})
    by_hand(plugin_site, "garbage-1", b"Name: \xff\xfe\n", b"[mygame.players]\ngarbage = g:G\n")
    registry = installed()
    assert registry.named("fine")
    assert not registry.named("garbage")


def test_the_screen_names_a_recorded_player() -> None:
    assert label(None, "left") == "left"
    assert label(RecordedPlayer("human"), "left") == "human"
    assert label(RecordedPlayer("hard", "mygame-logic", "1.4.0", 3), "right") == "computer"
