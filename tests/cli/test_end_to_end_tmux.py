"""``mygame play``, ``demo`` and ``replay`` in real pseudo-terminals.

Two ways of looking: pexpect gives the raw bytes the game writes and the pty's
termios flags (raw during the game, cooked again after every way out); tmux is a
real terminal emulator, so its screen can be read, keys pressed, the paddle seen
moving and the score changing, and a shell with job control can suspend the game.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import termios
import time
from typing import TYPE_CHECKING

import pexpect
import pytest

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

pytestmark = [
    pytest.mark.slow,
    pytest.mark.once,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals"),
]

ENTER_ALT = b"\x1b[?1049h"
LEAVE_ALT = b"\x1b[?1049l"
HIDE_CURSOR = b"\x1b[?25l"
SHOW_CURSOR = b"\x1b[?25h"
PADDLE_GLYPHS = set("█▀▄")


def spawn(
    script: str,
    *args: str,
    rows: int = 24,
    columns: int = 80,
    term: str | None = "xterm-256color",
    terminfo: Path | None = None,
) -> pexpect.spawn[bytes]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    if term is not None:
        env["TERM"] = term
    if terminfo is not None:
        env["TERMINFO"] = str(terminfo)
    return pexpect.spawn(
        script,
        list(args),
        dimensions=(rows, columns),
        env=env,
        timeout=20,
        preexec_fn=as_a_foreground_job,
    )


def as_a_foreground_job() -> None:
    """Give the game the signal dispositions an interactive shell gives a foreground job.

    A program started in the background by a shell without job control (``cmd &`` in
    a script, as a CI runner may start the tests) inherits SIGINT and SIGQUIT ignored,
    and a program rightly keeps a signal ignored that it was started ignoring.
    """
    for signum in (signal.SIGINT, signal.SIGQUIT):
        signal.signal(signum, signal.SIG_DFL)


class Finished:
    """What a game left behind: its output, exit status and the pty's final termios flags."""

    def __init__(self, child: pexpect.spawn[bytes]) -> None:
        child.expect(pexpect.EOF)
        self.output = bytes(child.before or b"")
        self.attributes = termios.tcgetattr(child.child_fd)
        child.close()
        self.status = child.exitstatus


def assert_cooked(finished: Finished) -> None:
    """The pty is back in canonical mode with echo, signals and CR translation."""
    iflag, _, _, lflag, *_ = finished.attributes
    assert lflag & termios.ICANON
    assert lflag & termios.ECHO
    assert lflag & termios.ISIG
    assert iflag & termios.ICRNL


def assert_screen_given_back(output: bytes) -> None:
    """Every take-over sequence was undone after it was last sent."""
    assert output.count(ENTER_ALT) >= 1
    assert output.rfind(LEAVE_ALT) > output.rfind(ENTER_ALT)
    assert output.rfind(SHOW_CURSOR) > output.rfind(HIDE_CURSOR)
    assert output.rfind(b"\x1b[?7h") > output.rfind(b"\x1b[?7l")


def start_game(script: str, *args: str) -> tuple[pexpect.spawn[bytes], bytes]:
    child = spawn(script, *args)
    child.expect_exact(ENTER_ALT)
    child.expect_exact(b"\x1b[?2026l")  # the end of a first whole frame
    return child, bytes(child.before or b"") + ENTER_ALT


def played_and_quit(script: str, recording: Path, *, seed: int, frames: int, keys: str) -> Finished:
    """Play with ``--record recording`` at 4x speed for ``frames`` frames, type ``keys``."""
    child, _ = start_game(
        script, "play", "--seed", str(seed), "--speed", "4", "--record", str(recording)
    )
    for _ in range(frames):
        child.expect_exact(b"\x1b[?2026l")
    child.send(keys)
    return Finished(child)


def verify(script: str, recording: Path) -> subprocess.CompletedProcess[str]:
    """Run ``mygame replay recording --verify``."""
    return subprocess.run(
        [script, "replay", str(recording), "--verify"], capture_output=True, text=True, check=False
    )


