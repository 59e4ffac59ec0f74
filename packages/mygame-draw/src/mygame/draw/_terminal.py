"""Terminal bytes: the screen modes a game needs, and the diff between two frames.

mygame.draw decides *which* bytes to write; the command line owns the terminal and
writes them (one ``write`` and one ``flush`` per frame). :func:`diff_frames` emits
only the cells that changed, with the shortest cursor moves and colour changes, inside
synchronized-output markers so the terminal shows each frame whole, never half drawn.
"""

from __future__ import annotations

from mygame.draw._color import PLAIN, ColorDepth, Style, sgr_transition
from mygame.draw._frame import Cell, Frame

__all__ = [
    "ALT_SCREEN_OFF",
    "ALT_SCREEN_ON",
    "CLEAR_SCREEN",
    "CURSOR_HIDE",
    "CURSOR_SHOW",
    "RESET_STYLE",
    "SYNC_BEGIN",
    "SYNC_END",
    "WRAP_OFF",
    "WRAP_ON",
    "diff_frames",
    "enter_screen",
    "frame_to_ansi",
    "leave_screen",
    "to_ascii",
    "wants_ascii",
]

ALT_SCREEN_ON = "\x1b[?1049h"
"""Switch to the alternate screen (the shell's screen is kept and comes back later)."""
ALT_SCREEN_OFF = "\x1b[?1049l"
CURSOR_HIDE = "\x1b[?25l"
CURSOR_SHOW = "\x1b[?25h"
WRAP_OFF = "\x1b[?7l"
"""No automatic line wrap: writing the last column never scrolls the screen."""
WRAP_ON = "\x1b[?7h"
SYNC_BEGIN = "\x1b[?2026h"
"""Synchronized output: the terminal holds the screen until :data:`SYNC_END`."""
SYNC_END = "\x1b[?2026l"
RESET_STYLE = "\x1b[0m"
CLEAR_SCREEN = "\x1b[2J"
_HOME = "\x1b[H"
_SHORT_RESET = "\x1b[m"  # the same as RESET_STYLE, one byte less, for every frame

# Rewriting up to this many unchanged cells between two changed runs is never longer
# than the shortest cursor move over them ("ESC [ n C" is at least 3 bytes).
_MAX_GAP = 3


# Every character mygame.draw draws outside ASCII, and a few common in status text, each
# replaced by one ASCII character of the same width: a half block becomes a mark at the
# top or the bottom of the cell, so walls, centre line and ball still read as such.
_ASCII = str.maketrans(
    {
        "▀": "'",
        "▄": ".",
        "█": "#",
        "┌": "+",
        "┐": "+",
        "└": "+",
        "┘": "+",
        "─": "-",
        "│": "|",
        "·": ".",
        "…": ".",
        "—": "-",
        "\N{EN DASH}": "-",
        "↑": "^",
        "↓": "v",
        "←": "<",
        "→": ">",
    }
)
_UNICODE_ENCODINGS = frozenset({"utf8", "utf16", "utf32", "gb18030"})


def to_ascii(text: str) -> str:
    """Return ``text`` (a frame's text or terminal bytes) with ASCII for the drawing glyphs.

    For terminals or files that cannot take UTF-8: ``▀ ▄ █`` become ``' . #``, box lines
    become ``+ - |``. Escape sequences are ASCII already and pass through unchanged.

    >>> to_ascii("▀▄█ ┌─┐")
    "'.# +-+"
    """
    return text.translate(_ASCII)


def wants_ascii(encoding: str | None) -> bool:
    """Return whether output in ``encoding`` (e.g. ``sys.stdout.encoding``) needs :func:`to_ascii`.

    >>> wants_ascii("UTF-8"), wants_ascii("ascii"), wants_ascii("cp1252")
    (False, True, True)
    """
    if not encoding:
        return True
    name = encoding.lower().replace("-", "").replace("_", "")
    return not any(name.startswith(unicode) for unicode in _UNICODE_ENCODINGS)


def enter_screen() -> str:
    """Return the bytes that take over the terminal: alternate screen, hidden cursor, no wrap.

    Undo them with :func:`leave_screen`, which sends the opposites in reverse order.
    """
    return ALT_SCREEN_ON + CURSOR_HIDE + WRAP_OFF + RESET_STYLE + CLEAR_SCREEN


def leave_screen() -> str:
    """Return the bytes that give the terminal back: style, wrap, cursor, the shell's screen.

    They start by ending synchronized output, in case the program stopped mid-frame.
    """
    return SYNC_END + RESET_STYLE + WRAP_ON + CURSOR_SHOW + ALT_SCREEN_OFF


