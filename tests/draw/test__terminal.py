"""Tests of the terminal bytes: screen modes, frame_to_ansi and the diff renderer.

The diff renderer is checked against a tiny VT100 screen emulator written here: what
it writes, applied to a screen showing the previous frame, must give the new frame.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mygame.draw import (
    PLAIN,
    Canvas,
    Cell,
    Color,
    ColorDepth,
    Frame,
    Style,
    TerminalRenderer,
    diff_frames,
    enter_screen,
    frame_to_ansi,
    leave_screen,
    to_ascii,
    wants_ascii,
)
from mygame.draw._terminal import (
    ALT_SCREEN_OFF,
    ALT_SCREEN_ON,
    CURSOR_HIDE,
    CURSOR_SHOW,
    SYNC_BEGIN,
    SYNC_END,
    WRAP_OFF,
    WRAP_ON,
)
from mygame.logic import Command, ComputerPlayer, Difficulty, Match, Settings, Side

# ---------------------------------------------------------------- the emulator

ColorKey = tuple[object, ...] | None
Attr = tuple[ColorKey, ColorKey, bool]
_TOKEN = re.compile(r"\x1b\[(\??)([0-9;]*)([A-Za-z])|\r|\n|[^\x1b\r\n]")


@dataclass
class Screen:
    """A VT100-ish screen: cursor moves, clear, SGR colour, private modes, text.

    Anything it does not understand fails the test, so the renderer cannot hide
    an escape sequence a real terminal might misread.
    """

    width: int
    height: int
    x: int = 0
    y: int = 0
    attr: Attr = (None, None, False)
    modes: dict[str, bool] = field(default_factory=dict)
    chars: list[list[str]] = field(init=False)
    attrs: list[list[Attr]] = field(init=False)

    def __post_init__(self) -> None:
        self.chars = [[" "] * self.width for _ in range(self.height)]
        self.attrs = [[(None, None, False)] * self.width for _ in range(self.height)]

    def feed(self, data: str) -> None:
        position = 0
        while position < len(data):
            match = _TOKEN.match(data, position)
            assert match is not None, f"unparsable output at {data[position:]!r}"
            position = match.end()
            piece = match.group(0)
            if match.group(3) is not None:
                self._escape(match.group(1), match.group(2), match.group(3))
            elif piece == "\r":
                self.x = 0
            elif piece == "\n":
                pytest.fail("the renderer must not write newlines: they scroll")
            else:
                self.chars[self.y][self.x] = piece
                self.attrs[self.y][self.x] = self.attr
                self.x = min(self.x + 1, self.width - 1)  # no wrap

    def _escape(self, private: str, params: str, final: str) -> None:
        numbers = [int(p) if p else 0 for p in params.split(";")] if params else []
        if private:
            assert final in "hl", final
            self.modes[params] = final == "h"
        elif final == "m":
            self._sgr(numbers or [0])
        elif final == "J":
            assert numbers == [2], "only a full clear is expected"
            for y in range(self.height):  # erased cells take the current background (BCE)
                self.chars[y] = [" "] * self.width
                self.attrs[y] = [(None, self.attr[1], False)] * self.width
        else:
            self._move(numbers, final)

    def _move(self, numbers: list[int], final: str) -> None:
        count = max(1, numbers[0]) if numbers else 1
        moves = {
            "H": lambda: (
                (numbers[1] if len(numbers) > 1 else 1) - 1,
                (numbers[0] if numbers else 1) - 1,
            ),
            "A": lambda: (self.x, self.y - count),
            "B": lambda: (self.x, self.y + count),
            "C": lambda: (self.x + count, self.y),
            "D": lambda: (self.x - count, self.y),
            "G": lambda: (count - 1, self.y),
        }
        assert final in moves, f"unexpected escape sequence final {final!r}"
        x, y = moves[final]()
        self.x = min(max(x, 0), self.width - 1)
        self.y = min(max(y, 0), self.height - 1)

    def _sgr(self, numbers: list[int]) -> None:
        fg, bg, bold = self.attr
        simple: dict[int, Attr] = {0: (None, None, False)}
        i = 0
        while i < len(numbers):
            n = numbers[i]
            if n in simple:
                fg, bg, bold = simple[n]
            elif n in (1, 22):
                bold = n == 1
            elif n in (39, 49, 38, 48):
                value, used = _extended_color(numbers[i:])
                i += used
                if n in (38, 39):
                    fg = value
                else:
                    bg = value
            elif 30 <= n <= 37 or 90 <= n <= 97:
                fg = ("16", n - 30 if n < 90 else n - 90 + 8)
            elif 40 <= n <= 47 or 100 <= n <= 107:
                bg = ("16", n - 40 if n < 100 else n - 100 + 8)
            else:
                pytest.fail(f"unexpected SGR parameter {n}")
            i += 1
        self.attr = (fg, bg, bold)

    def lines(self) -> list[str]:
        return ["".join(row) for row in self.chars]


def _extended_color(numbers: list[int]) -> tuple[ColorKey, int]:
    """Decode 39/49 (default), 38;5;n / 38;2;r;g;b; return it and the extra numbers used."""
    if numbers[0] in (39, 49):
        return None, 0
    if numbers[1] == 5:
        return ("256", numbers[2]), 2
    assert numbers[1] == 2
    return ("rgb", *numbers[2:5]), 4


def color_key(color: Color | None, depth: ColorDepth) -> ColorKey:
    if color is None or depth is ColorDepth.NONE:
        return None
    if depth is ColorDepth.TRUECOLOR:
        return ("rgb", color.red, color.green, color.blue)
    if depth is ColorDepth.ANSI256:
        return ("256", color.xterm256)
    return ("16", color.ansi)


def expected_attrs(frame: Frame, depth: ColorDepth) -> list[list[Attr]]:
    return [
        [(color_key(c.style.fg, depth), color_key(c.style.bg, depth), c.style.bold) for c in row]
        for row in frame.rows
    ]


def assert_shows(screen: Screen, frame: Frame, depth: ColorDepth) -> None:
    assert screen.lines() == frame.lines()
    assert screen.attrs == expected_attrs(frame, depth)
    assert screen.attr == (None, None, False), "every frame must end in the plain style"


# ---------------------------------------------------------------- strategies

RED = Color(255, 0, 0, ansi=1)
CYAN = Color(80, 200, 255, ansi=14)
GREY = Color(120, 120, 120, ansi=8)
STYLES = [PLAIN, Style(bold=True), Style(fg=RED), Style(fg=CYAN, bg=GREY), Style(bg=RED, bold=True)]
CELLS = [Cell(char, style) for char in (" ", "a", "▀", "▄", "█") for style in STYLES]
DEPTHS = list(ColorDepth)


@st.composite
def frame_pairs(draw: st.DrawFn) -> tuple[Frame, Frame]:
    width = draw(st.integers(1, 12))
    height = draw(st.integers(1, 6))
    cells = st.sampled_from(CELLS)
    old = [[draw(cells) for _ in range(width)] for _ in range(height)]
    new = [list(row) for row in old]
    # A few changes, like a game frame, or many, like a scene change.
    for _ in range(draw(st.integers(0, width * height))):
        x, y = draw(st.integers(0, width - 1)), draw(st.integers(0, height - 1))
        new[y][x] = draw(cells)
    return Frame(tuple(map(tuple, old))), Frame(tuple(map(tuple, new)))


# ---------------------------------------------------------------- tests


class TestScreenModes:
    def test_enter_screen_switches_to_alternate_screen_hides_cursor_and_stops_wrap(self) -> None:
        sequence = enter_screen()
        for mode in (ALT_SCREEN_ON, CURSOR_HIDE, WRAP_OFF):
            assert mode in sequence
        assert sequence.index(ALT_SCREEN_ON) < sequence.index(CURSOR_HIDE)

    def test_leave_screen_undoes_each_mode_in_reverse_order(self) -> None:
        sequence = leave_screen()
        positions = [sequence.index(mode) for mode in (WRAP_ON, CURSOR_SHOW, ALT_SCREEN_OFF)]
        assert positions == sorted(positions)

    def test_leave_screen_first_ends_a_frame_left_half_written(self) -> None:
        assert leave_screen().startswith(SYNC_END)

    def test_enter_then_leave_restores_every_private_mode(self) -> None:
        screen = Screen(4, 2)
        screen.feed(enter_screen())
        assert screen.modes == {"1049": True, "25": False, "7": False}
        screen.feed(leave_screen())
        assert screen.modes == {"1049": False, "25": True, "7": True, "2026": False}
        assert screen.attr == (None, None, False)


class TestDiffFrames:
    @settings(max_examples=300, deadline=None)
    @given(pair=frame_pairs(), depth=st.sampled_from(DEPTHS))
    def test_diff_applied_to_previous_screen_gives_new_frame(
        self, pair: tuple[Frame, Frame], depth: ColorDepth
    ) -> None:
        old, new = pair
        screen = Screen(old.width, old.height)
        screen.feed(diff_frames(None, old, depth))
        assert_shows(screen, old, depth)
        screen.feed(diff_frames(old, new, depth))
        assert_shows(screen, new, depth)

    @settings(max_examples=100, deadline=None)
    @given(pair=frame_pairs())
    def test_full_repaint_fixes_a_screen_with_anything_on_it(
        self, pair: tuple[Frame, Frame]
    ) -> None:
        junk, frame = pair
        screen = Screen(frame.width, frame.height)
        screen.feed(diff_frames(None, junk, ColorDepth.TRUECOLOR))
        screen.attr = (("rgb", 1, 2, 3), None, True)  # someone left a colour on
        screen.feed(diff_frames(junk, frame, ColorDepth.TRUECOLOR, full=True))
        assert_shows(screen, frame, ColorDepth.TRUECOLOR)

    def test_unchanged_frame_costs_no_bytes_at_all(self) -> None:
        frame = Frame.blank(10, 3, Cell("x", Style(fg=RED)))
        assert diff_frames(frame, frame, ColorDepth.TRUECOLOR) == ""

    def test_output_is_wrapped_in_synchronized_output_markers(self) -> None:
        old = Frame.blank(10, 3)
        canvas = Canvas.from_frame(old)
        canvas.write(4, 1, "o")
        out = diff_frames(old, canvas.freeze())
        assert out.startswith(SYNC_BEGIN)
        assert out.endswith(SYNC_END)
        assert SYNC_BEGIN not in diff_frames(old, canvas.freeze(), sync=False)

    def test_one_changed_cell_costs_a_cursor_move_and_the_character(self) -> None:
        old = Frame.blank(80, 24)
        canvas = Canvas.from_frame(old)
        canvas.write(40, 12, "o")
        out = diff_frames(old, canvas.freeze(), sync=False)
        assert out == "\x1b[13;41Ho"

    def test_colour_is_sent_only_when_it_changes(self) -> None:
        old = Frame.blank(20, 1)
        canvas = Canvas.from_frame(old)
        canvas.write(2, 0, "aaaa", Style(fg=RED))
        canvas.write(10, 0, "bb", Style(fg=RED))
        out = diff_frames(old, canvas.freeze(), ColorDepth.TRUECOLOR, sync=False)
        assert out.count("38;2;255;0;0") == 1

    def test_short_gaps_are_rewritten_instead_of_jumped(self) -> None:
        old = Frame.blank(20, 1)
        canvas = Canvas.from_frame(old)
        canvas.write(2, 0, "a")
        canvas.write(4, 0, "b")
        out = diff_frames(old, canvas.freeze(), sync=False)
        assert out == "\x1b[1;3Ha b"

    def test_long_gaps_are_jumped_with_a_relative_move(self) -> None:
        old = Frame.blank(40, 1)
        canvas = Canvas.from_frame(old)
        canvas.write(2, 0, "a")
        canvas.write(30, 0, "b")
        out = diff_frames(old, canvas.freeze(), sync=False)
        assert out == "\x1b[1;3Ha\x1b[27Cb"

    def test_next_row_same_column_uses_a_short_relative_move(self) -> None:
        old = Frame.blank(40, 5)
        canvas = Canvas.from_frame(old)
        canvas.write(30, 2, "a")
        canvas.write(31, 3, "b")
        out = diff_frames(old, canvas.freeze(), sync=False)
        assert out == "\x1b[3;31Ha\x1b[Bb"

    def test_size_change_repaints_everything(self) -> None:
        old = Frame.blank(10, 3)
        new = Frame.blank(12, 4, Cell("#"))
        screen = Screen(12, 4)
        screen.feed(diff_frames(old, new))
        assert_shows(screen, new, ColorDepth.NONE)

    def test_without_colour_no_colour_code_is_ever_sent(self) -> None:
        old = Frame.blank(10, 2)
        new = Frame.blank(10, 2, Cell("█", Style(fg=RED, bg=CYAN, bold=True)))
        out = diff_frames(old, new, ColorDepth.NONE, sync=False)
        assert re.findall(r"\x1b\[([0-9;]*)m", out) == ["1", ""]


class TestDemoOnScreen:
    def test_every_frame_of_a_demo_reaches_the_screen_exactly(self) -> None:
        """A computer-vs-computer match, frame by frame, through the emulator."""
        renderer = TerminalRenderer(ColorDepth.TRUECOLOR, names=("easy", "hard"))
        match = Match(Settings(target_score=2), seed=11)
        left, right = ComputerPlayer(Difficulty.EASY, 1), ComputerPlayer(Difficulty.HARD, 2)
        screen = Screen(60, 20)
        frames = 0
        while not match.over:
            match.advance(left.command(match, Side.LEFT), right.command(match, Side.RIGHT))
            paused = match.tick % 500 < 30  # now and then a pause box comes and goes
            screen.feed(renderer.render(match, (60, 20), message=("paused",) if paused else None))
            frames += 1
            if frames % 97 == 0:
                assert renderer.previous is not None
                assert_shows(screen, renderer.previous, ColorDepth.TRUECOLOR)
        assert renderer.previous is not None
        assert_shows(screen, renderer.previous, ColorDepth.TRUECOLOR)


class TestFrameToAnsi:
    def test_without_colour_it_is_the_plain_text_of_the_frame(self) -> None:
        canvas = Canvas(6, 2)
        canvas.write(0, 0, "ab", Style(fg=RED, bold=True))
        assert frame_to_ansi(canvas.freeze()) == "ab\n"

    def test_with_colour_each_line_ends_plain_and_trailing_spaces_go(self) -> None:
        canvas = Canvas(6, 2)
        canvas.write(0, 0, "ab", Style(fg=RED))
        canvas.write(0, 1, " ", Style(bg=RED))
        lines = frame_to_ansi(canvas.freeze(), ColorDepth.ANSI16).split("\n")
        assert lines == ["\x1b[31mab\x1b[39m", "\x1b[41m \x1b[49m"]


class TestAscii:
    def test_drawing_glyphs_become_ascii_of_the_same_width(self) -> None:
        assert to_ascii("▀▄█┌─┐│└┘·↑↓") == "'.#+-+|++.^v"

    def test_escape_sequences_and_plain_text_pass_through(self) -> None:
        text = "\x1b[?2026h\x1b[3;4H\x1b[38;2;1;2;3mab\x1b[m"
        assert to_ascii(text) == text

    @pytest.mark.parametrize(
        ("encoding", "expected"),
        [("utf-8", False), ("UTF8", False), ("utf_8", False), ("utf-16-le", False),
         ("ascii", True), ("ANSI_X3.4-1968", True), ("cp1252", True), ("latin-1", True),
         (None, True), ("", True)],
    )  # fmt: skip
    def test_wants_ascii_unless_the_encoding_is_a_unicode_one(
        self, encoding: str | None, expected: bool
    ) -> None:
        assert wants_ascii(encoding) is expected

    def test_an_ascii_renderer_writes_only_ascii_and_still_reaches_the_screen(self) -> None:
        renderer = TerminalRenderer(ColorDepth.ANSI16, ascii=True)
        match = Match(Settings(), seed=2)
        screen = Screen(40, 12)
        for _ in range(120):
            match.advance(Command.STAY, Command.DOWN)
            out = renderer.render(match, (40, 12), message=("paused",))
            assert out.isascii()
            screen.feed(out)
        assert renderer.previous is not None
        assert screen.lines() == [to_ascii(line) for line in renderer.previous.lines()]
