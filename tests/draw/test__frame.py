"""Tests of cells, frames and the canvas they are drawn on."""

from __future__ import annotations

import pytest
from mygame.draw import BLANK, PLAIN, Canvas, Cell, DrawError, Frame, Style

BOLD = Style(bold=True)


class TestCell:
    @pytest.mark.parametrize("char", ["", "ab", "\x1b", "\n", "界", "e\u0301"[1]])
    def test_anything_but_one_single_width_character_is_rejected(self, char: str) -> None:
        with pytest.raises(DrawError, match="single-width character"):
            Cell(char)

    @pytest.mark.parametrize("char", [" ", "a", "▀", "▄", "█", "│", "·"])
    def test_single_width_characters_are_accepted(self, char: str) -> None:
        assert Cell(char).char == char

    def test_default_cell_is_a_plain_space(self) -> None:
        assert Cell() == BLANK == Cell(" ", PLAIN)


class TestFrame:
    def test_blank_frame_has_the_size_asked_for(self) -> None:
        frame = Frame.blank(5, 3)
        assert frame.size == (5, 3)
        assert frame.lines() == ["     "] * 3
        assert frame.cell(4, 2) == BLANK

    def test_ragged_rows_are_rejected(self) -> None:
        with pytest.raises(DrawError, match="must be 2 cells wide"):
            Frame(((BLANK, BLANK), (BLANK,)))

    @pytest.mark.parametrize("rows", [(), ((),)])
    def test_empty_frames_are_rejected(self, rows: tuple[tuple[Cell, ...], ...]) -> None:
        with pytest.raises(DrawError, match="at least one row and one column"):
            Frame(rows)

    @pytest.mark.parametrize(("width", "height"), [(0, 3), (3, 0), (-1, -1)])
    def test_sizes_below_one_by_one_are_rejected(self, width: int, height: int) -> None:
        with pytest.raises(DrawError, match="use at least 1x1"):
            Frame.blank(width, height)

    def test_text_strips_trailing_spaces_but_keeps_every_row(self) -> None:
        canvas = Canvas(6, 3)
        canvas.write(1, 1, "hi")
        assert canvas.freeze().text() == "\n hi\n"

    def test_frames_compare_by_value(self) -> None:
        first, second = Canvas(4, 2), Canvas(4, 2)
        first.write(0, 0, "x", BOLD)
        second.write(0, 0, "x", BOLD)
        assert first.freeze() == second.freeze()
        second.write(0, 0, "x")
        assert first.freeze() != second.freeze()


class TestCanvas:
    def test_writing_is_clipped_at_every_edge(self) -> None:
        canvas = Canvas(4, 2)
        canvas.write(-2, 0, "abcdefgh")
        canvas.write(2, 1, "xyz")
        canvas.write(0, 5, "never")
        canvas.write(0, -1, "never")
        canvas.put(9, 9, Cell("n"))
        canvas.put(3, 0, Cell("p"))
        assert canvas.freeze().lines() == ["cdep", "  xy"]

    def test_untrusted_text_cannot_break_the_grid(self) -> None:
        canvas = Canvas(6, 1)
        canvas.write(0, 0, "a\x1b[界\n")
        assert canvas.freeze().lines() == ["a?[?? "]

    def test_write_centered_centres_in_a_span(self) -> None:
        canvas = Canvas(10, 1)
        canvas.write_centered(0, "ab", left=0, right=4)
        canvas.write_centered(0, "cd")
        assert canvas.freeze().lines() == [" ab cd    "]

    def test_fill_covers_the_half_open_rectangle(self) -> None:
        canvas = Canvas(4, 3)
        canvas.fill(1, 1, 3, 9, Cell("#"))
        assert canvas.freeze().lines() == ["    ", " ## ", " ## "]

    def test_from_frame_copies_and_leaves_the_frame_untouched(self) -> None:
        frame = Frame.blank(3, 1, Cell("."))
        canvas = Canvas.from_frame(frame)
        canvas.write(0, 0, "x")
        assert frame.lines() == ["..."]
        assert canvas.freeze().lines() == ["x.."]

    def test_message_box_is_centred_with_a_border_and_padding(self) -> None:
        canvas = Canvas(16, 6, Cell("."))
        canvas.message_box(["paused", "p: go"], BOLD)
        assert canvas.freeze().lines() == [
            "................",
            "...┌────────┐...",
            "...│ paused │...",
            "...│ p: go  │...",
            "...└────────┘...",
            "................",
        ]
        assert canvas.freeze().cell(5, 2).style == BOLD

    def test_message_box_lines_too_long_are_cut_to_the_canvas(self) -> None:
        canvas = Canvas(10, 3)
        canvas.message_box(["a very long message"])
        assert canvas.freeze().lines() == ["┌────────┐", "│ a very │", "└────────┘"]

    def test_paste_rows_replaces_rows_and_clips(self) -> None:
        canvas = Canvas(3, 2)
        canvas.paste_rows(1, [[Cell("a")] * 5, [Cell("b")] * 3])
        assert canvas.freeze().lines() == ["   ", "aaa"]
