"""The character grid: an immutable :class:`Frame` of cells, built on a mutable :class:`Canvas`.

A frame is what one terminal screen shows: ``height`` rows of ``width`` cells, each
one character of display width 1 with a :class:`~mygame.draw.Style`. Frames compare
by value, so the diff renderer can tell unchanged rows apart with one comparison.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mygame.draw._color import PLAIN, Style
from mygame.draw._errors import DrawError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = ["BLANK", "Canvas", "Cell", "Frame"]

_WIDE = frozenset({"W", "F"})
_REPLACEMENT = "?"
_BOX = {"tl": "┌", "tr": "┐", "bl": "└", "br": "┘", "h": "─", "v": "│"}
_BOX_PADDING = 2  # a border and a space on each side of the text


def _is_single_cell(char: str) -> bool:
    """Whether ``char`` is one printable character that takes exactly one column."""
    return (
        len(char) == 1
        and char.isprintable()
        and unicodedata.east_asian_width(char) not in _WIDE
        and not unicodedata.combining(char)
    )


@dataclass(frozen=True, slots=True)
class Cell:
    """One terminal cell: a printable character one column wide, and its style."""

    char: str = " "
    style: Style = PLAIN

    def __post_init__(self) -> None:
        """Reject anything that would not take exactly one column on a terminal."""
        if not _is_single_cell(self.char):
            msg = f"a cell holds one printable, single-width character, not {self.char!r}"
            raise DrawError(msg)


BLANK = Cell()
"""A space in the terminal's own colours."""


@dataclass(frozen=True, slots=True)
class Frame:
    """An immutable screen of cells: ``rows[y][x]``, every row the same width.

    >>> Frame.blank(3, 2).width, Frame.blank(3, 2).height
    (3, 2)
    """

    rows: tuple[tuple[Cell, ...], ...]

    def __post_init__(self) -> None:
        """Reject empty frames and ragged rows."""
        if not self.rows or not self.rows[0]:
            msg = "a frame needs at least one row and one column"
            raise DrawError(msg)
        width = len(self.rows[0])
        if any(len(row) != width for row in self.rows):
            msg = f"every row of a frame must be {width} cells wide"
            raise DrawError(msg)

    @classmethod
    def blank(cls, width: int, height: int, cell: Cell = BLANK) -> Frame:
        """Return a frame of ``width`` x ``height`` copies of ``cell``."""
        _check_size(width, height)
        row = (cell,) * width
        return cls((row,) * height)

    @property
    def width(self) -> int:
        """Columns."""
        return len(self.rows[0])

    @property
    def height(self) -> int:
        """Rows."""
        return len(self.rows)

    @property
    def size(self) -> tuple[int, int]:
        """``(width, height)``, in the order of ``shutil.get_terminal_size()``."""
        return (self.width, self.height)

    def cell(self, x: int, y: int) -> Cell:
        """Return the cell at column ``x``, row ``y`` (both from 0)."""
        return self.rows[y][x]

    def lines(self) -> list[str]:
        """Each row's characters, exactly ``width`` long, without styles."""
        return ["".join(cell.char for cell in row) for row in self.rows]

    def text(self) -> str:
        """Return the frame as plain text: rows joined by newlines, trailing spaces removed."""
        return "\n".join(line.rstrip() for line in self.lines())


def _check_size(width: int, height: int) -> None:
    if width < 1 or height < 1:
        msg = f"size {width}x{height} is too small: use at least 1x1"
        raise DrawError(msg)


@functools.lru_cache(maxsize=4096)
def _text_cell(char: str, style: Style) -> Cell:
    """Return the cell showing ``char`` (``?`` if not single-width) in ``style``.

    Cached, so text that stays put is the same objects from frame to frame and the
    diff renderer compares its rows by identity.
    """
    return Cell(char if _is_single_cell(char) else _REPLACEMENT, style)


