"""Tests of the half-block rasteriser: which glyph and colours each pixel pair becomes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mygame.draw import Cell, Color, DrawError, Style
from mygame.draw._pixels import PixelGrid

RED = Color(255, 0, 0, ansi=1)
BLUE = Color(0, 0, 255, ansi=4)
BACK = Color(0, 40, 0, ansi=2)


def cell_of(top: int, bottom: int, palette: list[Color | None], back: Color | None = None) -> Cell:
    grid = PixelGrid(1, 2)
    grid.fill(0, 0, 1, 1, top)
    grid.fill(0, 1, 1, 2, bottom)
    return grid.cells(palette, back)[0][0]


class TestHalfBlocks:
    def test_two_unlit_pixels_are_a_space_on_the_background(self) -> None:
        assert cell_of(0, 0, [RED], BACK) == Cell(" ", Style(bg=BACK))

    def test_a_lit_top_pixel_is_an_upper_half_block(self) -> None:
        assert cell_of(1, 0, [RED], BACK) == Cell("▀", Style(fg=RED, bg=BACK))

    def test_a_lit_bottom_pixel_is_a_lower_half_block(self) -> None:
        assert cell_of(0, 1, [RED]) == Cell("▄", Style(fg=RED))

    def test_two_pixels_of_one_colour_are_a_full_block(self) -> None:
        assert cell_of(1, 1, [RED]) == Cell("█", Style(fg=RED))

    def test_two_colours_share_a_cell_as_foreground_over_background(self) -> None:
        assert cell_of(1, 2, [RED, BLUE]) == Cell("▀", Style(fg=RED, bg=BLUE))

    def test_a_default_colour_below_a_colour_flips_the_glyph(self) -> None:
        # The terminal's default foreground cannot be named as a background colour.
        assert cell_of(1, 2, [RED, None]) == Cell("▄", Style(fg=None, bg=RED))

    def test_without_colour_any_two_lit_pixels_are_a_full_block(self) -> None:
        assert cell_of(1, 2, [None, None]) == Cell("█")

    def test_odd_height_leaves_the_last_bottom_half_unlit(self) -> None:
        grid = PixelGrid(2, 3)
        grid.fill(0, 0, 2, 3, 1)
        rows = grid.cells([None])
        assert ["".join(c.char for c in row) for row in rows] == ["██", "▀▀"]


class TestPixelGrid:
    def test_fill_is_clipped_to_the_grid(self) -> None:
        grid = PixelGrid(3, 2)
        grid.fill(-5, -5, 1, 9, 1)
        grid.fill(2, 0, 1, 2, 1)  # empty: right before left
        assert grid.pixels == [[1, 0, 0], [1, 0, 0]]

    def test_dashed_fill_keeps_its_pattern_when_clipped_at_the_top(self) -> None:
        grid = PixelGrid(1, 6)
        grid.fill(0, -3, 1, 6, 1, step=2)  # rows -3, -1, 1, 3, 5
        assert [row[0] for row in grid.pixels] == [0, 1, 0, 1, 0, 1]
        assert "".join(row[0].char for row in grid.cells([None])) == "▄▄▄"

    def test_a_step_below_one_is_refused(self) -> None:
        with pytest.raises(DrawError, match="use 1 or more"):
            PixelGrid(1, 1).fill(0, 0, 1, 1, 1, step=0)

    @pytest.mark.parametrize(("width", "height"), [(0, 1), (1, 0)])
    def test_empty_grids_are_rejected(self, width: int, height: int) -> None:
        with pytest.raises(DrawError, match="at least 1x1"):
            PixelGrid(width, height)


fills = st.lists(
    st.tuples(
        st.integers(-3, 12),
        st.integers(-3, 12),
        st.integers(-3, 12),
        st.integers(-3, 12),
        st.integers(1, 3),
        st.integers(1, 3),
    ),
    max_size=8,
)


@given(width=st.integers(1, 10), height=st.integers(1, 9), rectangles=fills)
def test_cells_and_single_rows_match_a_pixel_by_pixel_reference(
    width: int, height: int, rectangles: list[tuple[int, int, int, int, int, int]]
) -> None:
    """The sparse rasteriser gives what plain per-pixel half-block rules give."""
    palette: list[Color | None] = [RED, BLUE, None]
    grid = PixelGrid(width, height)
    for x0, y0, x1, y1, ink, step in rectangles:
        grid.fill(x0, y0, x1, y1, ink, step=step)
    pixels = grid.pixels
    padded = [*pixels, [0] * width] if height % 2 else pixels
    reference = [
        [
            cell_of(top, bottom, palette)
            for top, bottom in zip(padded[y], padded[y + 1], strict=True)
        ]
        for y in range(0, len(padded), 2)
    ]
    assert grid.cells(palette) == reference
    assert [grid.row(i, palette) for i in range(len(reference))] == reference
    for x0, y0, x1, y1, _, step in rectangles:  # the pixels themselves
        for y in range(max(0, y0), min(height, y1)):
            lit = (y - y0) % step == 0
            if lit and max(0, x0) < min(width, x1):
                assert pixels[y][max(0, x0)] != 0
