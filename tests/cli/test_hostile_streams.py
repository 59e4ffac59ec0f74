"""Hostile input, by category: terminal encodings, the standard streams by another name,
empty values, and seeds that overflow as the games go on.

Each case runs the installed command and asserts what a user may expect: no traceback,
one line naming the problem when it is refused, and nothing the user kept is lost.
"""

from __future__ import annotations

import io
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from .conftest import unmeasured_env

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX shells and devices")

BLOCKS = "▀▄█"
SEED_LIMIT = 2**63


def sh(mygame_script: str, line: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``line`` in a POSIX shell, ``$M`` the installed mygame, without a terminal."""
    env = unmeasured_env() | {"M": mygame_script} | extra
    return subprocess.run(
        ["sh", "-c", line], cwd=cwd, env=env, capture_output=True, text=True,
        encoding="utf-8", errors="replace", timeout=60, check=False,
    )  # fmt: skip


def refused_in_one_line(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("mygame: error: ")
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp437", "cp1252"])
@pytest.mark.parametrize(
    "command",
    ["render", "render --format svg", "simulate --games 1 --target 1", "info", "--help",
     "render --help", "render --width 5", "replay /no/such/é.json", "--version"],
)  # fmt: skip
def test_every_command_speaks_a_narrow_encoding(
    mygame_script: str, tmp_path: Path, encoding: str, command: str
) -> None:
    proc = sh(mygame_script, f"$M {command}", tmp_path, PYTHONIOENCODING=encoding)
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.splitlines()) <= 1, proc.stderr
    shown = proc.stdout.encode("utf-8", "replace").decode("utf-8")
    if encoding in {"ascii", "latin-1", "cp1252"}:  # no block characters there
        assert not set(BLOCKS) & set(shown)


def test_a_picture_degrades_to_ascii_and_a_file_stays_utf8(
    mygame_script: str, tmp_path: Path
) -> None:
    proc = sh(
        mygame_script, "$M render && $M render -o pic.txt", tmp_path, PYTHONIOENCODING="ascii"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.isascii()
    assert len(proc.stdout.splitlines()) == 24
    assert set(BLOCKS) & set((tmp_path / "pic.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
def test_standard_output_by_another_name_appends_as_the_shell_says(
    mygame_script: str, tmp_path: Path, name: str
) -> None:
    kept = tmp_path / "kept.txt"
    kept.write_text("kept line\n", encoding="utf-8")
    for force in ("", " --force"):
        proc = sh(mygame_script, f"$M render -o {name}{force} >> kept.txt", tmp_path)
        assert proc.returncode == 0, proc.stderr
    text = kept.read_text(encoding="utf-8")
    assert text.startswith("kept line\n")
    assert len(text.splitlines()) == 1 + 2 * 24


def test_standard_output_by_another_name_redirected_gets_the_picture(
    mygame_script: str, tmp_path: Path
) -> None:
    proc = sh(mygame_script, "$M render -o /dev/stdout > new.txt", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert len((tmp_path / "new.txt").read_text(encoding="utf-8").splitlines()) == 24


@pytest.mark.parametrize("name", ["/dev/stdout", "/dev/fd/1", "-"])
def test_closed_standard_output_by_any_name_fails_in_one_line(
    mygame_script: str, tmp_path: Path, name: str
) -> None:
    refused_in_one_line(sh(mygame_script, f"$M render -o {name} >&-", tmp_path), "closed")


def test_standard_error_by_name_gets_the_picture(mygame_script: str, tmp_path: Path) -> None:
    proc = sh(mygame_script, "$M render -o /dev/stderr", tmp_path)
    assert proc.returncode == 0
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 24


@pytest.mark.parametrize("name", ["/dev/stdin", "/dev/fd/0"])
def test_standard_input_is_no_output(mygame_script: str, tmp_path: Path, name: str) -> None:
    refused_in_one_line(sh(mygame_script, f"$M render -o {name}", tmp_path), "standard input")


@pytest.mark.parametrize(
    "line", ["$M render -o ''", "$M render --output=''", "$M play --record ''"]
)
def test_an_empty_name_is_refused(mygame_script: str, tmp_path: Path, line: str) -> None:
    proc = sh(mygame_script, line, tmp_path)
    refused_in_one_line(proc, "empty")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("games", [2, 10])
def test_a_seed_that_overflows_over_the_games_is_a_usage_error(
    mygame_script: str, tmp_path: Path, games: int
) -> None:
    seed = SEED_LIMIT - 1
    proc = sh(mygame_script, f"$M simulate --seed {seed} --games {games} --target 1", tmp_path)
    refused_in_one_line(proc, f"--seed {seed}", str(SEED_LIMIT - games))
    assert proc.returncode == 2
    fits = sh(mygame_script, f"$M simulate --seed {SEED_LIMIT - games} --games {games} "
              "--target 1 --max-ticks 50", tmp_path)  # fmt: skip
    assert fits.returncode == 0, fits.stderr


@pytest.mark.parametrize(("locale", "blocks"), [("C", False), ("C.UTF-8", True)])
def test_a_terminal_in_the_c_locale_gets_ascii(
    mygame_script: str, locale: str, *, blocks: bool
) -> None:
    """Python's UTF-8 mode would send UTF-8 to an ASCII terminal: the terminal's codeset decides."""
    pexpect = pytest.importorskip("pexpect")
    env = unmeasured_env() | {"LC_ALL": locale, "TERM": "xterm"}
    child = pexpect.spawn(mygame_script, ["render"], env=env, encoding="utf-8", timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert bool(set(BLOCKS) & set(child.before)) is blocks


@pytest.mark.once  # the terminal's codeset, the same on every Python
@pytest.mark.parametrize(("command", "key"), [(["play", "--speed", "4"], "q"), (["demo"], "x")])
def test_the_game_in_a_c_locale_terminal_sends_only_ascii(
    mygame_script: str, command: list[str], key: str
) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = unmeasured_env() | {"LC_ALL": "C", "TERM": "xterm"}
    child = pexpect.spawn(mygame_script, command, env=env, timeout=30, dimensions=(24, 80))
    child.logfile_read = (seen := io.BytesIO())
    for _ in range(30):  # frames, each ended by the synchronized-output mark
        child.expect_exact(b"\x1b[?2026l")
    child.send(key)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert seen.getvalue().isascii()
    assert b"\x1b[?1049l" in seen.getvalue()  # the alternate screen given back


@pytest.mark.parametrize("line", ["$M info ''", "$M render --tick 0 ''", "$M simulate --bogus ''"])
def test_an_unexpected_empty_argument_is_shown(
    mygame_script: str, tmp_path: Path, line: str
) -> None:
    refused_in_one_line(sh(mygame_script, line, tmp_path), "unrecognized arguments:", "''")