class Canvas:
    """A mutable grid of cells to draw on; :meth:`freeze` turns it into a :class:`Frame`.

    Everything drawn is clipped to the canvas, so callers need not check bounds.
    """

    __slots__ = ("height", "rows", "width")

    def __init__(self, width: int, height: int, fill: Cell = BLANK) -> None:
        """Start with ``width`` x ``height`` copies of ``fill``."""
        _check_size(width, height)
        self.width: int = width
        self.height: int = height
        self.rows: list[list[Cell]] = [[fill] * width for _ in range(height)]

    @classmethod
    def from_frame(cls, frame: Frame) -> Canvas:
        """Return a canvas holding a copy of ``frame``, to draw over it."""
        canvas = cls(frame.width, frame.height)
        canvas.rows = [list(row) for row in frame.rows]
        return canvas

    def freeze(self) -> Frame:
        """Return the canvas as it is now, as an immutable frame."""
        return Frame(tuple(tuple(row) for row in self.rows))

    def put(self, x: int, y: int, cell: Cell) -> None:
        """Set one cell (ignored outside the canvas)."""
        if 0 <= x < self.width and 0 <= y < self.height:
            self.rows[y][x] = cell

    def fill(self, x0: int, y0: int, x1: int, y1: int, cell: Cell) -> None:
        """Fill the cells with ``x0 <= x < x1`` and ``y0 <= y < y1``."""
        x0, x1 = max(0, x0), min(self.width, x1)
        for y in range(max(0, y0), min(self.height, y1)):
            self.rows[y][x0:x1] = [cell] * max(0, x1 - x0)

    def write(self, x: int, y: int, text: str, style: Style = PLAIN) -> None:
        """Write ``text`` from column ``x`` of row ``y``, clipped to the canvas.

        Characters that do not take exactly one column (controls, wide or combining
        characters) are shown as ``?``, so untrusted text cannot break the grid.
        """
        if not 0 <= y < self.height:
            return
        row = self.rows[y]
        for offset, char in enumerate(text):
            column = x + offset
            if 0 <= column < self.width:
                row[column] = _text_cell(char, style)

    def write_centered(
        self, y: int, text: str, style: Style = PLAIN, *, left: int = 0, right: int | None = None
    ) -> None:
        """Write ``text`` centred between columns ``left`` and ``right`` (default: full row)."""
        right = self.width if right is None else right
        self.write(left + (right - left - len(text)) // 2, y, text, style)

    def message_box(self, lines: Sequence[str], style: Style = PLAIN) -> None:
        """Draw ``lines`` centred in a bordered box in the middle of the canvas.

        Lines too long for the canvas are cut; the box never leaves the canvas.
        """
        inner = min(max((len(line) for line in lines), default=0), self.width - 2 * _BOX_PADDING)
        inner = max(inner, 0)
        box_width = inner + 2 * _BOX_PADDING
        box_height = len(lines) + 2
        x0 = (self.width - box_width) // 2
        y0 = (self.height - box_height) // 2
        blank = Cell(" ", style)
        self.fill(x0, y0, x0 + box_width, y0 + box_height, blank)
        horizontal = _BOX["h"] * (box_width - 2)
        self.write(x0, y0, _BOX["tl"] + horizontal + _BOX["tr"], style)
        self.write(x0, y0 + box_height - 1, _BOX["bl"] + horizontal + _BOX["br"], style)
        for offset, line in enumerate(lines, start=1):
            self.write(x0, y0 + offset, _BOX["v"], style)
            self.write(x0 + box_width - 1, y0 + offset, _BOX["v"], style)
            text = line[:inner]
            self.write(x0 + _BOX_PADDING + (inner - len(text)) // 2, y0 + offset, text, style)

    def paste_rows(self, y: int, rows: Iterable[Sequence[Cell]]) -> None:
        """Replace whole rows from row ``y`` down with ``rows`` (each cut or kept to width)."""
        for offset, row in enumerate(rows):
            if 0 <= y + offset < self.height:
                cells = list(row[: self.width])
                self.rows[y + offset][: len(cells)] = cells
