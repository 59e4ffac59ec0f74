"""Tests of the front door: draw_game and TerminalRenderer."""

from __future__ import annotations

import re

import pytest
from mygame.draw import (
    DEFAULT_THEME,
    MONOCHROME,
    ColorDepth,
    DrawError,
    TerminalRenderer,
    detect_color_depth,
    draw_game,
    match_over_message,
)
from mygame.draw._terminal import CLEAR_SCREEN
from mygame.logic import (
    Command,
    ComputerPlayer,
    Difficulty,
    GameResult,
    Match,
    Phase,
    Settings,
    Side,
    play_game,
)

SIZE = (80, 24)


def rally(seed: int = 3) -> Match:
    """A match whose ball is in play, paddles at rest."""
    match = Match(Settings(), seed=seed)
    while match.phase is not Phase.RALLY:
        match.advance(Command.STAY, Command.STAY)
    return match


class TestDrawGame:
    def test_the_seed_call_still_returns_a_text_picture_of_the_result(self) -> None:
        result = play_game(seed=1)
        text = draw_game(result)
        assert isinstance(text, str)
        lines = text.split("\n")
        assert len(lines) == 24
        assert max(map(len, lines)) <= 80
        assert lines[0].split() == [str(s) for s in result.score]
        assert "match over" in text
        assert f"{result.ticks} ticks" in text
        assert "\x1b" not in text

    def test_winner_of_the_result_is_named(self) -> None:
        text = draw_game(GameResult(score=(11, 4), ticks=100, winner=Side.LEFT))
        assert "left wins 11-4" in text

    def test_a_state_is_drawn_with_its_ball_and_paddles(self) -> None:
        match = rally()
        text = draw_game(match.state, size=SIZE)
        assert "▀" in text or "▄" in text
        assert "match over" not in text
        assert draw_game(match, size=SIZE) == text  # a live match draws the same

    def test_ascii_picture_has_only_ascii_characters(self) -> None:
        text = draw_game(play_game(seed=1), ascii=True)
        assert text.isascii()
        assert "+----" in text  # the message box
        assert "#" in text  # the paddles

    def test_colour_depth_adds_colour_codes(self) -> None:
        text = draw_game(rally(), depth=ColorDepth.ANSI256)
        assert "\x1b[38;5;" in text

    def test_anything_else_is_refused_with_a_clear_message(self) -> None:
        with pytest.raises(
            DrawError, match="cannot draw a int: pass a Scene, a match state or a result"
        ):
            draw_game(42)  # type: ignore[arg-type]


class TestTerminalRenderer:
    def test_first_frame_is_a_full_repaint_then_only_changes(self) -> None:
        renderer = TerminalRenderer(ColorDepth.ANSI16)
        match = rally()
        first = renderer.render(match, SIZE)
        assert CLEAR_SCREEN in first
        assert renderer.render(match, SIZE) == ""
        second = ""
        for _ in range(10):  # the ball needs a tick or two to cross a pixel
            match.advance(Command.STAY, Command.STAY)
            second = second or renderer.render(match, SIZE)
        assert second
        assert CLEAR_SCREEN not in second

    def test_resize_resume_and_invalidate_repaint_everything(self) -> None:
        renderer = TerminalRenderer()
        match = rally()
        renderer.render(match, SIZE)
        assert CLEAR_SCREEN in renderer.render(match, (100, 30))
        assert CLEAR_SCREEN in renderer.render(match, (100, 30), full=True)
        renderer.invalidate()
        assert renderer.previous is None
        assert CLEAR_SCREEN in renderer.render(match, (100, 30))

    def test_a_frame_where_only_the_ball_moved_costs_tens_of_bytes(self) -> None:
        renderer = TerminalRenderer(ColorDepth.TRUECOLOR)
        match = rally()
        full = len(renderer.render(match, SIZE).encode())
        costs = []
        for _ in range(30):
            match.advance(Command.STAY, Command.STAY)
            assert match.phase is Phase.RALLY
            costs.append(len(renderer.render(match, SIZE).encode()))
        assert 0 < max(costs) < 100
        assert max(costs) < full * 0.1

    def test_no_color_in_the_environment_means_no_colour_bytes_in_a_whole_demo(self) -> None:
        depth = detect_color_depth({"NO_COLOR": "1", "TERM": "xterm-256color"})
        renderer = TerminalRenderer(depth, names=("cpu", "cpu"))
        match = Match(Settings(target_score=2), seed=4)
        left, right = ComputerPlayer(Difficulty.EASY, 1), ComputerPlayer(Difficulty.HARD, 2)
        out = [renderer.render(match, SIZE)]
        while not match.over:
            match.advance(left.command(match, Side.LEFT), right.command(match, Side.RIGHT))
            out.append(renderer.render(match, SIZE, status="q quit"))
        out.append(renderer.render(match, SIZE, message=match_over_message(match.score)))
        parameters = set(re.findall(r"\x1b\[([0-9;]*)m", "".join(out)))
        assert parameters <= {"0", "1", "22"}

    def test_a_theme_given_is_used_even_without_colour(self) -> None:
        assert TerminalRenderer(ColorDepth.NONE, DEFAULT_THEME).theme is DEFAULT_THEME
        assert TerminalRenderer(ColorDepth.NONE).theme is MONOCHROME
        assert TerminalRenderer(ColorDepth.ANSI16).theme is DEFAULT_THEME

    def test_frame_gives_the_frame_without_remembering_it(self) -> None:
        renderer = TerminalRenderer()
        frame = renderer.frame(rally(), SIZE, status="hello")
        assert frame.lines()[-1].startswith(" hello")
        assert renderer.previous is None
