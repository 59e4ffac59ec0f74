"""The renderer's bytes on a real terminal emulator: tmux shows exactly the last frame.

A script renders a computer-vs-computer demo, frame by frame, into a tmux pane
(with a pause box coming and going); then the pane's text must equal the frame the
renderer believes the screen shows. Skipped where tmux is not installed.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

COLUMNS, ROWS = 70, 20
SCRIPT = """
import sys, time
from mygame.draw import ColorDepth, TerminalRenderer, enter_screen, leave_screen, to_ascii
from mygame.logic import ComputerPlayer, Difficulty, Match, Settings, Side

depth, ascii_, expected = ColorDepth[sys.argv[1]], sys.argv[2] == "ascii", sys.argv[3]
renderer = TerminalRenderer(depth, names=("easy", "hard"), ascii=ascii_)
match = Match(Settings(), seed=3)
left, right = ComputerPlayer(Difficulty.EASY, 1), ComputerPlayer(Difficulty.HARD, 2)
out = sys.stdout.buffer
out.write(enter_screen().encode())
for tick in range(600):
    match.advance(left.command(match, Side.LEFT), right.command(match, Side.RIGHT))
    message = ("paused", "p: resume") if 200 <= tick < 230 else None
    data = renderer.render(match, (%d, %d), status="demo · q quits", message=message)
    out.write(data.encode())
    out.flush()
lines = renderer.previous.lines()
with open(expected + ".tmp", "w", encoding="utf-8") as file:
    file.write("\\n".join(to_ascii(line) if ascii_ else line for line in lines))
import os; os.replace(expected + ".tmp", expected)
time.sleep(60)
out.write(leave_screen().encode())
""" % (COLUMNS, ROWS)  # noqa: UP031  (braces in the script would fight a format string)


@pytest.mark.parametrize(
    ("depth", "charset"), [("TRUECOLOR", "utf"), ("NONE", "utf"), ("ANSI16", "ascii")]
)
def test_tmux_pane_shows_exactly_the_last_frame(tmp_path: Path, depth: str, charset: str) -> None:
    expected = tmp_path / "expected.txt"
    socket = f"mygame-draw-test-{uuid.uuid4().hex[:8]}"  # our own tmux server
    environment = {"LANG": "C.UTF-8", "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    command = shlex.join(
        [
            "env",
            *(f"{k}={v}" for k, v in environment.items()),
            sys.executable,
            "-c",
            SCRIPT,
            depth,
            charset,
            str(expected),
        ]
    )
    tmux = ["tmux", "-L", socket, "-f", os.devnull]
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", str(COLUMNS), "-y", str(ROWS), command], check=True
    )
    try:
        deadline = time.monotonic() + 60
        while not expected.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert expected.exists(), "the demo did not finish within a minute"
        want = [line.rstrip() for line in expected.read_text(encoding="utf-8").split("\n")]
        # tmux may not have taken in the last bytes yet: wait for the frame, with a deadline.
        deadline = time.monotonic() + 10
        while (shown := pane_lines(tmux)) != want and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)
    assert shown == want


def pane_lines(tmux: list[str]) -> list[str]:
    """The lines tmux's pane shows now, without trailing blanks."""
    pane = subprocess.run(
        [*tmux, "capture-pane", "-p"], check=True, capture_output=True, text=True
    ).stdout
    return [line.rstrip() for line in pane.rstrip("\n").split("\n")]
