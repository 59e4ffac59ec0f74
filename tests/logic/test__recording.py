"""Recordings: save, load, replay, and a clear RecordingError for every bad file."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mygame.logic import (
    Command,
    ComputerPlayer,
    Difficulty,
    LogicError,
    Match,
    Recording,
    RecordingError,
    Settings,
    Side,
    replay,
)

S, U, D = Command.STAY, Command.UP, Command.DOWN


def recorded_match(seed: int = 4, target: int = 2) -> tuple[Match, Recording]:
    m = Match(Settings(target_score=target), seed=seed, record=True)
    m.run(ComputerPlayer(Difficulty.HARD, 1), ComputerPlayer(Difficulty.MEDIUM, 2))
    return m, m.recording()


_, SAMPLE = recorded_match()
SAMPLE_TEXT = SAMPLE.to_json()


def document(**changes: Any) -> str:
    data = json.loads(SAMPLE_TEXT)
    for key, value in changes.items():
        if value is ...:
            del data[key]
        else:
            data[key] = value
    return json.dumps(data)


class TestRoundTrip:
    def test_a_recorded_match_replays_to_the_same_result(self) -> None:
        m, rec = recorded_match()
        assert rec.ticks == m.tick
        assert rec.score == m.score
        assert replay(rec) == m.result()

    def test_save_then_load_gives_an_equal_recording(self) -> None:
        assert Recording.from_json(SAMPLE_TEXT) == SAMPLE
        assert Recording.from_json(SAMPLE_TEXT.encode()) == SAMPLE

    def test_the_json_is_small_run_length_encoded_and_versioned(self) -> None:
        data = json.loads(SAMPLE_TEXT)
        assert (data["format"], data["version"]) == ("mygame-recording", 3)
        assert len(SAMPLE_TEXT) < SAMPLE.ticks  # far less than a byte per tick
        assert set(data["left"]) <= set("0123456789sud")

    def test_the_recorded_players_drive_a_match_frame_by_frame_to_the_same_end(self) -> None:
        m, rec = recorded_match(seed=8)
        again = Match(rec.settings, rec.seed)
        left, right = rec.players()
        for _ in range(rec.ticks):
            again.advance(left.command(again, Side.LEFT), right.command(again, Side.RIGHT))
        assert again.state == m.state

    def test_recording_from_a_continued_match_keeps_only_new_inputs(self) -> None:
        m = Match(seed=1)
        for _ in range(5):
            m.advance(U, D)
        cont = Match.from_state(m.state, record=True)
        cont.advance(S, U)
        assert cont.recording().left == (S,)

    def test_a_recording_of_an_unfinished_match_replays_to_its_score(self) -> None:
        m = Match(seed=3, record=True)
        m.run(ComputerPlayer(seed=1), ComputerPlayer(seed=2), max_ticks=900)
        rec = Recording.from_json(m.recording().to_json())
        assert replay(rec) == m.result()
        assert replay(rec).winner is None

    def test_an_empty_recording_round_trips(self) -> None:
        rec = Recording(seed=0, settings=Settings(), left=(), right=())
        assert Recording.from_json(rec.to_json()) == rec


class TestReplayChecks:
    def test_a_score_that_the_replay_does_not_reach_is_an_error(self) -> None:
        rec = Recording(SAMPLE.seed, SAMPLE.settings, SAMPLE.left, SAMPLE.right, score=(0, 0))
        with pytest.raises(RecordingError, match="replay ends"):
            replay(rec)

    def test_inputs_after_the_end_of_the_match_are_an_error(self) -> None:
        rec = Recording(SAMPLE.seed, SAMPLE.settings, (*SAMPLE.left, S), (*SAMPLE.right, S))
        with pytest.raises(RecordingError, match="inputs go on"):
            replay(rec)

    def test_an_end_that_the_replay_does_not_reach_is_an_error(self) -> None:
        m = Match(SAMPLE.settings, SAMPLE.seed, record=True)  # the same match, stopped early
        m.run(*SAMPLE.players(), max_ticks=SAMPLE.ticks // 2)
        cut = m.recording()
        claims_over = Recording(cut.seed, cut.settings, cut.left, cut.right, over=True)
        with pytest.raises(RecordingError, match=r"says the match was over .* it goes on"):
            replay(claims_over)
        claims_unfinished = Recording(
            SAMPLE.seed, SAMPLE.settings, SAMPLE.left, SAMPLE.right, over=False
        )
        with pytest.raises(RecordingError, match=r"not over .* it is over"):
            replay(claims_unfinished)

    def test_a_course_of_play_that_differs_is_an_error_even_with_the_same_score(self) -> None:
        other = "sha256:" + "0" * 64
        rec = Recording(
            SAMPLE.seed, SAMPLE.settings, SAMPLE.left, SAMPLE.right, SAMPLE.score, True, other
        )
        with pytest.raises(RecordingError, match="course digest differs"):
            replay(rec)

    def test_claims_name_what_a_replay_can_check(self) -> None:
        assert SAMPLE.claims == ("score", "end", "course of play")
        bare = Recording(SAMPLE.seed, SAMPLE.settings, SAMPLE.left, SAMPLE.right)
        assert bare.claims == ()


class TestRecordingValues:
    @pytest.mark.parametrize(
        ("changes", "fragment"),
        [
            ({"seed": 1.0}, "seed must be an integer"),
            ({"settings": {"width": 80}}, "settings must be a Settings"),
            ({"left": [S]}, "left must be a tuple of Command"),
            ({"right": (S, 1)}, "right must be a tuple of Command"),
            ({"left": (S,)}, "one per tick"),
            ({"score": (1, -1)}, "score must be two counts"),
            ({"score": (1, 2, 3)}, "score must be two counts"),
            ({"over": 1}, "over must be true, false or None, got 1"),
            ({"digest": "sha256:abc"}, "digest must be 'sha256:' and 64 hex digits"),
            ({"digest": 7}, "digest must be"),
        ],
    )
    def test_bad_fields_are_refused(self, changes: dict[str, Any], fragment: str) -> None:
        fields: dict[str, Any] = {
            "seed": 0,
            "settings": Settings(),
            "left": (),
            "right": (),
            "score": None,
        }
        fields.update(changes)
        with pytest.raises(RecordingError, match=fragment):
            Recording(**fields)


class TestLoadingBadFiles:
    @pytest.mark.parametrize(
        ("text", "fragment"),
        [
            ("", "not valid JSON"),
            ("{", "not valid JSON"),
            ("[]", "expected a JSON object"),
            ('"x"', "expected a JSON object"),
            ('{"format": "zip"}', "not a mygame recording"),
            (document(format=...), "not a mygame recording"),
            (document(version=4), "unsupported version 4"),
            (document(version="1"), "unsupported version '1'"),
            (document(version=True), "unsupported version True"),
            (document(version=...), "unsupported version None"),
            (document(seed=...), "missing keys \\['seed'\\]"),
            (document(extra=1), "unknown keys \\['extra'\\]"),
            (document(seed=1.5), "seed must be an integer"),
            (document(seed=True), "seed must be an integer"),
            (document(seed=2**70), "below 2\\*\\*63"),
            (document(seed=10**400), "an integer of about 400 digits"),
            (document(ticks=-1), "ticks must be an integer"),
            (document(ticks=10**9), "ticks must be an integer"),
            (document(ticks="5"), "ticks must be an integer"),
            (document(score=[1]), "score must be"),
            (document(score=[1, True]), "score must be"),
            (document(score="1-0"), "score must be"),
            (document(settings=[]), "settings must be a JSON object"),
            (document(settings={"colour": 1}), "unknown settings \\['colour'\\]"),
            (document(settings={"width": -3}), "width = -3.0 is out of range"),
            (document(settings={"target_score": "11"}), "target_score must be an integer"),
            (document(left=5), "left must be a string of runs"),
            (document(left="s3x"), "left has a bad run at character 2"),
            (document(left="0s"), "left has a bad run at character 1"),
            (document(right="s" * 3), "right has 3 inputs but the recording says"),
            (document(right="9999999s"), "right has more inputs than its"),
            (SAMPLE_TEXT.replace('"seed":', '"seed":1,"seed":', 1), "key 'seed' appears twice"),
            ('{"format": NaN}', "^recording: NaN is not a number this format allows$"),
            ('{"format": -Infinity}', "^recording: -Infinity is not a number"),
            ("[" * 100_000 + "]" * 100_000, "nested too deeply|expected a JSON object"),
            ('{"seed": 1' + "0" * 5000 + "}", "unreadable JSON value|not valid JSON"),
        ],
    )
    def test_a_bad_file_raises_recording_error_saying_what_is_wrong(
        self, text: str, fragment: str
    ) -> None:
        with pytest.raises(RecordingError, match=fragment) as info:
            Recording.from_json(text)
        assert "\n" not in str(info.value)
        assert str(info.value).startswith("recording: ")

    def test_bytes_that_are_not_utf8_are_refused(self) -> None:
        with pytest.raises(RecordingError, match="not UTF-8"):
            Recording.from_json(b"\xff\xfe{}")

    def test_a_huge_file_is_refused_before_parsing(self) -> None:
        with pytest.raises(RecordingError, match="too large"):
            Recording.from_json(" " * (64 * 1024 * 1024 + 1))
        with pytest.raises(RecordingError, match="too large"):
            Recording.from_json(b" " * (64 * 1024 * 1024 + 1))

    def test_something_that_is_not_text_is_refused(self) -> None:
        with pytest.raises(RecordingError, match="expected text or bytes"):
            Recording.from_json(42)  # type: ignore[arg-type]

    def test_every_truncation_of_a_valid_file_is_refused_cleanly(self) -> None:
        for end in range(len(SAMPLE_TEXT.rstrip())):
            with pytest.raises(RecordingError):
                Recording.from_json(SAMPLE_TEXT[:end])

    def test_recording_error_is_a_logic_error(self) -> None:
        assert issubclass(RecordingError, LogicError)


def _load_or_recording_error(data: str | bytes) -> None:
    """Loading either works (and the result replays or says why not) or says what is wrong."""
    message = ""
    try:
        rec = Recording.from_json(data)
    except RecordingError as exc:
        message = str(exc)
    else:
        assert isinstance(rec, Recording)
        if rec.ticks <= 5000:
            with contextlib.suppress(RecordingError):
                replay(rec)
        return
    assert message.startswith("recording: ")
    assert "\n" not in message


class TestFuzz:
    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
    @given(st.binary(max_size=300))
    def test_random_bytes_never_crash_the_loader(self, data: bytes) -> None:
        _load_or_recording_error(data)

    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.integers(min_value=0, max_value=len(SAMPLE_TEXT) - 1),
        st.integers(min_value=0, max_value=40),
        st.text(alphabet='{}[]",:0123456789.-+eEsudtrnaflNI ', max_size=20),
    )
    def test_mutated_recordings_load_or_fail_with_recording_error(
        self, start: int, length: int, insert: str
    ) -> None:
        _load_or_recording_error(SAMPLE_TEXT[:start] + insert + SAMPLE_TEXT[start + length :])

    json_values = st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False)
        | st.text(max_size=10),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=12,
    )

    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.sampled_from(sorted(json.loads(SAMPLE_TEXT))),
        json_values,
    )
    def test_any_json_value_in_any_field_loads_or_fails_cleanly(
        self, key: str, value: object
    ) -> None:
        _load_or_recording_error(document(**{key: value}))
