"""``mygame replay`` on untrusted files, end to end: one line, bounded time and memory.

Runs the installed ``mygame`` under an address-space limit and a timeout, on special
files (endless devices, a FIFO, a folder, a huge sparse file) and on a sample of the
seeded corpus of ``helpers.recording_corpus``; every edit that changes the course
of play must fail ``--verify``. The library-level fuzz test runs the whole corpus.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from helpers.recording_corpus import base_recording, course, mutants
from mygame.logic import MAX_RECORDING_BYTES, SEED_LIMIT, Recording

if TYPE_CHECKING:
    from collections.abc import Callable

    Run = Callable[..., subprocess.CompletedProcess[str]]

V1 = Path(__file__).parents[1] / "logic" / "data" / "recording-v1.json"
MEMORY = 1 << 30  # far below what /dev/zero read whole would take
BASE = base_recording()
ORIGINAL = course(Recording.from_json(BASE))


def _limit_memory() -> None:
    import resource  # noqa: PLC0415 (POSIX only: the tests that use it skip elsewhere)

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def verify(
    script: str, *paths: Path | str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """``mygame replay --verify PATH...`` under the memory cap; a hang fails by timeout.

    ``env``: the ``mygame_env`` fixture's (unmeasured here: see ``pytestmark``).
    """
    return subprocess.run(
        [script, "replay", "--verify", *map(str, paths)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
        preexec_fn=_limit_memory,
    )


def one_line_error(result: subprocess.CompletedProcess[str], status: int = 1) -> str:
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("mygame: error: ")
    return lines[0]


pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and limits"),
    pytest.mark.unmeasured,  # test__commands measures these paths in-process
]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/dev/zero", "it is a device"),
        ("/dev/urandom", "it is a device"),
        ("/dev/null", "it is a device"),
    ],
)
def test_a_symlink_to_an_endless_device_is_refused(
    mygame_script: str, mygame_env: dict[str, str], tmp_path: Path, target: str, expected: str
) -> None:
    if not Path(target).exists():
        pytest.skip(f"no {target}")
    link = tmp_path / "rec.json"
    link.symlink_to(target)
    assert expected in one_line_error(verify(mygame_script, link, env=mygame_env))


def test_a_fifo_is_refused_without_waiting_for_a_writer(
    mygame_script: str, mygame_env: dict[str, str], tmp_path: Path
) -> None:
    fifo = tmp_path / "rec.json"
    os.mkfifo(fifo)
    assert "pipe (FIFO)" in one_line_error(verify(mygame_script, fifo, env=mygame_env))
    plain = subprocess.run(  # the viewer reads the same way
        [mygame_script, "replay", str(fifo)],
        capture_output=True,
        text=True,
        env=mygame_env,
        timeout=60,
        check=False,
    )
    assert "pipe (FIFO)" in one_line_error(plain)


def test_a_folder_and_a_huge_file_are_refused_before_reading(
    mygame_script: str, mygame_env: dict[str, str], tmp_path: Path
) -> None:
    assert "folder" in one_line_error(verify(mygame_script, tmp_path, env=mygame_env))
    huge = tmp_path / "huge.json"
    with huge.open("wb") as file:  # sparse: no disk used
        file.truncate(MAX_RECORDING_BYTES + 1)
    assert "more than the" in one_line_error(verify(mygame_script, huge, env=mygame_env))


def test_a_sample_of_the_corpus_is_one_line_each_and_no_tamper_verifies(
    mygame_script: str, mygame_env: dict[str, str], tmp_path: Path
) -> None:
    sample = mutants(BASE)[::9]
    paths = []
    for i, (_label, data, _tamper) in enumerate(sample):
        paths.append(tmp_path / f"{i}.json")
        paths[-1].write_bytes(data)
    # All in one `mygame replay --verify` (one line per file), as a folder of
    # recordings is checked.
    result = verify(mygame_script, *paths, env=mygame_env)
    assert "Traceback" not in result.stderr
    verified = [line.split("'")[1] for line in result.stdout.splitlines()]
    refused = [line.split("'")[1] for line in result.stderr.splitlines()]
    assert all(line.startswith("ok: ") for line in result.stdout.splitlines())
    assert all(line.startswith("mygame: error: ") for line in result.stderr.splitlines())
    assert sorted(verified + refused) == sorted(map(str, paths)), "one line per file"
    assert result.returncode == (1 if refused else 0), result.stderr[-2000:]
    accepted = [
        label
        for path, (label, data, tamper) in zip(paths, sample, strict=True)
        if str(path) in verified and tamper and course(Recording.from_json(data)) != ORIGINAL
    ]
    assert accepted == []
    assert len(sample) > 80


def verify_text(
    script: str, folder: Path, data: bytes, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    path = folder / "rec.json"
    path.write_bytes(data)
    return verify(script, path, env=env)


class TestVerify:
    def test_a_new_recording_verifies_score_end_and_course(
        self, mygame_script: str, mygame_env: dict[str, str], tmp_path: Path
    ) -> None:
        result = verify_text(mygame_script, tmp_path, BASE, mygame_env)
        assert result.returncode == 0, result.stderr
        assert "(score, end, course of play checked)" in result.stdout

    def test_a_version_1_recording_verifies_its_score(
        self, mygame_script: str, mygame_env: dict[str, str], tmp_path: Path
    ) -> None:
        result = verify_text(mygame_script, tmp_path, V1.read_bytes(), mygame_env)
        assert result.returncode == 0, result.stderr
        assert "3-0 and ends after 4297 ticks, as recorded (score checked)" in result.stdout

    def test_nothing_to_check_is_unverifiable_not_a_pass(
        self, mygame_script: str, mygame_env: dict[str, str], tmp_path: Path
    ) -> None:
        data = json.loads(V1.read_bytes())
        data["score"] = None
        result = verify_text(mygame_script, tmp_path, json.dumps(data).encode(), mygame_env)
        assert "cannot verify" in one_line_error(result, 3)

    @pytest.mark.parametrize(
        "edit", [{"target_score": 4}, {"win_by_two": True}], ids=["target", "win_by_two"]
    )
    def test_an_edited_rule_that_changes_the_end_does_not_verify(
        self,
        mygame_script: str,
        mygame_env: dict[str, str],
        tmp_path: Path,
        edit: dict[str, object],
    ) -> None:
        data = json.loads(BASE)
        data["settings"] |= edit
        result = verify_text(mygame_script, tmp_path, json.dumps(data).encode(), mygame_env)
        assert "does not verify" in one_line_error(result)


@pytest.mark.parametrize("command", ["play", "demo", "simulate", "render"])
@pytest.mark.parametrize("seed", [str(SEED_LIMIT), str(-SEED_LIMIT), "99999999999999999999"])
def test_a_seed_no_recording_can_hold_is_a_usage_error(
    mygame: Run, command: str, seed: str
) -> None:
    line = one_line_error(mygame(command, "--seed", seed), 2)
    assert "below 2**63" in line


def test_the_largest_seed_works(mygame: Run) -> None:
    result = mygame("render", "--seed", str(SEED_LIMIT - 1), "--tick", "100")
    assert result.returncode == 0, result.stderr