class TestPexpect:
    def test_demo_runs_in_raw_mode_and_any_key_restores_the_terminal(
        self, mygame_script: str
    ) -> None:
        child, _ = start_game(mygame_script, "demo", "--seed", "1")
        _, _, _, lflag, *_ = termios.tcgetattr(child.child_fd)
        assert not lflag & (termios.ICANON | termios.ECHO | termios.ISIG)
        child.send("x")
        done = Finished(child)
        assert done.status == 0
        assert_cooked(done)
        assert_screen_given_back(ENTER_ALT + done.output)

    def test_frames_are_synchronized_and_small_after_the_first(self, mygame_script: str) -> None:
        child, first = start_game(mygame_script, "demo", "--seed", "2", "--speed", "2")
        frames = []
        for _ in range(30):
            child.expect_exact(b"\x1b[?2026l")
            frames.append(bytes(child.before or b""))
        child.send("q")
        Finished(child)
        assert all(frame.startswith(b"\x1b[?2026h") for frame in frames)
        mean = sum(map(len, frames)) / len(frames)
        assert mean < len(first) / 5, (mean, len(first))

    @pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
    def test_a_signal_restores_the_terminal_and_exits_128_plus_its_number(
        self, mygame_script: str, signum: int
    ) -> None:
        child, _ = start_game(mygame_script, "demo", "--seed", "3")
        child.kill(signum)
        done = Finished(child)
        assert done.status == 128 + signum
        assert_cooked(done)
        assert_screen_given_back(ENTER_ALT + done.output)
        assert b"Traceback" not in done.output

    def test_ctrl_c_quits_play_cleanly(self, mygame_script: str) -> None:
        child, _ = start_game(mygame_script, "play", "--seed", "4")
        child.send("\x03")
        done = Finished(child)
        assert done.status == 0
        assert_cooked(done)
        assert_screen_given_back(ENTER_ALT + done.output)

    def test_a_tiny_terminal_gets_a_clear_message_and_a_non_zero_status(
        self, mygame_script: str
    ) -> None:
        child = spawn(mygame_script, "play", rows=6, columns=20)
        done = Finished(child)
        assert done.status == 1
        text = done.output.decode()
        assert "too small" in text
        assert "20x6" in text
        assert "32x10" in text
        assert "Traceback" not in text
        assert_cooked(done)

    def test_a_recorded_match_is_saved_on_quit_and_verifies(
        self, mygame_script: str, tmp_path: Path
    ) -> None:
        recording = tmp_path / "match.json"
        done = played_and_quit(mygame_script, recording, seed=5, frames=20, keys="wq")
        assert done.status == 0
        assert b"recording saved" in done.output
        assert recording.exists()
        assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind
        verified = verify(mygame_script, recording)
        assert verified.returncode == 0, verified.stderr
        assert verified.stdout.startswith("ok: ")

    def test_a_recording_is_saved_even_when_the_game_is_terminated(
        self, mygame_script: str, tmp_path: Path
    ) -> None:
        recording = tmp_path / "killed.json"
        child, _ = start_game(mygame_script, "play", "--seed", "6", "--record", str(recording))
        for _ in range(10):
            child.expect_exact(b"\x1b[?2026l")
        child.kill(signal.SIGTERM)
        done = Finished(child)
        assert done.status == 128 + signal.SIGTERM
        assert recording.exists()
        assert b'"format":"mygame-recording"' in recording.read_bytes()

    def test_replay_plays_a_recording_to_its_end(self, mygame_script: str, tmp_path: Path) -> None:
        recording = tmp_path / "short.json"
        played_and_quit(mygame_script, recording, seed=7, frames=15, keys="q")
        child, _ = start_game(mygame_script, "replay", str(recording), "--speed", "4")
        child.expect_exact("end of recording")
        child.send("q")
        done = Finished(child)
        assert done.status == 0
        assert_cooked(done)
        assert_screen_given_back(ENTER_ALT + done.output)


class TestHostile:
    @pytest.mark.parametrize("term", ["dumb", "", None])
    @pytest.mark.parametrize("command", ["play", "demo"])
    def test_a_terminal_that_cannot_move_the_cursor_is_refused_before_any_code(
        self, mygame_script: str, command: str, term: str | None
    ) -> None:
        done = Finished(spawn(mygame_script, command, term=term))
        assert done.status == 1
        assert b"\x1b" not in done.output  # no alternate screen, no cursor codes
        lines = done.output.decode().splitlines()
        assert len(lines) == 1, lines
        assert "needs a terminal that can move the cursor" in lines[0]
        assert_cooked(done)

    def test_a_terminfo_entry_without_cursor_addressing_is_refused(
        self, mygame_script: str, tmp_path: Path
    ) -> None:
        if shutil.which("tic") is None:
            pytest.skip("tic (ncurses) is not installed to compile a terminfo entry")
        source = tmp_path / "nocursor.src"
        source.write_text(
            "nocursor|no cursor addressing,\n\tam, cols#80, lines#24, bel=^G, cr=\\r,\n"
        )
        subprocess.run(["tic", "-o", str(tmp_path / "db"), str(source)], check=True)
        done = Finished(spawn(mygame_script, "play", term="nocursor", terminfo=tmp_path / "db"))
        assert done.status == 1
        assert b"\x1b" not in done.output
        assert b"TERM='nocursor' cannot" in done.output

    def test_a_game_killed_by_sigkill_keeps_its_recording_so_far(
        self, mygame_script: str, tmp_path: Path
    ) -> None:
        recording = tmp_path / "crash.json"
        child, _ = start_game(
            mygame_script, "play", "--seed", "3", "--speed", "4", "--record", str(recording)
        )
        deadline = time.monotonic() + 60  # a point at 4x speed, or the periodic save
        while not recording.exists() and time.monotonic() < deadline:
            child.expect_exact([pexpect.TIMEOUT, b"\x1b[?2026l"], timeout=0.5)
        child.kill(signal.SIGKILL)
        child.expect(pexpect.EOF)
        child.close()
        assert recording.exists(), "no recording was saved before the kill"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["crash.json"]  # no temporary
        verified = verify(mygame_script, recording)
        assert verified.returncode == 0, verified.stderr

    def test_a_file_name_with_escape_codes_is_never_echoed_raw(
        self, mygame_script: str, tmp_path: Path
    ) -> None:
        recording = tmp_path / "x\x1b]2;PWNED\x07.json"
        done = played_and_quit(mygame_script, recording, seed=5, frames=10, keys="q")
        assert done.status == 0
        assert recording.exists()
        assert b"PWNED\x07" not in done.output
        assert b"x\\x1b]2;PWNED\\x07.json" in done.output


