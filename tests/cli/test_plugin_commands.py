"""The commands with players from other distributions, in-process: every bad one is one line."""

from __future__ import annotations

import importlib
import json
import sys
from importlib import metadata
from typing import TYPE_CHECKING

import pytest
from helpers.plugin_sources import WALL
from mygame.cli import _simulate, _verify, main
from mygame.logic import (
    ComputerPlayer,
    HumanPlayer,
    Match,
    RecordedPlayer,
    Recording,
    Settings,
    player_seeds,
)

if TYPE_CHECKING:
    from pathlib import Path

    from .conftest import PluginSite

LOGIC = metadata.version("mygame-logic")
RAISER = """
from mygame.logic import Command


class Raiser:
    def __init__(self, *, seed):
        pass

    def command(self, view, side):
        if view.tick >= {at}:
            raise ZeroDivisionError("division by zero")
        return Command.STAY
"""
SLOW = """
import time
from mygame.logic import Command


class Slow:
    def __init__(self, *, seed):
        pass

    def command(self, view, side):
        time.sleep(0.025)
        return Command.STAY
"""
STUCK = """
import threading
from mygame.logic import Command

NEVER = threading.Event()


class Stuck:
    def __init__(self, *, seed):
        pass

    def command(self, view, side):
        NEVER.wait()
        return Command.STAY
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def errors(err: str) -> str:
    """``err`` without the slow-tick warnings a loaded machine may add: the rest must be empty."""
    return "".join(
        line
        for line in err.splitlines(keepends=True)
        if not (line.startswith("mygame: warning: player ") and "took longer than a tick" in line)
    )


def one_line(err: str) -> str:
    assert err.count("\n") == 1, err
    assert err.startswith("mygame: error: ")
    assert "Traceback" not in err
    return err


@pytest.fixture
def wall(plugin_site: PluginSite) -> PluginSite:
    """The site with wall-player 1.0 installed: ``wall = wall_player:WallPlayer``."""
    plugin_site.add("wall-player", "1.0", {"wall": "wall_player:WallPlayer"}, {"wall_player": WALL})
    return plugin_site


class TestSimulate:
    @pytest.mark.usefixtures("wall")
    def test_a_plugin_plays_and_the_report_names_both_players(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        argv = ("simulate", "--games", "2", "--target", "2", "--left", "wall", "--right", "hard")
        status, out, err = run(capsys, *argv, "--json")
        assert (status, errors(err)) == (0, "")
        report = json.loads(out)
        assert report["left"] == {"name": "wall", "distribution": "wall-player", "version": "1.0"}
        assert report["right"] == {"name": "hard", "distribution": "mygame-logic", "version": LOGIC}
        again = json.loads(run(capsys, *argv, "--json")[1])
        assert report["results"] == again["results"]  # a deterministic plugin: the same matches
        status, out, _ = run(capsys, *argv)
        assert "2 games from seed 0, wall against hard, first to 2" in out
        assert f"players: left wall (wall-player 1.0), right hard (mygame-logic {LOGIC})" in out

    def test_a_command_that_raises_forfeits_in_one_line(
        self, capsys: pytest.CaptureFixture[str], plugin_site: PluginSite
    ) -> None:
        plugin_site.add(
            "raiser", "2.0", {"boom": "raiser:Raiser"}, {"raiser": RAISER.format(at=70)}
        )
        status, out, err = run(capsys, "simulate", "--games", "3", "--left", "boom")
        assert (status, out) == (1, "")
        assert one_line(err) == (
            "mygame: error: game 0 (seed 0): player 'boom' (entry point 'boom = raiser:Raiser'"
            " of raiser 2.0) forfeits: its command() raised ZeroDivisionError: division by zero\n"
        )

    def test_a_slow_command_is_used_and_named_on_stderr(
        self, capsys: pytest.CaptureFixture[str], plugin_site: PluginSite
    ) -> None:
        plugin_site.add("slow-player", "1", {"slow": "slow_player:Slow"}, {"slow_player": SLOW})
        argv = ("simulate", "--games", "1", "--max-ticks", "8", "--right", "slow", "--json")
        status, out, err = run(capsys, *argv)
        assert status == 0
        assert json.loads(out)["results"][0]["ticks"] == 8
        (line,) = err.splitlines()
        assert line.startswith("mygame: warning: player 'slow' (entry point 'slow = slow_player")
        assert "took longer than a tick (16.7 ms) on 8 ticks" in line

    def test_a_command_that_never_returns_does_not_stall_the_run(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        plugin_site: PluginSite,
    ) -> None:
        plugin_site.add(
            "stuck-player", "1", {"stuck": "stuck_player:Stuck"}, {"stuck_player": STUCK}
        )
        # A stuck player never answers, however long the wait: a short one proves the same.
        monkeypatch.setattr(_simulate, "HEADLESS_PATIENCE", 0.25)
        argv = ("simulate", "--games", "2", "--target", "1", "--left", "stuck", "--json")
        status, out, err = run(capsys, *argv)
        assert status == 0
        assert json.loads(out)["wins"] == {"left": 0, "right": 2, "unfinished": 0}
        assert "gave no command within 250 ms on" in err
        assert "(its paddle stayed)" in err

    def test_an_unknown_or_shared_name_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], wall: PluginSite
    ) -> None:
        wall.add("wall-twin", "2", {"wall": "wall_player:WallPlayer"})
        status, _, err = run(capsys, "simulate", "--right", "wall")
        assert status == 2
        assert "--right wall-player:wall or --right wall-twin:wall" in one_line(err)
        status, out, _ = run(capsys, "simulate", "--games", "1", "--right", "wall-twin:wall")
        assert status == 0
        assert "right wall (wall-twin 2)" in out


class TestFrontEnds:
    @pytest.mark.usefixtures("wall")
    def test_render_draws_a_match_with_a_plugin(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = run(capsys, "render", "--left", "wall", "--tick", "300")
        assert status == 0
        assert len(out.splitlines()) == 24
        assert out != run(capsys, "render", "--tick", "300")[1]

    @pytest.mark.parametrize(
        "argv", [["play", "--opponent"], ["demo", "--left"], ["render", "--right"]]
    )
    def test_a_plugin_that_cannot_be_imported_stops_before_the_terminal(
        self, capsys: pytest.CaptureFixture[str], plugin_site: PluginSite, argv: list[str]
    ) -> None:
        plugin_site.add(
            "bad", "1", {"bad": "bad_player:Bad"}, {"bad_player": "import nowhere_at_all\n"}
        )
        status, out, err = run(capsys, *argv, "bad")
        assert (status, out) == (1, "")
        assert "player 'bad' (entry point 'bad = bad_player:Bad' of bad 1) cannot be imported" in (
            one_line(err)
        )

    @pytest.mark.usefixtures("wall")
    def test_play_against_a_plugin_gets_as_far_as_the_terminal(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status, _, err = run(capsys, "play", "--opponent", "wall")
        assert status == 1
        assert "needs an interactive terminal" in one_line(err)

    @pytest.mark.usefixtures("wall")
    def test_each_commands_help_lists_the_players_and_what_installing_one_means(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        for command, options in [
            ("simulate", "--left, --right"),
            ("play", "--opponent"),
            ("demo", "--left, --right"),
            ("render", "--left, --right"),
        ]:
            status, out, _ = run(capsys, command, "--help")
            assert status == 0
            assert f"players installed (for {options}: a NAME, or DIST:NAME):" in out
            assert "  wall    wall-player 1.0     wall_player:WallPlayer\n" in out
            assert "Installing a distribution runs its code" in out
        assert "wall_player" not in sys.modules

    def test_info_lists_players_without_importing_them(
        self, capsys: pytest.CaptureFixture[str], plugin_site: PluginSite
    ) -> None:
        plugin_site.add("boom", "2.0", {"boom": "boom_player:Boom"},
                        {"boom_player": "raise RuntimeError('boom at import')\n"})  # fmt: skip
        plugin_site.add("twin-a", "1", {"twin": "a:T"})
        plugin_site.add("twin-b", "1", {"twin": "b:T"})
        status, out, _ = run(capsys, "info")
        assert status == 0
        assert "Players (entry points in group 'mygame.players'): 6, none imported" in out
        assert "  boom    boom 2.0            boom_player:Boom\n" in out
        assert "a name two distributions use: choose this one as twin-b:twin" in out
        status, out, _ = run(capsys, "info", "--json")
        report = json.loads(out)
        assert {"name": "boom", "distribution": "boom", "version": "2.0",
                "object": "boom_player:Boom"} in report["players"]  # fmt: skip
        assert "boom_player" not in report["modules"]


def recording(path: Path, *, left: RecordedPlayer | None = None, seed: int = 3) -> Recording:
    """Play wall (left) against hard, save the recording to ``path``, naming ``left``."""
    wall_player = importlib.import_module("wall_player")  # the site's plugin

    left_seed, right_seed = player_seeds(seed)
    match = Match(Settings(target_score=2), seed, record=True)
    match.run(wall_player.WallPlayer(seed=left_seed), ComputerPlayer.hard(seed=right_seed))
    named = left or RecordedPlayer("wall", "wall-player", "1.0", left_seed)
    right = RecordedPlayer("hard", "mygame-logic", LOGIC, right_seed)
    saved = match.recording(left_player=named, right_player=right)
    path.write_text(saved.to_json(), encoding="utf-8")
    return saved


class TestVerify:
    @pytest.mark.usefixtures("wall")
    def test_a_recording_with_a_plugin_verifies_with_it(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = tmp_path / "wall.json"
        recording(path)
        status, out, err = run(capsys, "replay", "--verify", str(path))
        assert (status, errors(err)) == (0, "")
        assert out.startswith("ok: ")
        assert "the left player wall (wall-player 1.0)" in out
        assert f"the right player hard (mygame-logic {LOGIC}) checked)" in out

    @pytest.mark.usefixtures("wall")
    def test_another_seed_is_not_who_played(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = tmp_path / "wall.json"
        recording(path, left=RecordedPlayer("wall", "wall-player", "1.0", 7))
        status, _, err = run(capsys, "replay", "--verify", str(path))
        assert status == 1
        assert "does not verify: recording: at tick" in one_line(err)
        assert "the left player chooses" in err

    @pytest.mark.parametrize(
        ("named", "words"),
        [
            (
                RecordedPlayer("wall", "wall-player", "0.9", 6),
                (
                    "its left player 'wall' came from wall-player 0.9, but wall-player 1.0 is "
                    "installed: install wall-player==0.9 and verify it again"
                ),
            ),
            (
                RecordedPlayer("ghost", "ghost-player", "1.0", 6),
                (
                    "its left player 'ghost' came from ghost-player 1.0, which is not installed: "
                    "install ghost-player==1.0"
                ),
            ),
            (
                RecordedPlayer("gone", "wall-player", "1.0", 6),
                "came from wall-player 1.0, but wall-player 1.0 registers no player of that name",
            ),
        ],
    )
    @pytest.mark.usefixtures("wall")
    def test_a_missing_plugin_or_another_version_cannot_verify_and_says_what_to_install(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        named: RecordedPlayer,
        words: str,
    ) -> None:
        path = tmp_path / "match.json"
        recording(path, left=named)
        status, out, err = run(capsys, "replay", "--verify", str(path))
        assert (status, out) == (3, "")
        assert words in one_line(err)

    @pytest.mark.usefixtures("wall")
    def test_the_engines_players_need_the_same_engine_version(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = tmp_path / "match.json"
        recording(path)
        data = json.loads(path.read_text())
        data["players"]["right"]["version"] = "0.1.0"
        path.write_text(json.dumps(data))
        status, _, err = run(capsys, "replay", "--verify", str(path))
        assert status == 3
        assert f"but mygame-logic {LOGIC} is installed: install mygame-logic==0.1.0" in err

    @pytest.mark.usefixtures("wall")
    def test_players_alone_are_something_to_check(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = tmp_path / "match.json"
        recording(path)
        data = json.loads(path.read_text())
        data["score"] = data["over"] = data["digest"] = None
        path.write_text(json.dumps(data))
        status, out, _ = run(capsys, "replay", "--verify", str(path))
        assert status == 0
        assert "(the left player wall (wall-player 1.0), the right player hard" in out

    def test_a_plugin_that_hangs_in_a_replay_cannot_verify(
        self,
        capsys: pytest.CaptureFixture[str],
        wall: PluginSite,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        path = tmp_path / "match.json"
        recording(path)
        wall.add("stuck-player", "1", {"stuck": "stuck_player:Stuck"}, {"stuck_player": STUCK})
        data = json.loads(path.read_text())
        data["players"]["left"] = {"name": "stuck", "distribution": "stuck-player",
                                   "version": "1", "seed": 1}  # fmt: skip
        path.write_text(json.dumps(data))
        monkeypatch.setattr(_verify, "VERIFY_PATIENCE", 0.05)
        status, _, err = run(capsys, "replay", "--verify", str(path))
        assert status == 3
        assert "cannot verify" in one_line(err)
        assert "gave no command within 50 ms" in err

    def test_a_plugin_that_forfeits_in_a_replay_does_not_verify(
        self, capsys: pytest.CaptureFixture[str], wall: PluginSite, tmp_path: Path
    ) -> None:
        path = tmp_path / "match.json"
        recording(path)
        wall.add("raiser", "2.0", {"boom": "raiser:Raiser"}, {"raiser": RAISER.format(at=0)})
        data = json.loads(path.read_text())
        data["players"]["left"] = {"name": "boom", "distribution": "raiser",
                                   "version": "2.0", "seed": 1}  # fmt: skip
        path.write_text(json.dumps(data))
        status, _, err = run(capsys, "replay", "--verify", str(path))
        assert status == 1
        assert "does not verify: " in one_line(err)
        assert "forfeits: its command() raised ZeroDivisionError" in err

    def test_a_plugin_that_never_answers_where_the_recording_stayed_cannot_verify(
        self,
        capsys: pytest.CaptureFixture[str],
        plugin_site: PluginSite,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Its paddle stayed on every tick, as recorded: still no proof it played."""
        plugin_site.add(
            "stuck-player", "1", {"stuck": "stuck_player:Stuck"}, {"stuck_player": STUCK}
        )
        match = Match(Settings(target_score=1), 2, record=True)
        match.run(HumanPlayer(), ComputerPlayer.hard(seed=5))
        stuck = RecordedPlayer("stuck", "stuck-player", "1", 4)
        path = tmp_path / "stayed.json"
        path.write_text(match.recording(left_player=stuck).to_json(), encoding="utf-8")
        monkeypatch.setattr(_verify, "VERIFY_PATIENCE", 0.05)
        status, out, err = run(capsys, "replay", "--verify", str(path))
        assert (status, out) == (3, "")
        assert "gave no command within 50 ms on" in one_line(err)

    def test_an_entry_point_that_is_no_factory_does_not_verify(
        self, capsys: pytest.CaptureFixture[str], wall: PluginSite, tmp_path: Path
    ) -> None:
        path = tmp_path / "match.json"
        recording(path)
        wall.add("odd", "1", {"odd": "odd_player:VALUE"}, {"odd_player": "VALUE = 3\n"})
        data = json.loads(path.read_text())
        data["players"]["left"] = {"name": "odd", "distribution": "odd", "version": "1", "seed": 1}
        path.write_text(json.dumps(data))
        status, _, err = run(capsys, "replay", "--verify", str(path))
        assert status == 1
        assert "(entry point 'odd = odd_player:VALUE' of odd 1) is not a player factory" in err
