"""The player contract: entry point factories, recorded players, replays that ask them again."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from mygame.logic import (
    PLAYER_GROUP,
    Command,
    ComputerPlayer,
    Difficulty,
    Match,
    MatchView,
    PlayerFactory,
    RecordedPlayer,
    Recording,
    RecordingError,
    Settings,
    Side,
    player_seeds,
    replay,
)

V2 = Path(__file__).parent / "data" / "recording-v2.json"
HARD = RecordedPlayer("hard", "mygame-logic", "1.4.0", seed=9)
EASY = RecordedPlayer("easy", "mygame-logic", "1.4.0", seed=8)


def played(seed: int = 4) -> Recording:
    """A short match of easy (left) against hard (right), the players named in it."""
    match = Match(Settings(target_score=2), seed, record=True)
    left_seed, right_seed = player_seeds(seed)
    match.run(ComputerPlayer.easy(seed=left_seed), ComputerPlayer.hard(seed=right_seed))
    left = RecordedPlayer("easy", "mygame-logic", "1.4.0", left_seed)
    right = RecordedPlayer("hard", "mygame-logic", "1.4.0", right_seed)
    return match.recording(left_player=left, right_player=right)


RECORDED = played()
TEXT = RECORDED.to_json()


def with_players(players: Any) -> str:
    data = json.loads(TEXT)
    data["players"] = players
    return json.dumps(data)


class TestFactories:
    def test_the_group_is_mygame_players(self) -> None:
        assert PLAYER_GROUP == "mygame.players"

    @pytest.mark.parametrize("difficulty", list(Difficulty))
    def test_each_builtin_factory_makes_that_difficulty_for_the_seed(
        self, difficulty: Difficulty
    ) -> None:
        factory: PlayerFactory = getattr(ComputerPlayer, difficulty.value)
        made, plain = factory(seed=5), ComputerPlayer(difficulty, 5)
        assert isinstance(made, ComputerPlayer)
        assert made.difficulty is difficulty
        match = Match(Settings(target_score=1), seed=3)
        assert match.run(made, ComputerPlayer.medium(seed=1)) == (
            Match(Settings(target_score=1), seed=3).run(plain, ComputerPlayer.medium(seed=1))
        )

    def test_the_seed_is_a_keyword(self) -> None:
        with pytest.raises(TypeError):
            ComputerPlayer.hard(3)  # type: ignore[call-arg]

    def test_mygame_logics_metadata_registers_the_three_by_one_path(self) -> None:
        """The installed wheel's entry points name the factories, and loading them works."""
        found = {
            ep.name: ep
            for ep in metadata.entry_points(group=PLAYER_GROUP)
            if ep.dist is not None and ep.dist.name == "mygame-logic"
        }
        assert sorted(found) == ["easy", "hard", "medium"]
        for name, ep in found.items():
            assert ep.value == f"mygame.logic:ComputerPlayer.{name}"
            player = ep.load()(seed=2)
            assert isinstance(player, ComputerPlayer)
            assert player.difficulty is Difficulty(name)


class TestRecordedPlayer:
    def test_a_program_names_distribution_version_and_seed_a_person_only_a_name(self) -> None:
        assert HARD.program
        assert not RecordedPlayer("human").program

    @pytest.mark.parametrize(
        ("fields", "fragment"),
        [
            ({"name": ""}, "name must be printable text"),
            ({"name": "x" * 101}, "name must be printable text"),
            ({"name": "a\x1b[2J"}, "name must be printable text"),
            ({"name": " wall"}, "name must be printable text"),
            ({"name": 3}, "name must be printable text"),
            ({"name": "w", "distribution": "d"}, "must all be given"),
            ({"name": "w", "distribution": "-bad", "version": "1", "seed": 1}, "distribution"),
            ({"name": "w", "distribution": "d", "version": "1 0", "seed": 1}, "version must be"),
            ({"name": "w", "distribution": "d", "version": "1", "seed": True}, "seed must be"),
            ({"name": "w", "distribution": "d", "version": "1", "seed": 2**63}, "below 2\\*\\*63"),
        ],
    )
    def test_a_bad_field_is_a_recording_error_naming_it(
        self, fields: dict[str, Any], fragment: str
    ) -> None:
        with pytest.raises(RecordingError, match=fragment):
            RecordedPlayer(**fields)

    def test_a_recording_holds_only_recorded_players(self) -> None:
        with pytest.raises(RecordingError, match="left_player must be a RecordedPlayer"):
            Recording(1, Settings(), (), (), left_player="hard")  # type: ignore[arg-type]