# -- tmux: a real terminal emulator whose screen we can read -------------------


class Tmux:
    """A private tmux server with one 80x24 window."""

    def __init__(self, name: str) -> None:
        self.socket = name
        self.target = f"{name}:0.0"

    def run(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
        return result.stdout

    def start(self, command: str) -> None:
        self.run("-f", os.devnull, "new-session", "-d", "-s", self.socket, "-x", "80", "-y", "24",
                 command)  # fmt: skip
        self.run("set-option", "-t", self.socket, "remain-on-exit", "on")

    def screen(self) -> list[str]:
        return self.run("capture-pane", "-p", "-t", self.target).splitlines()

    def flag(self, name: str) -> str:
        return self.run("display-message", "-p", "-t", self.target, f"#{{{name}}}").strip()

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.target, *keys)

    def wait(
        self, predicate: Callable[[list[str]], bool], what: str, timeout: float = 20
    ) -> list[str]:
        deadline = time.monotonic() + timeout
        screen = self.screen()
        while not predicate(screen):
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {what}; screen:\n" + "\n".join(screen))
            time.sleep(0.05)
            screen = self.screen()
        return screen

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    session = Tmux(f"mygame-test-{os.getpid()}-{time.monotonic_ns()}")
    yield session
    session.kill()


def left_paddle_rows(screen: list[str]) -> list[int]:
    """Rows (inside the field) with a paddle glyph in the first columns."""
    return [
        row
        for row, line in enumerate(screen[2:-2], start=2)
        if any(char in PADDLE_GLYPHS for char in line[:5])
    ]


def right_paddle_rows(screen: list[str]) -> list[int]:
    """Rows (inside the field) with a paddle glyph in the last columns."""
    return [
        row
        for row, line in enumerate(screen[2:-2], start=2)
        if any(char in PADDLE_GLYPHS for char in line[74:80])
    ]


def scores(screen: list[str]) -> list[int]:
    return [int(n) for n in re.findall(r"\b\d+\b", screen[0])]


def shell_command(script: str, *args: str) -> str:
    env = "env -u PYTHONPATH TERM=xterm-256color LANG=C.UTF-8"
    game = " ".join(shlex.quote(a) for a in (script, *args))
    return f"sh -c '{env} {game}; echo EXIT=$?; stty -a; sleep 60'"


