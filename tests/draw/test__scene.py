"""Tests of the layout of a scene on a terminal: score, walls, net, paddles, ball, boxes."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mygame.draw import (
    DEFAULT_THEME,
    MIN_COLUMNS,
    MIN_ROWS,
    MONOCHROME,
    DrawError,
    Frame,
    Rect,
    Scene,
    draw_frame,
    fits,
)

FIELD = (80.0, 48.0)  # the engine's default field: one unit per column at 80 columns


def scene(ball_x: float = 40.0, ball_y: float = 24.0, **kwargs: object) -> Scene:
    """A scene like the engine's default geometry, ball of side 1 centred at (ball_x, ball_y)."""
    values: dict[str, object] = {
        "field_width": FIELD[0],
        "field_height": FIELD[1],
        "left_paddle": Rect(2, 20, 1, 8),
        "right_paddle": Rect(77, 10, 1, 8),
        "ball": Rect(ball_x - 0.5, ball_y - 0.5, 1, 1),
        "score": (3, 11),
    }
    values.update(kwargs)
    return Scene(**values)  # type: ignore[arg-type]


def cells_with_fg(frame: Frame, color: object) -> list[tuple[int, int, str]]:
    return [
        (x, y, cell.char)
        for y, row in enumerate(frame.rows)
        for x, cell in enumerate(row)
        if cell.style.fg == color or (cell.style.bg == color and cell.char != " ")
    ]


class TestLayout:
    def test_score_row_field_walls_and_status_row_at_80_by_24(self) -> None:
        frame = draw_frame(scene(status="q quit"), (80, 24), MONOCHROME)
        lines = frame.lines()
        assert len(lines) == 24
        assert all(len(line) == 80 for line in lines)
        assert lines[0].split() == ["3", "11"]
        assert lines[0].index("3") == 19  # centred in the left half
        assert lines[0].index("11") == 59  # centred in the right half
        assert lines[1] == "▀" * 80  # top wall: the top pixel row
        assert lines[22] == "▄" * 80  # bottom wall: the bottom pixel row
        assert lines[23].rstrip() == " q quit"

    def test_centre_line_is_dashed_down_the_middle(self) -> None:
        lines = draw_frame(scene(ball_x=10), (80, 24), MONOCHROME).lines()
        column = [line[40] for line in lines[2:22]]
        assert set(column) == {"▀"}
        assert all(line[39] == " " for line in lines[2:22] if "█" not in line[36:44])

    def test_paddles_sit_in_their_columns_and_span_their_height(self) -> None:
        frame = draw_frame(scene(), (80, 24), DEFAULT_THEME)
        left = cells_with_fg(frame, DEFAULT_THEME.left)
        right = cells_with_fg(frame, DEFAULT_THEME.right)
        assert {x for x, _, _ in left} == {2}
        assert {x for x, _, _ in right} == {77}
        # 8 units of 48 over 42 pixel rows: 7 pixels, 3.5 to 4 cells tall.
        assert len(left) in (4, 5)
        assert min(y for _, y, _ in right) < min(y for _, y, _ in left)

    def test_names_frame_the_score_row(self) -> None:
        line = draw_frame(scene(names=("you", "computer")), (80, 24)).lines()[0]
        assert line.startswith(" you ")
        assert line.endswith(" computer ")

    def test_ball_moves_by_half_cells_vertically(self) -> None:
        glyphs = []
        for step in range(8):
            # 48 units over 42 pixel rows: each step moves the ball by one pixel.
            frame = draw_frame(scene(30, 20 + step * 48 / 42), (80, 24), DEFAULT_THEME)
            [(_, y, char)] = cells_with_fg(frame, DEFAULT_THEME.ball)
            glyphs.append((y, char))
        assert glyphs == sorted(glyphs, key=lambda g: (g[0], g[1] == "▄"))
        assert {char for _, char in glyphs} == {"▀", "▄"}
        assert len(set(glyphs)) == 8  # every step of one pixel shows

    @given(
        x=st.floats(-10, 90, allow_nan=False),
        y=st.floats(-10, 60, allow_nan=False),
        columns=st.integers(MIN_COLUMNS, 200),
        rows=st.integers(MIN_ROWS, 70),
    )
    def test_ball_is_always_one_cell_inside_the_field(
        self, x: float, y: float, columns: int, rows: int
    ) -> None:
        frame = draw_frame(scene(ball_x=x, ball_y=y), (columns, rows), DEFAULT_THEME)
        ball_rows = {y for _, y, _ in cells_with_fg(frame, DEFAULT_THEME.ball)}
        # One unit is one to two pixels at these sizes: the ball spans one or two rows.
        assert len(ball_rows) in (1, 2)
        assert 1 <= min(ball_rows) <= max(ball_rows) <= rows - 2
        # The walls are never overdrawn: their pixel keeps the wall colour.
        for cell in frame.rows[1]:
            assert cell.char == "▀"
            assert cell.style.fg == DEFAULT_THEME.wall

    def test_no_ball_between_points(self) -> None:
        frame = draw_frame(scene(ball=None), (80, 24), DEFAULT_THEME)
        assert cells_with_fg(frame, DEFAULT_THEME.ball) == []

    def test_monochrome_frames_carry_no_colour_at_all(self) -> None:
        frame = draw_frame(scene(message=("paused",)), (80, 24), MONOCHROME)
        assert all(c.style.fg is None and c.style.bg is None for row in frame.rows for c in row)

    def test_message_box_is_drawn_in_the_middle_over_the_field(self) -> None:
        lines = draw_frame(scene(message=("paused", "p: resume")), (80, 24)).lines()
        tops = [y for y, line in enumerate(lines) if "┌" in line]
        assert tops == [10]
        left, right = lines[10].index("┌"), lines[10].index("┐")
        assert left + right in (78, 79)  # centred
        inside = [line[left + 1 : right].strip() for line in lines[11:13]]
        assert inside == ["paused", "p: resume"]
        assert "└" in lines[13]

    @given(columns=st.integers(1, 250), rows=st.integers(1, 90))
    def test_every_size_gives_a_frame_of_that_size(self, columns: int, rows: int) -> None:
        assert draw_frame(scene(message=("hi",)), (columns, rows)).size == (columns, rows)


