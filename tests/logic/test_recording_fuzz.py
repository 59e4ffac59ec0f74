"""Recordings are untrusted input: every hostile or edited file is one RecordingError.

The corpus (``recording_corpus.py``) holds truncations, byte flips, huge and non-finite
numbers in every field, wrong types, deep nesting, duplicate keys, other encodings, and
edits of inputs, settings, seed and score. Judged against an independent oracle that
replays the inputs and hashes every state: an edit that changes the course of play, or
the end, must never pass :func:`replay`.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from helpers.recording_corpus import base_recording, course, mutants
from hypothesis import given, settings
from hypothesis import strategies as st
from mygame.logic import (
    MAX_RECORDING_BYTES,
    SEED_LIMIT,
    ComputerPlayer,
    Difficulty,
    LogicError,
    Match,
    Recording,
    RecordingError,
    Settings,
    SettingsError,
    replay,
)

BASE = base_recording()
ORIGINAL = course(Recording.from_json(BASE))
V1 = Path(__file__).parent / "data" / "recording-v1.json"

# A thousand hostile files through the same loader: the example tests of
# test__recording measure its paths; these run unmeasured (tests/conftest.py).
pytestmark = pytest.mark.unmeasured


# Each mutant is replayed by two tests (one by one, and across the corpus); a whole
# match is the cost, and the answer for the same bytes is the same: compute it once.
@functools.cache
def rejected(data: bytes) -> str | None:
    """The one-line reason a file is refused by loading or by replay, or None if accepted."""
    try:
        replay(Recording.from_json(data))
    except RecordingError as error:
        return str(error)
    return None


@functools.cache
def course_of(data: bytes) -> tuple[str, tuple[int, int], bool] | None:
    """What the recorded inputs play (see ``course``), or None if the file does not load."""
    try:
        return course(Recording.from_json(data))
    except RecordingError:
        return None


@pytest.mark.parametrize(("label", "data", "tamper"), mutants(BASE), ids=lambda v: str(v)[:40])
def test_a_mutant_is_refused_in_one_line_or_plays_as_it_claims(
    label: str, data: bytes, tamper: bool
) -> None:
    del label
    reason = rejected(data)
    if reason is not None:
        assert "\n" not in reason
        assert len(reason) < 400
        return
    if tamper:  # accepted: it must claim something, and have gone as the original did
        assert Recording.from_json(data).claims
        assert course_of(data) == ORIGINAL


def test_the_corpus_holds_tampers_that_keep_the_final_score() -> None:
    kept = 0
    for _, data, tamper in mutants(BASE):
        changed = course_of(data)
        if changed is None:  # it does not load
            continue
        if tamper and changed[1:] == ORIGINAL[1:] and changed[0] != ORIGINAL[0]:
            kept += 1
            assert rejected(data) is not None
    assert kept >= 5  # the corpus must exercise the digest


@settings(deadline=None, max_examples=100)  # each example replays a whole match
@given(
    path=st.sampled_from(["seed", "ticks", "score", "over", "digest", "settings", "left"]),
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner),
        max_leaves=8,
    ),
)
def test_any_json_value_in_any_field_is_loaded_or_one_recording_error(
    path: str, value: Any
) -> None:
    data = json.loads(BASE)
    data[path] = value
    text = json.dumps(data)
    with_nan = text.replace("NaN", "1e999")  # non-finite floats as JSON numbers
    for t in (text, with_nan):
        reason = rejected(t.encode())
        assert reason is None or "\n" not in reason


SETTING_NUMBERS = sorted(
    name for name, value in json.loads(BASE)["settings"].items() if not isinstance(value, bool)
)


@pytest.mark.parametrize("name", SETTING_NUMBERS)
def test_a_400_digit_setting_is_out_of_range_not_an_overflow(name: str) -> None:
    data = json.loads(BASE)
    data["settings"][name] = 10**400
    with pytest.raises(RecordingError, match=name):
        Recording.from_json(json.dumps(data))
    huge: dict[str, Any] = {name: -(10**400)}
    with pytest.raises(SettingsError, match="an integer of about"):
        Settings(**huge)


def test_seeds_share_one_bound_between_writer_and_reader() -> None:
    largest = SEED_LIMIT - 1
    m = Match(Settings(serve_delay=0), seed=largest, record=True)
    m.run(ComputerPlayer(Difficulty.EASY, 1), ComputerPlayer(Difficulty.EASY, 2), max_ticks=50)
    assert Recording.from_json(m.recording().to_json()).seed == largest
    with pytest.raises(LogicError, match=r"below 2\*\*63"):
        Match(seed=SEED_LIMIT, record=True)  # a match no recording could hold never starts
    with pytest.raises(LogicError, match=r"below 2\*\*63"):
        Match(seed=-SEED_LIMIT)


def test_an_unfinished_match_replays_and_verifies_what_it_has() -> None:
    m = Match(seed=3, record=True)
    m.run(ComputerPlayer(Difficulty.HARD, 1), ComputerPlayer(Difficulty.HARD, 2), max_ticks=900)
    recording = Recording.from_json(m.recording().to_json())
    assert recording.over is False
    assert replay(recording) == m.result()
    claims_end = json.loads(recording.to_json()) | {"over": True}
    assert "says the match was over" in str(rejected(json.dumps(claims_end).encode()))


def test_a_truncated_recording_is_one_line() -> None:
    for cut in (1, len(BASE) // 3, len(BASE) - 2):
        reason = str(rejected(BASE[:cut]))
        assert reason.startswith("recording: not valid JSON")
        assert "\n" not in reason


def test_duplicate_keys_are_refused() -> None:
    data = BASE.replace(b'"seed":', b'"seed":1,"seed":', 1)
    assert "appears twice" in str(rejected(data))


def test_too_large_text_is_refused_before_parsing() -> None:
    with pytest.raises(RecordingError, match="too large"):
        Recording.from_json(b" " * (MAX_RECORDING_BYTES + 1))


def test_nothing_to_check_is_visible_in_claims() -> None:
    recording = Recording.from_json(BASE)
    assert recording.claims == ("score", "end", "course of play")
    bare = Recording(recording.seed, recording.settings, recording.left, recording.right)
    assert bare.claims == ()


class TestVersion1:
    """A file written by mygame-cli 1.0.0 (mygame-logic 1.2.0): still read and checked."""

    def test_it_replays_and_its_score_is_checked(self) -> None:
        recording = Recording.from_json(V1.read_bytes())
        assert recording.claims == ("score",)
        assert replay(recording).score == (3, 0)
        data = json.loads(V1.read_bytes())
        data["score"] = [3, 1]
        assert "replay ends 3-0" in str(rejected(json.dumps(data).encode()))

    def test_new_recordings_are_version_3(self) -> None:
        assert json.loads(BASE)["version"] == 3
        data = json.loads(V1.read_bytes())
        data["version"] = 4
        assert "unsupported version 4" in str(rejected(json.dumps(data).encode()))
