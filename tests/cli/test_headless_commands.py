"""The installed ``mygame`` command without a terminal: simulate, render, replay."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from .conftest import recorded_match

if TYPE_CHECKING:
    from pathlib import Path

Run = Callable[..., subprocess.CompletedProcess[str]]

pytestmark = pytest.mark.unmeasured  # test__commands measures these paths in-process


def assert_one_line_error(
    result: subprocess.CompletedProcess[str], status: int, *words: str
) -> None:
    assert result.returncode == status, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("mygame: error: ")
    for word in words:
        assert word in lines[0]


def without_timing(report: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in report.items() if key != "timing"}


class TestSimulate:
    def test_json_is_deterministic_for_a_seed_apart_from_timing(self, mygame: Run) -> None:
        first = mygame("simulate", "--games", "3", "--seed", "11", "--target", "3", "--json")
        second = mygame("simulate", "--games", "3", "--seed", "11", "--target", "3", "--json")
        assert first.returncode == second.returncode == 0
        assert first.stderr == ""  # no progress bar when stderr is not a terminal
        a, b = json.loads(first.stdout), json.loads(second.stdout)
        assert without_timing(a) == without_timing(b)
        assert set(a["timing"]) == {"seconds", "ticks_per_second", "times_real_time"}

    def test_json_holds_ticks_each_score_and_consistent_totals(self, mygame: Run) -> None:
        report = json.loads(mygame("simulate", "--games", "4", "--seed", "1", "--target", "2",
                                   "--json").stdout)  # fmt: skip
        results = report["results"]
        assert len(results) == report["games"] == 4
        assert report["ticks"] == sum(game["ticks"] for game in results)
        assert report["wins"]["left"] + report["wins"]["right"] == 4
        for game in results:
            assert max(game["score"]) == 2
            assert game["winner"] == ("left" if game["score"][0] == 2 else "right")
        assert [game["seed"] for game in results] == [1, 2, 3, 4]

    def test_another_seed_gives_other_matches(self, mygame: Run) -> None:
        one = json.loads(mygame("simulate", "--games", "2", "--seed", "1", "--json").stdout)
        two = json.loads(mygame("simulate", "--games", "2", "--seed", "2", "--json").stdout)
        assert one["results"] != two["results"]

    def test_summary_names_wins_rallies_ticks_and_speed(self, mygame: Run) -> None:
        result = mygame("simulate", "--games", "2", "--seed", "3", "--target", "2")
        assert result.returncode == 0
        for word in ("wins:", "rallies:", "ticks:", "speed:", "ticks/s"):
            assert word in result.stdout


class TestRender:
    def test_text_frame_has_the_requested_size(self, mygame: Run) -> None:
        result = mygame("render", "--seed", "1", "--tick", "200", "--width", "40", "--height", "12")
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert len(lines) == 12
        assert max(map(len, lines)) <= 40
        assert "\x1b" not in result.stdout

    def test_the_same_seed_and_tick_give_the_same_picture(self, mygame: Run) -> None:
        assert mygame("render", "--seed", "9", "--tick", "500").stdout == (
            mygame("render", "--seed", "9", "--tick", "500").stdout
        )
        assert mygame("render", "--seed", "9", "--tick", "500").stdout != (
            mygame("render", "--seed", "9", "--tick", "520").stdout
        )

    def test_svg_parses_as_xml(self, mygame: Run) -> None:
        result = mygame("render", "--format", "svg", "--seed", "2", "--tick", "300")
        assert result.returncode == 0
        root = ET.fromstring(result.stdout)  # noqa: S314 - our own output
        assert root.tag == "{http://www.w3.org/2000/svg}svg"

    def test_output_file_is_written_whole_and_stdout_stays_empty(
        self, mygame: Run, tmp_path: Path
    ) -> None:
        target = tmp_path / "frame.svg"
        target.write_text("old")
        assert_one_line_error(
            mygame("render", "--format", "svg", "-o", str(target)), 1, "add --force"
        )
        assert target.read_text() == "old"
        result = mygame("render", "--format", "svg", "-o", str(target), "--force")
        assert result.returncode == 0
        assert result.stdout == ""
        assert target.read_text().startswith("<?xml")
        assert [p.name for p in tmp_path.iterdir()] == ["frame.svg"]

    def test_a_tick_after_the_end_of_the_match_is_a_usage_error(self, mygame: Run) -> None:
        assert_one_line_error(mygame("render", "--tick", "100000000"), 2, "--tick", "ends at tick")

    def test_a_frame_below_the_minimum_size_is_a_usage_error(self, mygame: Run) -> None:
        assert_one_line_error(mygame("render", "--width", "10"), 2, "too small")

    def test_an_unwritable_output_is_one_line(self, mygame: Run, tmp_path: Path) -> None:
        missing = tmp_path / "no" / "such" / "folder.txt"
        assert_one_line_error(mygame("render", "-o", str(missing)), 1, "does not exist")


class TestReplay:
    def test_a_file_name_with_escape_codes_is_shown_escaped(
        self, mygame: Run, tmp_path: Path
    ) -> None:
        path = tmp_path / "x\x1b]2;PWNED\x07.json"
        recorded_match(path)
        result = mygame("replay", str(path), "--verify")
        assert result.returncode == 0, result
        assert "\x1b" not in result.stdout + result.stderr
        assert "x\\x1b]2;PWNED\\x07.json" in result.stdout

    def test_verify_accepts_a_true_recording(self, mygame: Run, tmp_path: Path) -> None:
        path = tmp_path / "match.json"
        recording = recorded_match(path)
        result = mygame("replay", str(path), "--verify")
        assert result.returncode == 0, result.stderr
        assert recording.score is not None
        assert f"{recording.score[0]}-{recording.score[1]}" in result.stdout
        assert str(recording.ticks) in result.stdout

    def test_verify_rejects_a_tampered_score(self, mygame: Run, tmp_path: Path) -> None:
        path = tmp_path / "match.json"
        recorded_match(path)
        data = json.loads(path.read_text())
        data["score"] = [data["score"][1], data["score"][0]]
        path.write_text(json.dumps(data))
        assert_one_line_error(mygame("replay", str(path), "--verify"), 1, "does not verify")

    @pytest.mark.parametrize(
        ("content", "words"),
        [
            (None, ["no such file"]),
            ("this is not json", ["not valid JSON"]),
            ('{"format": "something-else"}', ["not a mygame recording"]),
            (b"\xff\xfe", ["UTF-8"]),
        ],
    )
    def test_a_missing_or_corrupt_recording_is_one_clear_line(
        self, mygame: Run, tmp_path: Path, content: str | bytes | None, words: list[str]
    ) -> None:
        path = tmp_path / "bad.json"
        if isinstance(content, str):
            path.write_text(content)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        for args in ([str(path)], [str(path), "--verify"]):
            assert_one_line_error(mygame("replay", *args), 1, "cannot replay", *words)

    def test_verify_checks_several_recordings_one_line_each_and_the_worst_status(
        self, mygame: Run, tmp_path: Path
    ) -> None:
        good = tmp_path / "good.json"
        recording = recorded_match(good)
        unverifiable = tmp_path / "no-claims.json"
        data = json.loads(good.read_text())
        data["score"] = data["over"] = data["digest"] = None
        unverifiable.write_text(json.dumps(data))
        corrupt = tmp_path / "corrupt.json"
        corrupt.write_text("this is not json")
        missing = tmp_path / "missing.json"

        result = mygame("replay", "--verify", str(good), str(corrupt), str(unverifiable), str(good))
        assert result.returncode == 1, result.stderr
        assert [line.split("'")[1] for line in result.stdout.splitlines()] == [str(good)] * 2
        assert f"{recording.ticks} ticks" in result.stdout
        errors = result.stderr.splitlines()
        assert [line.split("'")[1] for line in errors] == [str(corrupt), str(unverifiable)]
        assert all(line.startswith("mygame: error: ") for line in errors)
        assert "not valid JSON" in errors[0]
        assert "records no score" in errors[1]

        # nothing worse than a recording with nothing to check: 3; all verified: 0
        assert mygame("replay", "--verify", str(unverifiable), str(good)).returncode == 3
        assert mygame("replay", "--verify", str(good), str(good)).returncode == 0
        assert mygame("replay", "--verify", str(missing), str(good)).returncode == 1

    def test_watching_takes_one_recording(self, mygame: Run, tmp_path: Path) -> None:
        path = tmp_path / "match.json"
        recorded_match(path)
        assert_one_line_error(
            mygame("replay", str(path), str(path)), 2, "watching takes one FILE, got 2", "--verify"
        )

    def test_watching_a_replay_needs_a_terminal(self, mygame: Run, tmp_path: Path) -> None:
        path = tmp_path / "match.json"
        recorded_match(path)
        assert_one_line_error(mygame("replay", str(path)), 1, "terminal")
