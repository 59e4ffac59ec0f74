"""The command line in-process: ``main(argv)`` returns the status and never raises."""

from __future__ import annotations

import json
import os
import runpy
import sys
from typing import TYPE_CHECKING

import pytest
from mygame.cli import main
from mygame.cli._commands import MAX_PICTURE_COLUMNS, MAX_PICTURE_ROWS
from mygame.logic import MAX_RECORDING_BYTES, SEED_LIMIT, Settings

from .conftest import recorded_match

if TYPE_CHECKING:
    from pathlib import Path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_version_and_help_fast_paths(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert out.startswith("mygame-cli ")
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert "commands:" in out
    status, _, err = run(capsys)
    assert status == 2
    assert "usage: mygame" in err


def test_python_dash_m_runs_main_on_the_command_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``python -m mygame.cli ARGS`` is ``main()`` on ``sys.argv[1:]``, its status the exit's."""
    monkeypatch.setattr(sys, "argv", ["mygame", "--version"])
    with pytest.raises(SystemExit) as exit_:
        runpy.run_module("mygame.cli", run_name="__main__", alter_sys=True)
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("mygame-cli ")


def test_version_after_other_options_goes_through_argparse(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "-V", "--version")
    assert status == 0
    assert out.count("mygame-") == 3


def test_subcommand_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "simulate", "--help")
    assert status == 0
    assert "--games" in out


def test_bad_input_is_status_2_and_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "simulate", "--games", "-1")
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1


def test_simulate_json_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "simulate", "--games", "2", "--seed", "4", "--target", "2",
                         "--json")  # fmt: skip
    assert status == 0
    report = json.loads(out)
    assert report["ticks"] == sum(game["ticks"] for game in report["results"])


def test_simulate_stops_endless_matches_at_max_ticks(capsys: pytest.CaptureFixture[str]) -> None:
    """Hard against hard can rally for ever: --max-ticks bounds every match."""
    status, out, _ = run(capsys, "simulate", "--games", "2", "--target", "1", "--difficulty",
                         "hard", "--max-ticks", "3000")  # fmt: skip
    assert status == 0
    assert "hard against hard" in out  # --difficulty D is --left D --right D
    assert "seed 0" in out
    status, out, _ = run(capsys, "simulate", "--games", "2", "--target", "1", "--difficulty",
                         "hard", "--max-ticks", "3000", "--json")  # fmt: skip
    report = json.loads(out)
    for game in report["results"]:
        assert game["ticks"] <= 3000
        assert (game["winner"] is None) == (max(game["score"]) < 1)
    assert sum(report["wins"].values()) == 2


def test_render_both_formats_in_process(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "render", "--tick", "100")
    assert status == 0
    assert len(out.splitlines()) == 24
    target = tmp_path / "f.svg"
    status, out, _ = run(capsys, "render", "--format", "svg", "-o", str(target))
    assert status == 0
    assert out == ""
    assert "<svg" in target.read_text()


def test_info_in_process_names_our_three_distributions(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "info")
    assert status == 0
    for name in ("mygame-cli", "mygame-draw", "mygame-logic"):
        assert name in out
    status, out, _ = run(capsys, "info", "--json")
    assert status == 0
    assert "mygame.cli._info" in json.loads(out)["modules"]


def test_replay_errors_in_process(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "replay", str(tmp_path / "none.json"), "--verify")
    assert status == 1
    assert "no such file" in err
    status, _, err = run(capsys, "replay", str(tmp_path), "--verify")
    assert status == 1
    assert "folder" in err


def recorded(path: Path, **changes: object) -> dict[str, object]:
    """Save a short match's recording to ``path`` with ``changes`` made to its JSON."""
    recorded_match(path)
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8")) | changes
    path.write_text(json.dumps(data), encoding="utf-8")
    return data