class TestFormat3:
    def test_players_survive_a_round_trip(self) -> None:
        data = json.loads(TEXT)
        assert data["version"] == 3
        assert data["players"]["right"] == {
            "name": "hard",
            "distribution": "mygame-logic",
            "version": "1.4.0",
            "seed": player_seeds(4)[1],
        }
        assert Recording.from_json(TEXT) == RECORDED

    def test_a_match_that_names_nobody_writes_null_players(self) -> None:
        match = Match(seed=1, record=True)
        match.advance(Command.UP, Command.STAY)
        data = json.loads(match.recording().to_json())
        assert data["players"] == {"left": None, "right": None}
        assert Recording.from_json(json.dumps(data)).left_player is None

    def test_a_version_2_file_is_read_and_names_nobody(self) -> None:
        recording = Recording.from_json(V2.read_bytes())
        assert (recording.left_player, recording.right_player) == (None, None)
        assert recording.claims == ("score", "end", "course of play")
        assert replay(recording).score == (0, 3)
        data = json.loads(V2.read_bytes())
        data["players"] = None
        with pytest.raises(RecordingError, match="unknown keys \\['players'\\]"):
            Recording.from_json(json.dumps(data))

    @pytest.mark.parametrize(
        ("players", "fragment"),
        [
            ([], "players must be an object with the keys left and right"),
            ({"left": None}, "players must be an object with the keys left and right"),
            ({"left": None, "right": None, "x": None}, "the keys left and right"),
            ({"left": "hard", "right": None}, "the left player must be null or an object"),
            ({"left": None, "right": {"name": "x"}}, "the right player must be null or an"),
            (
                {
                    "left": {"name": "\x07", "distribution": None, "version": None, "seed": None},
                    "right": None,
                },
                "the left player's name must be printable",
            ),
            (
                {
                    "left": None,
                    "right": {"name": "w", "distribution": "d", "version": None, "seed": 1},
                },
                "the right player's distribution, version and seed must all be given",
            ),
        ],
    )
    def test_bad_players_are_one_line(self, players: object, fragment: str) -> None:
        with pytest.raises(RecordingError, match=fragment) as info:
            Recording.from_json(with_players(players))
        assert "\n" not in str(info.value)


class Stubborn:
    """Always the same command: not who played the recorded match."""

    def __init__(self, command: object) -> None:
        self.given = command

    def command(self, view: MatchView, side: Side) -> Command:  # noqa: ARG002 - a Player's
        return self.given  # type: ignore[return-value]


class TestReplayAsksThePlayers:
    def test_the_players_that_played_verify(self) -> None:
        left_seed, right_seed = player_seeds(4)
        result = replay(
            RECORDED,
            left=ComputerPlayer.easy(seed=left_seed),
            right=ComputerPlayer.hard(seed=right_seed),
        )
        assert result.score == RECORDED.score

    def test_one_side_alone_is_checked_too(self) -> None:
        right = ComputerPlayer.hard(seed=player_seeds(4)[1])
        assert replay(RECORDED, right=right).score == RECORDED.score

    def test_another_seed_is_another_player_and_fails_naming_the_tick(self) -> None:
        with pytest.raises(RecordingError, match=r"at tick \d+ the right player chooses") as info:
            replay(RECORDED, right=ComputerPlayer.hard(seed=1))
        assert "was not played by this player" in str(info.value)

    def test_another_difficulty_fails(self) -> None:
        with pytest.raises(RecordingError, match="the left player chooses"):
            replay(RECORDED, left=ComputerPlayer.hard(seed=player_seeds(4)[0]))

    def test_a_player_that_answers_no_command_is_named_in_the_message(self) -> None:
        with pytest.raises(RecordingError, match="at tick 0 the left player chooses 1 where"):
            replay(RECORDED, left=Stubborn(1))
        with pytest.raises(RecordingError, match="chooses down where the recording has"):
            replay(RECORDED, left=Stubborn(Command.DOWN))

    def test_inputs_after_the_end_are_refused_with_players_too(self) -> None:
        longer = Recording(
            RECORDED.seed,
            RECORDED.settings,
            (*RECORDED.left, Command.STAY),
            (*RECORDED.right, Command.STAY),
        )
        left_seed, right_seed = player_seeds(4)
        with pytest.raises(RecordingError, match="inputs go on"):
            replay(
                longer,
                left=ComputerPlayer.easy(seed=left_seed),
                right=ComputerPlayer.hard(seed=right_seed),
            )
