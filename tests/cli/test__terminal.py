"""The termios mode of a game: single keys, no echo, no signal keys, output untouched."""

from __future__ import annotations

import sys
from typing import Any

import pytest

if sys.platform == "win32":
    pytest.skip("POSIX termios", allow_module_level=True)

import termios

from mygame.cli._terminal import game_mode


def test_game_mode_clears_the_line_discipline_and_keeps_output_processing() -> None:
    cooked: list[Any] = [
        termios.ICRNL | termios.IXON | termios.BRKINT,
        termios.OPOST | termios.ONLCR,
        termios.CS8,
        termios.ICANON | termios.ECHO | termios.ISIG | termios.IEXTEN | termios.ECHOE,
        38400,
        38400,
        [b"\x00"] * 32,
    ]
    mode = game_mode(cooked)
    assert mode[0] == termios.BRKINT
    assert mode[1] == cooked[1]
    assert mode[3] == termios.ECHOE
    assert mode[6][termios.VMIN] == 1
    assert mode[6][termios.VTIME] == 0
    assert cooked[3] & termios.ICANON  # the saved attributes are left alone