def test_verify_in_process_checks_each_claim(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good, swapped, nothing = (tmp_path / f"{n}.json" for n in ("good", "swapped", "nothing"))
    data = recorded(good)
    score = data["score"]
    assert isinstance(score, list)
    recorded(swapped, score=score[::-1])
    recorded(nothing, score=None, over=None, digest=None)
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text('{"format": "something-else"}')
    status, out, _ = run(capsys, "replay", "--verify", str(good))
    assert (status, out.count("\n")) == (0, 1)
    assert f"replays to {score[0]}-{score[1]} and ends after {data['ticks']} ticks" in out
    refusals = [(swapped, 1, "does not verify"), (nothing, 3, "cannot verify")]
    for path, status, words in [*refusals, (corrupt, 1, "not a mygame")]:
        got, out, err = run(capsys, "replay", "--verify", str(path))
        assert (got, out, err.count("\n")) == (status, "", 1), err
        assert words in err
    status, out, err = run(capsys, "replay", "--verify", str(nothing), str(good), str(corrupt))
    assert (status, out.count("ok: "), err.count("mygame: error: ")) == (1, 1, 2)
    assert run(capsys, "replay", "--verify", str(nothing), str(good))[0] == 3


def test_watching_in_process_reads_the_recording_before_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = tmp_path / "good.json"
    recorded(good)
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text("this is not json")
    status, _, err = run(capsys, "replay", str(corrupt))
    assert status == 1
    assert "not valid JSON" in err
    status, _, err = run(capsys, "replay", str(good))  # loaded, then no terminal
    assert status == 1
    assert "needs an interactive terminal" in err
    status, _, err = run(capsys, "replay", str(good), str(good))
    assert status == 2
    assert "watching takes one FILE, got 2" in err


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and devices")
def test_special_and_huge_files_are_refused_in_process(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    device = tmp_path / "device.json"
    device.symlink_to(os.devnull)
    huge = tmp_path / "huge.json"
    with huge.open("wb") as file:  # sparse: no disk used
        file.truncate(MAX_RECORDING_BYTES + 1)
    for path, words in [(fifo, "pipe (FIFO)"), (device, "it is a device"), (huge, "more than")]:
        status, _, err = run(capsys, "replay", "--verify", str(path))
        assert status == 1
        assert words in err


def test_render_refuses_a_tick_after_the_end_and_a_small_frame_in_process(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(capsys, "render", "--tick", "100000000")
    assert status == 2
    assert "ends at tick" in err
    status, _, err = run(capsys, "render", "--width", "10")
    assert status == 2
    assert "too small" in err


def test_a_seed_no_recording_can_hold_is_refused_in_process(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(capsys, "simulate", "--seed", str(SEED_LIMIT))
    assert status == 2
    assert "below 2**63" in err


def test_simulate_with_the_engines_own_target_in_process(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "simulate", "--games", "1", "--seed", "3", "--json")
    assert status == 0
    assert max(json.loads(out)["results"][0]["score"]) == Settings().target_score


def test_play_without_a_terminal_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "play", "--seed", "1")
    assert status == 1
    assert "needs an interactive terminal" in err


@pytest.mark.parametrize("value", ["1_000", "\u0665", " 5 ", "+3", "\uff15", "0x10", "9" * 5000])
def test_only_plain_ascii_whole_numbers_are_numbers(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    status, out, err = run(capsys, "simulate", "--games", value)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "expected a whole number" in err


@pytest.mark.parametrize("command", ["simulate", "play", "demo"])
@pytest.mark.parametrize("target", ["1001", "99999999999999999999"])
def test_a_target_the_engine_refuses_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], command: str, target: str
) -> None:
    status, _, err = run(capsys, command, "--target", target)
    assert status == 2
    assert err.count("\n") == 1
    assert "between 1 and 1000" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["simulate", "--games", "1000001"],
        ["simulate", "--max-ticks", "5000001"],
    ],
)
def test_counts_and_seeds_are_bounded(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """A number past its stated bound is a usage error naming the range, not hours of work."""
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert "expected a number from" in err


@pytest.mark.parametrize("speed", ["1_0", " 5 ", "1e1", "\u0665", "nan", "inf", "0.05", "101"])
def test_replay_speed_is_a_plain_decimal_in_range(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, speed: str
) -> None:
    status, out, err = run(capsys, "replay", str(tmp_path / "r.json"), "--speed", speed)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert "expected a" in err
    assert "speed" in err


@pytest.mark.parametrize(
    "size", [["--width", "99999999999999"], ["--width", "20000", "--height", "20000"]]
)
def test_picture_sizes_are_bounded(capsys: pytest.CaptureFixture[str], size: list[str]) -> None:
    status, out, err = run(capsys, "render", *size)
    assert status == 2
    assert out == ""
    assert "expected a number from 1 to" in err


def test_the_largest_picture_allowed_is_drawn(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "render", "--width", str(MAX_PICTURE_COLUMNS),
                         "--height", str(MAX_PICTURE_ROWS))  # fmt: skip
    assert status == 0
    assert out.count("\n") == MAX_PICTURE_ROWS


def test_an_unknown_argument_with_escape_codes_is_shown_escaped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(capsys, "play", "x\x1b]2;PWNED\x07")
    assert status == 2
    assert "\x1b" not in err
    assert "\x07" not in err
    assert "x\\x1b]2;PWNED\\x07" in err


def test_render_help_says_how_existing_files_are_treated(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for command in ("render", "play"):
        status, out, _ = run(capsys, command, "--help")
        assert status == 0
        text = " ".join(out.split())
        assert "--force" in text
        assert "symlink is followed" in text
        assert "written to directly" in text
