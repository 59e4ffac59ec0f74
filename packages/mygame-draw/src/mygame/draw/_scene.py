"""What a picture shows (:class:`Scene`), in which colours (:class:`Theme`), laid out as a frame.

A scene is the drawable part of a game, in field units: it decouples every renderer
from the engine's own types. :func:`draw_frame` lays a scene out on a terminal of
any size: the score on the top row, the field (walls, centre line, paddles, ball)
scaled to fill the rows between with half-block pixels, a status line at the bottom,
and an optional message box in the middle.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mygame.draw._color import Color, Style
from mygame.draw._errors import DrawError
from mygame.draw._frame import Canvas, Cell, Frame
from mygame.draw._pixels import PixelGrid

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "DEFAULT_THEME",
    "MIN_COLUMNS",
    "MIN_ROWS",
    "MONOCHROME",
    "Rect",
    "Scene",
    "Theme",
    "draw_frame",
    "fits",
]

MIN_COLUMNS = 32
"""The narrowest terminal a game is drawn on; smaller ones get a "too small" notice."""
MIN_ROWS = 10
"""The lowest terminal a game is drawn on: the score, 8 rows of field, the status line."""

_CHROME_ROWS = 2  # the score row above the field and the status row below it
_WALL, _NET, _LEFT, _RIGHT, _BALL = 1, 2, 3, 4, 5  # pixel inks, indices into the palette


@dataclass(frozen=True, slots=True)
class Rect:
    """An axis-aligned rectangle in field units: top-left corner ``(x, y)``, y grows down."""

    x: float
    y: float
    width: float
    height: float

    @property
    def center(self) -> tuple[float, float]:
        """The centre point."""
        return (self.x + self.width / 2, self.y + self.height / 2)


@dataclass(frozen=True, slots=True)
class Scene:
    """Everything a picture of a game shows, independent of the engine's own types.

    ``ball`` is None between points (nothing in play). ``message`` lines appear in a
    centred box (paused, match over); ``status`` is the bottom line (hints).
    """

    field_width: float
    field_height: float
    left_paddle: Rect
    right_paddle: Rect
    ball: Rect | None
    score: tuple[int, int] = (0, 0)
    names: tuple[str, str] = ("", "")
    status: str = ""
    message: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        """Reject a field without area and shapes at positions that are not numbers."""
        if not (0 < self.field_width < math.inf and 0 < self.field_height < math.inf):
            msg = (
                f"field {self.field_width}x{self.field_height} cannot be drawn: "
                "width and height must be positive and finite"
            )
            raise DrawError(msg)
        for name in ("left_paddle", "right_paddle", "ball"):
            rect = getattr(self, name)
            if rect is not None and not all(
                map(math.isfinite, (rect.x, rect.y, rect.width, rect.height))
            ):
                msg = f"{name} {rect} cannot be drawn: every coordinate must be a finite number"
                raise DrawError(msg)


@dataclass(frozen=True, slots=True)
class Theme:
    """The colours of a picture; None is the terminal's own colour (black/white in SVG)."""

    background: Color | None = None
    wall: Color | None = None
    net: Color | None = None
    left: Color | None = None
    right: Color | None = None
    ball: Color | None = None
    score: Color | None = None
    status: Color | None = None
    box: Color | None = None
    box_background: Color | None = None

    @property
    def palette(self) -> tuple[Color | None, ...]:
        """The colours of the pixel inks, in ink order."""
        return (self.wall, self.net, self.left, self.right, self.ball)


DEFAULT_THEME = Theme(
    background=None,
    wall=Color(170, 170, 170, ansi=7),
    net=Color(120, 120, 120, ansi=8),
    left=Color(80, 200, 255, ansi=14),
    right=Color(255, 120, 200, ansi=13),
    ball=Color(255, 220, 80, ansi=11),
    score=Color(255, 255, 255, ansi=15),
    status=Color(170, 170, 170, ansi=7),
    box=Color(255, 255, 255, ansi=15),
    box_background=Color(30, 60, 140, ansi=4),
)
"""Cyan left paddle, pink right paddle, yellow ball, on the terminal's background."""

MONOCHROME = Theme()
"""No colour at all: the terminal's foreground on its background (for ``NO_COLOR``)."""


def fits(size: tuple[int, int]) -> bool:
    """Whether a terminal of ``(columns, rows)`` is big enough to draw a game on."""
    columns, rows = size
    return columns >= MIN_COLUMNS and rows >= MIN_ROWS


