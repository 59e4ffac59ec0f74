"""The half-block rasteriser: two square-ish pixels per terminal cell, stacked vertically.

A terminal cell is about twice as tall as it is wide, so splitting it into a top and a
bottom pixel with ``▀`` ``▄`` ``█`` gives square pixels and twice the vertical
resolution. Two pixels of different colours share a cell as ``▀`` drawn in the top
colour on a background of the bottom colour; without colour, any lit pixel is lit.

Pixels hold small integers ("inks"): 0 is the background, ``n`` is ``palette[n - 1]``.
Integers keep rasterising a full screen fast enough for 60 frames per second.
"""

from __future__ import annotations

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


class PixelGrid:
    """A ``width`` x ``height`` grid of pixels that becomes ``ceil(height / 2)`` rows of cells.

    >>> grid = PixelGrid(3, 2)
    >>> grid.fill(0, 0, 1, 1, 1)  # top-left pixel
    >>> grid.fill(2, 0, 3, 2, 1)  # right column, both pixels
    >>> "".join(cell.char for cell in grid.cells([None])[0])
    '▀ █'
    """

    __slots__ = ("height", "pixels", "width")

    def __init__(self, width: int, height: int) -> None:
        """Start with every pixel at ink 0, the background."""
        if width < 1 or height < 1:
            msg = f"pixel grid {width}x{height} is too small: use at least 1x1"
            raise DrawError(msg)
        self.width = width
        self.height = height
        self.pixels: list[list[int]] = [[0] * width for _ in range(height)]

    def fill(self, x0: int, y0: int, x1: int, y1: int, ink: int) -> None:
        """Set the pixels with ``x0 <= x < x1`` and ``y0 <= y < y1`` to ``ink`` (clipped)."""
        x0, x1 = max(0, x0), min(self.width, x1)
        if x1 <= x0:
            return
        run = [ink] * (x1 - x0)
        for y in range(max(0, y0), min(self.height, y1)):
            self.pixels[y][x0:x1] = run

    def cells(
        self, palette: Sequence[Color | None], background: Color | None = None
    ) -> list[list[Cell]]:
        """Return the grid as rows of half-block cells; ink ``n`` is drawn in ``palette[n - 1]``.

        ``None`` in the palette means the terminal's foreground colour, and a palette of
        only ``None`` draws monochrome. ``background`` colours the unlit half of cells.
        """
        table = _cell_table(palette, background)
        stride = len(palette) + 1
        rows: list[list[Cell]] = []
        pixels = self.pixels
        for y in range(0, self.height, 2):
            top = pixels[y]
            if y + 1 < self.height:
                rows.append(
                    [table[t * stride + b] for t, b in zip(top, pixels[y + 1], strict=True)]
                )
            else:
                rows.append([table[t * stride] for t in top])
        return rows


def _cell_table(palette: Sequence[Color | None], background: Color | None) -> list[Cell]:
    """Every (top ink, bottom ink) pair's cell, at index ``top * stride + bottom``."""
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