class TestTooSmall:
    def test_small_terminal_gets_a_notice_with_both_sizes(self) -> None:
        text = draw_frame(scene(), (MIN_COLUMNS - 1, 12)).text()
        assert "terminal too small" in text
        assert f"need {MIN_COLUMNS}x{MIN_ROWS}" in text
        assert f"have {MIN_COLUMNS - 1}x12" in text

    def test_fits_says_whether_a_game_can_be_drawn(self) -> None:
        assert fits((MIN_COLUMNS, MIN_ROWS))
        assert not fits((MIN_COLUMNS - 1, MIN_ROWS))
        assert not fits((MIN_COLUMNS, MIN_ROWS - 1))

    def test_zero_size_is_an_error_that_says_what_is_accepted(self) -> None:
        with pytest.raises(DrawError, match="use at least 1x1"):
            draw_frame(scene(), (0, 24))


class TestScene:
    @pytest.mark.parametrize(
        ("width", "height"), [(0, 48), (80, 0), (-1, 5), (math.inf, 48), (80, math.nan)]
    )
    def test_a_field_without_finite_area_is_rejected(self, width: float, height: float) -> None:
        with pytest.raises(DrawError, match="must be positive and finite"):
            scene(field_width=width, field_height=height)

    @pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
    def test_shapes_at_positions_that_are_not_numbers_are_rejected(self, value: float) -> None:
        with pytest.raises(DrawError, match=r"ball .* must be a finite number"):
            scene(ball=Rect(value, 1, 1, 1))
        with pytest.raises(DrawError, match=r"left_paddle .* must be a finite number"):
            scene(left_paddle=Rect(1, 1, 1, value))

    def test_rect_centre(self) -> None:
        assert Rect(1, 2, 4, 6).center == (3, 5)
