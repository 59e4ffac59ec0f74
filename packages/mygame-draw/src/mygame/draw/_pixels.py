"""The half-block rasteriser: two square-ish pixels per terminal cell, stacked vertically.

A terminal cell is about twice as tall as it is wide, so splitting it into a top and a
bottom pixel with ``▀`` ``▄`` ``█`` gives square pixels and twice the vertical
resolution. Two pixels of different colours share a cell as ``▀`` drawn in the top
colour on a background of the bottom colour; without colour, any lit pixel is lit.

Pixels hold small integers ("inks"): 0 is the background, ``n`` is ``palette[n - 1]``.
The grid keeps the rectangles it is given (a display list) rather than every pixel, and
only works out the cells they touch: a pong screen is mostly background, and this is
what makes drawing a frame cheap enough for 60 frames per second. Cells come from one
table per palette, shared between frames, so unchanged cells are the *same* objects
from frame to frame and the diff renderer compares rows at C speed.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from mygame.draw._color import Color, Style
from mygame.draw._errors import DrawError
from mygame.draw._frame import Cell

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["FULL_BLOCK", "LOWER_HALF", "UPPER_HALF", "PixelGrid"]

UPPER_HALF = "▀"
LOWER_HALF = "▄"
FULL_BLOCK = "█"

_Fill = tuple[int, int, int, int, int, int]  # x0, x1, y0, y1, ink, step: clipped, non-empty
_RowFill = tuple[int, int, bool, bool, int]  # x0, x1, lights top pixel, lights bottom, ink


class PixelGrid:
    """A ``width`` x ``height`` grid of pixels that becomes ``ceil(height / 2)`` rows of cells.

    >>> grid = PixelGrid(3, 2)
    >>> grid.fill(0, 0, 1, 1, 1)  # top-left pixel
    >>> grid.fill(2, 0, 3, 2, 1)  # right column, both pixels
    >>> "".join(cell.char for cell in grid.cells([None])[0])
    '▀ █'
    """

    __slots__ = ("_fills", "height", "width")

    def __init__(self, width: int, height: int) -> None:
        """Start with every pixel at ink 0, the background."""
        if width < 1 or height < 1:
            msg = f"pixel grid {width}x{height} is too small: use at least 1x1"
            raise DrawError(msg)
        self.width = width
        self.height = height
        self._fills: list[_Fill] = []

    def fill(self, x0: int, y0: int, x1: int, y1: int, ink: int, *, step: int = 1) -> None:
        """Set the pixels with ``x0 <= x < x1`` and ``y0 <= y < y1`` to ``ink`` (clipped).

        With ``step``, only every ``step``-th pixel row from ``y0`` is set (dashed lines).
        Later fills cover earlier ones.
        """
        if step < 1:
            msg = f"fill step {step!r} is not allowed: use 1 or more"
            raise DrawError(msg)
        if y0 < 0:  # clip to the first row of the pattern inside the grid
            y0 -= (y0 // step) * step
        x0, x1 = max(0, x0), min(self.width, x1)
        y1 = min(self.height, y1)
        if x0 < x1 and y0 < y1:
            self._fills.append((x0, x1, y0, y1, ink, step))

    @property
    def pixels(self) -> list[list[int]]:
        """Every pixel's ink, row by row (for inspection; drawing never needs it)."""
        grid = [[0] * self.width for _ in range(self.height)]
        for x0, x1, y0, y1, ink, step in self._fills:
            for y in range(y0, y1, step):
                grid[y][x0:x1] = [ink] * (x1 - x0)
        return grid

    def copy(self) -> PixelGrid:
        """Return a grid with the same pixels, to draw more on without touching this one."""
        grid = PixelGrid(self.width, self.height)
        grid._fills = self._fills.copy()
        return grid

    def cells(
        self, palette: Sequence[Color | None], background: Color | None = None
    ) -> list[list[Cell]]:
        """Return the grid as rows of half-block cells; ink ``n`` is drawn in ``palette[n - 1]``.

        ``None`` in the palette means the terminal's foreground colour, and a palette of
        only ``None`` draws monochrome. ``background`` colours the unlit half of cells.
        """
        table = _cell_table(tuple(palette), background)
        stride = len(palette) + 1
        rows = (self.height + 1) // 2
        touching: list[list[_Fill]] = [[] for _ in range(rows)]
        for fill in self._fills:
            for row in range(fill[2] // 2, (fill[3] + 1) // 2):
                touching[row].append(fill)
        blank = [table[0]] * self.width
        # Rows touched the same way (most rows: only the centre line) are worked out once.
        done: dict[tuple[_RowFill, ...], list[Cell]] = {(): blank}
        result: list[list[Cell]] = []
        for row, fills in enumerate(touching):
            key = _row_key(fills, 2 * row)
            cells = done.get(key)
            if cells is None:
                cells = blank.copy()
                _draw_row(cells, key, table, stride)
                done[key] = cells
            result.append(cells.copy())
        return result

    def row(
        self, index: int, palette: Sequence[Color | None], background: Color | None = None
    ) -> list[Cell]:
        """Return cell row ``index`` alone, as :meth:`cells` would (to redraw a few rows)."""
        table = _cell_table(tuple(palette), background)
        top_y = 2 * index
        fills = [f for f in self._fills if f[2] <= top_y + 1 and f[3] > top_y]
        cells = [table[0]] * self.width
        _draw_row(cells, _row_key(fills, top_y), table, len(palette) + 1)
        return cells


def _row_key(fills: list[_Fill], top_y: int) -> tuple[_RowFill, ...]:
    """Return what ``fills`` do to the cell row whose top pixel row is ``top_y``."""
    return tuple(
        (
            x0,
            x1,
            y0 <= top_y < y1 and (top_y - y0) % step == 0,
            y0 <= top_y + 1 < y1 and (top_y + 1 - y0) % step == 0,
            ink,
        )
        for x0, x1, y0, y1, ink, step in fills
    )


def _draw_row(
    cells: list[Cell],
    fills: tuple[_RowFill, ...],
    table: list[Cell],
    stride: int,
) -> None:
    """Set the cells of one row that ``fills`` touch, from its two pixel rows' inks.

    Each fill is ``(x0, x1, lights top pixel, lights bottom pixel, ink)``. Works span by
    span (the merged x-ranges of the fills), with slice assignments, so a row costs
    about as much as the cells it changes.
    """
    for start, end in _merged_spans(fills):
        width = end - start
        top = [0] * width
        bottom = [0] * width
        for x0, x1, lights_top, lights_bottom, ink in fills:
            if x1 <= start or x0 >= end:
                continue
            run = [ink] * (x1 - x0)
            if lights_top:
                top[x0 - start : x1 - start] = run
            if lights_bottom:
                bottom[x0 - start : x1 - start] = run
        cells[start:end] = [table[t * stride + b] for t, b in zip(top, bottom, strict=True)]


def _merged_spans(fills: tuple[_RowFill, ...]) -> list[tuple[int, int]]:
    """Return the x-ranges ``fills`` cover, overlapping ones merged, left to right."""
    spans: list[tuple[int, int]] = []
    for x0, x1, *_ in sorted(fills):
        if spans and x0 <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], x1))
        else:
            spans.append((x0, x1))
    return spans