def draw_frame(scene: Scene, size: tuple[int, int], theme: Theme = DEFAULT_THEME) -> Frame:
    """Lay ``scene`` out on a terminal of ``(columns, rows)`` and return the frame.

    The field is stretched to fill the terminal, with two pixels per cell vertically.
    A terminal smaller than :data:`MIN_COLUMNS` x :data:`MIN_ROWS` gets a frame that
    says so instead.
    """
    columns, rows = size
    if not fits(size):
        canvas = Canvas(columns, rows)
        _draw_too_small(canvas)
        return canvas.freeze()
    field_rows = rows - _CHROME_ROWS
    # Walls and centre line never move: their rows are drawn once per size and theme,
    # and only the rows the paddles and the ball touch are drawn again.
    base, base_rows = _field_base(columns, 2 * field_rows, theme)
    grid = base.copy()
    touched: set[int] = set()
    for x0, x1, y0, y1, ink in _moving_shapes(scene, grid.width, grid.height):
        grid.fill(x0, y0, x1, y1, ink)
        touched.update(range(y0 // 2, (y1 + 1) // 2))
    field = list(base_rows)
    for row in touched:
        field[row] = tuple(grid.row(row, theme.palette, theme.background))
    frame = Frame(
        (
            _score_row(columns, scene.score, scene.names, theme),
            *field,
            _status_row(columns, scene.status, theme),
        )
    )
    if not scene.message:
        return frame
    canvas = Canvas.from_frame(frame)
    canvas.message_box(scene.message, Style(fg=theme.box, bg=theme.box_background, bold=True))
    return canvas.freeze()


@functools.lru_cache(maxsize=8)
def _field_base(
    columns: int, pixel_rows: int, theme: Theme
) -> tuple[PixelGrid, tuple[tuple[Cell, ...], ...]]:
    """Return the field's still parts (walls, centre line) as pixels and as cell rows.

    Cached per size and theme; the grid is shared, so callers draw on a copy.
    """
    grid = PixelGrid(columns, pixel_rows)
    grid.fill(0, 0, columns, 1, _WALL)
    grid.fill(0, pixel_rows - 1, columns, pixel_rows, _WALL)
    net_x = columns // 2
    grid.fill(net_x, 2, net_x + 1, pixel_rows - 2, _NET, step=2)  # a pixel from each wall
    rows = tuple(tuple(row) for row in grid.cells(theme.palette, theme.background))
    return grid, rows


def _moving_shapes(scene: Scene, width: int, height: int) -> list[tuple[int, int, int, int, int]]:
    """Return ``(x0, x1, y0, y1, ink)`` pixel rectangles of the paddles and the ball."""
    scale_x = width / scene.field_width
    scale_y = (height - 2) / scene.field_height  # the field lies between the two walls
    shapes: list[tuple[Rect, int]] = [(scene.left_paddle, _LEFT), (scene.right_paddle, _RIGHT)]
    if scene.ball is not None:
        shapes.append((scene.ball, _BALL))
    result = []
    for rect, ink in shapes:
        x0, x1 = _span(rect.x, rect.width, scale_x, 0, width)
        y0, y1 = _span(rect.y, rect.height, scale_y, 1, height - 1)
        result.append((x0, x1, y0, y1, ink))
    return result


def _span(start: float, length: float, scale: float, low: int, high: int) -> tuple[int, int]:
    """Return the pixels ``[a, b)`` of a segment: a constant size (at least 1), kept inside."""
    size = min(max(1, round(length * scale)), high - low)
    center = (start + length / 2) * scale + low
    first = round(center - size / 2)
    first = min(max(first, low), high - size)
    return first, first + size


@functools.lru_cache(maxsize=64)
def _score_row(
    columns: int, score: tuple[int, int], names: tuple[str, str], theme: Theme
) -> tuple[Cell, ...]:
    """Return the top row: each score centred over its half, the names at the edges."""
    canvas = Canvas(columns, 1)
    half = columns // 2
    style = Style(fg=theme.score, bold=True)
    left, right = score
    canvas.write_centered(0, str(left), style, right=half)
    canvas.write_centered(0, str(right), style, left=half)
    name_style = Style(fg=theme.status)
    left_name, right_name = names
    canvas.write(1, 0, left_name[: half // 2 - 2], name_style)
    right_name = right_name[: half // 2 - 2]
    canvas.write(columns - 1 - len(right_name), 0, right_name, name_style)
    return canvas.freeze().rows[0]


@functools.lru_cache(maxsize=64)
def _status_row(columns: int, status: str, theme: Theme) -> tuple[Cell, ...]:
    """Return the bottom row: the status text from the second column."""
    canvas = Canvas(columns, 1)
    canvas.write(1, 0, status, Style(fg=theme.status))
    return canvas.freeze().rows[0]


def _draw_too_small(canvas: Canvas) -> None:
    lines: Sequence[str] = (
        "terminal too small",
        f"need {MIN_COLUMNS}x{MIN_ROWS}",
        f"have {canvas.width}x{canvas.height}",
    )
    top = (canvas.height - len(lines)) // 2
    for offset, line in enumerate(lines):
        canvas.write_centered(top + offset, line[: canvas.width])