class TestTmux:
    def test_play_moves_the_paddle_scores_ends_and_restores(
        self, tmux: Tmux, mygame_script: str
    ) -> None:
        tmux.start(shell_command(mygame_script, "play", "--seed", "1", "--target", "1",
                                 "--speed", "2"))  # fmt: skip
        start = tmux.wait(lambda s: "you" in s[0] and len(left_paddle_rows(s)) >= 3, "the field")
        assert scores(start) == [0, 0]
        assert tmux.flag("alternate_on") == "1"
        assert tmux.flag("cursor_flag") == "0"
        before = left_paddle_rows(start)
        for _ in range(6):
            tmux.keys("w")
        moved = tmux.wait(lambda s: min(left_paddle_rows(s) or [99]) < min(before), "the paddle")
        assert max(left_paddle_rows(moved)) < max(before)
        end = tmux.wait(lambda s: sum(scores(s)) == 1, "a point", timeout=30)
        tmux.wait(lambda s: any("match over" in line for line in s), "the end-of-match box")
        assert "any key to leave" in end[-1] or "any key to leave" in tmux.screen()[-1]
        tmux.keys("q")
        # Wait for stty's report too, not only the exit line printed just before it.
        after = tmux.wait(
            lambda s: "EXIT=0" in s and re.search(r"\bicanon\b", " ".join(s)) is not None,
            "the exit and stty's report",
        )
        assert "EXIT=0" in after
        stty = " ".join(after)
        assert re.search(r"(?<!-)\bicanon\b", stty)
        assert re.search(r"(?<!-)\becho\b", stty)
        assert tmux.flag("alternate_on") == "0"
        assert tmux.flag("cursor_flag") == "1"

    def test_pause_stops_the_ball_and_resume_continues(
        self, tmux: Tmux, mygame_script: str
    ) -> None:
        tmux.start(shell_command(mygame_script, "play", "--seed", "2"))
        tmux.wait(lambda s: "you" in s[0], "the field")
        tmux.keys("p")
        paused = tmux.wait(lambda s: any("paused" in line for line in s), "the pause box")
        time.sleep(0.3)
        assert tmux.screen() == paused
        tmux.keys("Space")
        tmux.wait(lambda s: not any("paused" in line for line in s), "the resume")
        tmux.keys("q")
        tmux.wait(lambda s: "EXIT=0" in s, "the exit")

    def test_ctrl_z_suspends_to_the_shell_and_fg_repaints(
        self, tmux: Tmux, mygame_script: str
    ) -> None:
        tmux.start("env -u PYTHONPATH PS1='$ ' TERM=xterm-256color LANG=C.UTF-8 "
                   "bash --norc --noprofile -i")  # fmt: skip
        tmux.wait(lambda s: any(line.startswith("$") for line in s), "the prompt")
        # The game alone on the command line: in a list, bash would go on to the next
        # command as soon as the game is stopped.
        tmux.keys(f"{shlex.quote(mygame_script)} demo --seed 3", "Enter")
        tmux.wait(lambda s: "demo" in s[-1], "the demo")
        tmux.keys("C-z")
        stopped = tmux.wait(lambda s: any("Stopped" in line for line in s), "the job to stop")
        assert tmux.flag("alternate_on") == "0"
        assert tmux.flag("cursor_flag") == "1"
        assert not any("any key quits" in line for line in stopped)
        tmux.keys("stty -a | grep -o -- '-*icanon' ", "Enter")
        tmux.wait(lambda s: any(line.strip() == "icanon" for line in s), "cooked mode")
        tmux.keys("fg", "Enter")
        tmux.wait(lambda s: "demo" in s[-1] and "computer" in s[0], "the repainted game")
        assert tmux.flag("alternate_on") == "1"
        tmux.keys("q")
        tmux.wait(lambda s: not any("any key quits" in line for line in s), "the exit")
        tmux.keys("echo EXIT=$?", "Enter")
        tmux.wait(lambda s: "EXIT=0" in s, "the exit status")
        assert tmux.flag("alternate_on") == "0"
        assert tmux.flag("cursor_flag") == "1"

    def test_resizing_redraws_at_the_new_size_and_too_small_says_so(
        self, tmux: Tmux, mygame_script: str
    ) -> None:
        tmux.start(shell_command(mygame_script, "demo", "--seed", "4"))
        tmux.wait(lambda s: "demo" in s[-1], "the demo")
        tmux.run("resize-window", "-t", tmux.socket, "-x", "50", "-y", "14")
        small = tmux.wait(lambda s: len(s) == 14 and "demo" in s[13], "the 50x14 layout")
        assert small[12] == "▄" * 50  # the bottom wall spans the new width
        tmux.run("resize-window", "-t", tmux.socket, "-x", "20", "-y", "6")
        tmux.wait(lambda s: any("too small" in line for line in s), "the too-small notice")
        tmux.run("resize-window", "-t", tmux.socket, "-x", "80", "-y", "24")
        tmux.wait(lambda s: len(s) == 24 and "demo" in s[23], "the 80x24 layout")
        tmux.keys("q")
        tmux.wait(lambda s: "EXIT=0" in s, "the exit")

    def test_two_players_each_move_their_own_paddle(self, tmux: Tmux, mygame_script: str) -> None:
        tmux.start(shell_command(mygame_script, "play", "--two-players", "--seed", "3"))
        start = tmux.wait(lambda s: "left" in s[0] and len(right_paddle_rows(s)) >= 3, "the field")
        left, right = left_paddle_rows(start), right_paddle_rows(start)
        for _ in range(6):
            tmux.keys("Down")
        tmux.wait(lambda s: min(right_paddle_rows(s) or [0]) > min(right), "the right paddle")
        assert left_paddle_rows(tmux.screen()) == left
        for _ in range(6):
            tmux.keys("w")
        tmux.wait(lambda s: min(left_paddle_rows(s) or [99]) < min(left), "the left paddle")
        tmux.keys("q")
        tmux.wait(lambda s: "EXIT=0" in s, "the exit")
