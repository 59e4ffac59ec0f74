"""The cli takes the screen over and gives it back with mygame.draw's escape codes."""

from __future__ import annotations

from mygame.cli import _console
from mygame.draw import enter_screen, leave_screen


def test_the_console_enters_and_leaves_the_screen_as_draw_says() -> None:
    assert enter_screen().encode() == _console.SCREEN_ENTER
    assert leave_screen().encode() == _console.SCREEN_LEAVE
