"""Tests of colours, styles, SGR transitions and colour-depth detection."""

from __future__ import annotations

import pytest
from mygame.draw import PLAIN, Color, ColorDepth, DrawError, Style, detect_color_depth
from mygame.draw._color import sgr_transition as sgr

RED = Color(255, 0, 0, ansi=1)
BRIGHT_CYAN = Color(80, 200, 255, ansi=14)


class TestDetectColorDepth:
    @pytest.mark.parametrize("value", ["1", "yes", "0"])
    def test_no_color_with_any_value_turns_colour_off(self, value: str) -> None:
        env = {"NO_COLOR": value, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        assert detect_color_depth(env) is ColorDepth.NONE

    def test_no_color_beats_force_color(self) -> None:
        assert detect_color_depth({"NO_COLOR": "1", "FORCE_COLOR": "1"}) is ColorDepth.NONE

    def test_empty_no_color_is_ignored_as_the_convention_says(self) -> None:
        assert detect_color_depth({"NO_COLOR": "", "TERM": "xterm"}) is ColorDepth.ANSI16

    def test_output_that_is_not_a_terminal_gets_no_colour(self) -> None:
        env = {"TERM": "xterm-256color"}
        assert detect_color_depth(env, is_terminal=False) is ColorDepth.NONE

    def test_force_color_gives_colour_without_a_terminal(self) -> None:
        env = {"TERM": "xterm-256color", "FORCE_COLOR": "1"}
        assert detect_color_depth(env, is_terminal=False) is ColorDepth.ANSI256

    @pytest.mark.parametrize("value", ["0", "false", ""])
    def test_force_color_off_values_do_not_force(self, value: str) -> None:
        env = {"TERM": "xterm", "FORCE_COLOR": value}
        assert detect_color_depth(env, is_terminal=False) is ColorDepth.NONE

    def test_dumb_terminal_gets_no_colour(self) -> None:
        assert detect_color_depth({"TERM": "dumb"}) is ColorDepth.NONE

    @pytest.mark.parametrize(
        "env",
        [
            {"TERM": "xterm-256color", "COLORTERM": "truecolor"},
            {"TERM": "xterm", "COLORTERM": "24bit"},
            {"WT_SESSION": "abc"},
            {"TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"},
            {"TERM": "xterm-direct"},
        ],
    )
    def test_truecolor_terminals_are_recognised(self, env: dict[str, str]) -> None:
        assert detect_color_depth(env) is ColorDepth.TRUECOLOR

    @pytest.mark.parametrize("term", ["xterm-256color", "screen-256color", "tmux-256color"])
    def test_256_colour_terminals_are_recognised(self, term: str) -> None:
        assert detect_color_depth({"TERM": term}) is ColorDepth.ANSI256

    @pytest.mark.parametrize("env", [{"TERM": "xterm"}, {"TERM": "linux"}, {}])
    def test_other_terminals_get_the_16_ansi_colours(self, env: dict[str, str]) -> None:
        assert detect_color_depth(env) is ColorDepth.ANSI16


class TestColor:
    def test_hex_is_lowercase_rrggbb(self) -> None:
        assert Color(255, 200, 0).hex == "#ffc800"

    @pytest.mark.parametrize(
        ("color", "index"),
        [
            (Color(255, 0, 0), 196),
            (Color(0, 0, 0), 16),
            (Color(255, 255, 255), 231),
            (Color(128, 128, 128), 244),
            (Color(95, 135, 175), 67),
        ],
    )
    def test_xterm256_picks_the_nearest_cube_or_grey_entry(self, color: Color, index: int) -> None:
        assert color.xterm256 == index

    def test_sgr_per_depth(self) -> None:
        assert RED.sgr(ColorDepth.TRUECOLOR) == "38;2;255;0;0"
        assert RED.sgr(ColorDepth.TRUECOLOR, background=True) == "48;2;255;0;0"
        assert RED.sgr(ColorDepth.ANSI256) == "38;5;196"
        assert RED.sgr(ColorDepth.ANSI16) == "31"
        assert BRIGHT_CYAN.sgr(ColorDepth.ANSI16) == "96"
        assert BRIGHT_CYAN.sgr(ColorDepth.ANSI16, background=True) == "106"
        assert RED.sgr(ColorDepth.NONE) == ""

    @pytest.mark.parametrize(
        "kwargs", [{"red": 256}, {"green": -1}, {"blue": 300}, {"ansi": 16}, {"ansi": -1}]
    )
    def test_out_of_range_values_are_rejected_with_the_accepted_range(
        self, kwargs: dict[str, int]
    ) -> None:
        values = {"red": 0, "green": 0, "blue": 0, "ansi": 0} | kwargs
        with pytest.raises(DrawError, match="out of range: use 0 to"):
            Color(**values)


class TestSgrTransition:
    def test_same_style_needs_no_bytes(self) -> None:
        assert sgr(Style(fg=RED), Style(fg=RED), ColorDepth.TRUECOLOR) == ""

    def test_only_the_changed_attribute_is_sent(self) -> None:
        old = Style(fg=RED, bg=BRIGHT_CYAN)
        assert sgr(old, Style(fg=RED, bg=BRIGHT_CYAN, bold=True), ColorDepth.ANSI16) == "\x1b[1m"
        assert sgr(old, Style(fg=None, bg=BRIGHT_CYAN), ColorDepth.ANSI16) == "\x1b[39m"
        assert sgr(old, Style(fg=RED), ColorDepth.ANSI16) == "\x1b[49m"

    def test_back_to_plain_switches_each_attribute_off(self) -> None:
        old = Style(fg=RED, bg=RED, bold=True)
        assert sgr(old, PLAIN, ColorDepth.ANSI256) == "\x1b[22;39;49m"

    def test_without_colour_only_bold_is_sent(self) -> None:
        assert sgr(PLAIN, Style(fg=RED, bg=RED), ColorDepth.NONE) == ""
        assert sgr(PLAIN, Style(fg=RED, bold=True), ColorDepth.NONE) == "\x1b[1m"