@functools.lru_cache(maxsize=16)
def _cell_table(palette: tuple[Color | None, ...], background: Color | None) -> list[Cell]:
    """Every (top ink, bottom ink) pair's cell, at index ``top * stride + bottom``.

    Cached: the same palette gives the same cell objects, frame after frame.
    """
    inks: list[Color | None] = [None, *palette]
    return [
        _cell_for(top, bottom, inks, background)
        for top in range(len(inks))
        for bottom in range(len(inks))
    ]


def _cell_for(top: int, bottom: int, inks: list[Color | None], background: Color | None) -> Cell:
    if top == 0 and bottom == 0:
        return Cell(" ", Style(bg=background))
    if bottom == 0:
        return Cell(UPPER_HALF, Style(fg=inks[top], bg=background))
    if top == 0:
        return Cell(LOWER_HALF, Style(fg=inks[bottom], bg=background))
    if inks[top] == inks[bottom]:
        return Cell(FULL_BLOCK, Style(fg=inks[top], bg=background))
    # Two colours in one cell: the top one as foreground, the bottom one as background.
    # A terminal-default (None) bottom cannot be a background colour: flip the glyph.
    if inks[bottom] is None:
        return Cell(LOWER_HALF, Style(fg=None, bg=inks[top]))
    return Cell(UPPER_HALF, Style(fg=inks[top], bg=inks[bottom]))