def frame_to_ansi(frame: Frame, depth: ColorDepth = ColorDepth.NONE) -> str:
    """Return the frame as lines of text with SGR colour, each line ending in the plain style.

    For printing a picture to a stream (``mygame render``); at ``ColorDepth.NONE``
    it is plain text, without even bold. Trailing unstyled spaces are dropped.
    """
    if depth is ColorDepth.NONE:
        return frame.text()
    lines: list[str] = []
    for row in frame.rows:
        end = len(row)
        while end and row[end - 1].char == " " and _visible(row[end - 1].style, depth) == PLAIN:
            end -= 1
        parts: list[str] = []
        style = PLAIN
        for cell in row[:end]:
            wanted = _visible(cell.style, depth)
            parts.append(sgr_transition(style, wanted, depth))
            parts.append(cell.char)
            style = wanted
        parts.append(sgr_transition(style, PLAIN, depth))
        lines.append("".join(parts))
    return "\n".join(lines)


def _visible(style: Style, depth: ColorDepth) -> Style:
    """Return what of ``style`` shows at ``depth``: without colour, only bold."""
    if depth is ColorDepth.NONE and (style.fg is not None or style.bg is not None):
        return Style(bold=style.bold)
    return style


def diff_frames(
    previous: Frame | None,
    frame: Frame,
    depth: ColorDepth = ColorDepth.NONE,
    *,
    full: bool = False,
    sync: bool = True,
) -> str:
    """Return the bytes that turn a terminal showing ``previous`` into one showing ``frame``.

    Only changed cells are written, in runs, with the shortest cursor moves and only
    the colour changes needed; the output starts and ends in the plain style. Nothing
    changed: the empty string. ``previous=None``, ``full=True`` (after a resize, a
    resume, or anything else that may have touched the screen) or a change of size
    clears the screen and paints everything. ``sync`` wraps the output in
    synchronized-output markers.
    """
    out: list[str] = []
    if full or previous is None or previous.size != frame.size:
        out.append(RESET_STYLE + _HOME + CLEAR_SCREEN)
        # The screen is now blank: paint it as a diff from a blank frame, which skips
        # the (many) cells that are plain spaces.
        previous = Frame.blank(frame.width, frame.height)
    _diff_rows(previous, frame, depth, out)
    if not out:
        return ""
    if sync:
        return SYNC_BEGIN + "".join(out) + SYNC_END
    return "".join(out)


def _diff_rows(previous: Frame, frame: Frame, depth: ColorDepth, out: list[str]) -> None:
    width = frame.width
    style = PLAIN
    # Where the cursor is; None when unknown (at the start, and after the last column,
    # where terminals disagree about where it stays).
    cursor: tuple[int, int] | None = None
    for y, (old_row, new_row) in enumerate(zip(previous.rows, frame.rows, strict=True)):
        if old_row == new_row:
            continue
        for start, end in _changed_runs(old_row, new_row):
            out.append(_move(cursor, start, y))
            for cell in new_row[start:end]:
                wanted = _visible(cell.style, depth)
                if wanted != style:
                    out.append(sgr_transition(style, wanted, depth))
                    style = wanted
                out.append(cell.char)
            cursor = (end, y) if end < width else None
    if style != PLAIN:
        out.append(_SHORT_RESET)


def _changed_runs(old: tuple[Cell, ...], new: tuple[Cell, ...]) -> list[tuple[int, int]]:
    """``[start, end)`` runs of changed cells of two rows that differ.

    Runs are joined across gaps too short to be worth a cursor move. Unchanged cells
    are usually the very same objects, so the identity test settles most of them.
    """
    changed = [x for x, (a, b) in enumerate(zip(old, new, strict=True)) if a is not b and a != b]
    runs: list[tuple[int, int]] = []
    start = end = changed[0]
    for x in changed:
        if x > end and not (x - end <= _MAX_GAP and _cheap_gap(new, end, x)):
            runs.append((start, end))
            start = x
        end = x + 1
    runs.append((start, end))
    return runs


def _cheap_gap(new: tuple[Cell, ...], end: int, x: int) -> bool:
    """Whether rewriting ``new[end:x]`` costs no SGR change and only one byte per cell."""
    style = new[end - 1].style
    return all(cell.style == style and cell.char.isascii() for cell in new[end:x])


def _move(cursor: tuple[int, int] | None, x: int, y: int) -> str:
    """Return the shortest escape sequence that moves the cursor from ``cursor`` to ``(x, y)``."""
    best = f"\x1b[{y + 1}H" if x == 0 else f"\x1b[{y + 1};{x + 1}H"
    if cursor is None:
        return best
    cx, cy = cursor
    vertical = "" if cy == y else _relative(y - cy, "B", "A")
    candidates = [best, vertical + _horizontal(cx, x)]
    if x == 0:
        candidates.append(vertical + "\r")
    return min(candidates, key=len)


def _horizontal(cx: int, x: int) -> str:
    if cx == x:
        return ""
    relative = _relative(x - cx, "C", "D")
    absolute = f"\x1b[{x + 1}G"
    return relative if len(relative) <= len(absolute) else absolute


def _relative(delta: int, forward: str, backward: str) -> str:
    """``ESC [ n C`` style move by ``delta`` (positive: ``forward``); ``n`` 1 is implied."""
    final = forward if delta > 0 else backward
    count = abs(delta)
    return f"\x1b[{final}" if count == 1 else f"\x1b[{count}{final}"
