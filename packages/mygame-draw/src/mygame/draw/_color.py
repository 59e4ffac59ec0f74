"""Colours, cell styles, the colour depth of a terminal and the SGR bytes between styles.

A colour carries both its RGB value and the ANSI index (0-15) to use on a 16-colour
terminal: terminal palettes differ too much for a nearest-colour guess to look right.
The colour depth is decided once, by :func:`detect_color_depth`, from an environment
mapping passed in (no global state is read), and applied only when bytes are written,
so a frame is the same whatever the terminal.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mygame.draw._errors import DrawError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["PLAIN", "Color", "ColorDepth", "Style", "detect_color_depth", "sgr_transition"]

_ANSI_COLORS = 16
_CHANNEL_MAX = 255
# The six levels of each channel of the xterm 256-colour cube (indices 16-231).
_CUBE_LEVELS = (0, 95, 135, 175, 215, 255)
_CUBE_START = 16
_GREY_START = 232  # 24 greys 8, 18, ..., 238 follow the cube
_GREY_STEPS = 24
_BRIGHT = 8  # ANSI indices 8-15 are the bright variants of 0-7


class ColorDepth(enum.IntEnum):
    """How many colours a terminal shows: none, 16, 256 or 24-bit (truecolour)."""

    NONE = 0
    ANSI16 = 16
    ANSI256 = 256
    TRUECOLOR = 1 << 24


@dataclass(frozen=True, slots=True)
class Color:
    """A colour: its 24-bit value and the ANSI index (0-15) used on 16-colour terminals.

    >>> Color(255, 200, 0, ansi=11).hex
    '#ffc800'
    """

    red: int
    green: int
    blue: int
    ansi: int = 7
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Reject channels outside 0-255 and ANSI indices outside 0-15; compute the hash."""
        for name in ("red", "green", "blue"):
            value = getattr(self, name)
            if not 0 <= value <= _CHANNEL_MAX:
                msg = f"colour channel {name}={value!r} is out of range: use 0 to 255"
                raise DrawError(msg)
        if not 0 <= self.ansi < _ANSI_COLORS:
            msg = f"ANSI colour index {self.ansi!r} is out of range: use 0 to 15"
            raise DrawError(msg)
        object.__setattr__(self, "_hash", hash((self.red, self.green, self.blue, self.ansi)))

    def __hash__(self) -> int:
        """Return the hash computed once: colours are dictionary keys in every frame."""
        return self._hash

    @property
    def hex(self) -> str:
        """The colour as ``#rrggbb`` (for SVG)."""
        return f"#{self.red:02x}{self.green:02x}{self.blue:02x}"

    @property
    def xterm256(self) -> int:
        """The nearest colour of the xterm 256-colour palette (cube or grey ramp)."""
        levels = [_nearest_level(c) for c in (self.red, self.green, self.blue)]
        cube = _CUBE_START + 36 * levels[0] + 6 * levels[1] + levels[2]
        cube_rgb = [_CUBE_LEVELS[i] for i in levels]
        mean = (self.red + self.green + self.blue) // 3
        grey_step = min(_GREY_STEPS - 1, max(0, (mean - 8 + 5) // 10))
        grey_value = 8 + 10 * grey_step
        rgb = (self.red, self.green, self.blue)
        if _distance(rgb, (grey_value,) * 3) < _distance(rgb, tuple(cube_rgb)):
            return _GREY_START + grey_step
        return cube

    def sgr(self, depth: ColorDepth, *, background: bool = False) -> str:
        """Return the SGR parameters selecting this colour at ``depth`` ("" when colourless)."""
        if depth is ColorDepth.NONE:
            return ""
        if depth is ColorDepth.TRUECOLOR:
            return f"{48 if background else 38};2;{self.red};{self.green};{self.blue}"
        if depth is ColorDepth.ANSI256:
            return f"{48 if background else 38};5;{self.xterm256}"
        base = 40 if background else 30
        if self.ansi >= _BRIGHT:
            return str(base + 60 + self.ansi - _BRIGHT)
        return str(base + self.ansi)


def _nearest_level(channel: int) -> int:
    return min(range(len(_CUBE_LEVELS)), key=lambda i: abs(_CUBE_LEVELS[i] - channel))


def _distance(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True))


@dataclass(frozen=True, slots=True)
class Style:
    """How a cell is shown: foreground and background colour (None: the terminal's) and bold."""

    fg: Color | None = None
    bg: Color | None = None
    bold: bool = False
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Compute the hash once: styles are dictionary keys in every frame."""
        object.__setattr__(self, "_hash", hash((self.fg, self.bg, self.bold)))

    def __hash__(self) -> int:
        """Return the hash computed once."""
        return self._hash


PLAIN = Style()
"""The terminal's own colours, not bold: the style every frame starts and ends in."""


def sgr_transition(old: Style, new: Style, depth: ColorDepth) -> str:
    r"""Return the shortest SGR escape sequence that turns style ``old`` into ``new`` ("" if none).

    Only what changes is sent (``39``/``49``/``22`` switch a single attribute back),
    and at ``ColorDepth.NONE`` colours are never sent at all.

    >>> sgr_transition(PLAIN, Style(bold=True), ColorDepth.NONE)
    '\x1b[1m'
    """
    params: list[str] = []
    if old.bold != new.bold:
        params.append("1" if new.bold else "22")
    if depth is not ColorDepth.NONE:
        if old.fg != new.fg:
            params.append("39" if new.fg is None else new.fg.sgr(depth))
        if old.bg != new.bg:
            params.append("49" if new.bg is None else new.bg.sgr(depth, background=True))
    if not params:
        return ""
    return f"\x1b[{';'.join(params)}m"


_TRUECOLOR_TERMS = ("truecolor", "24bit")
_TRUECOLOR_PROGRAMS = ("iTerm.app", "WezTerm", "vscode", "ghostty")


def detect_color_depth(env: Mapping[str, str], *, is_terminal: bool = True) -> ColorDepth:
    """Decide how many colours to use from an environment mapping such as ``os.environ``.

    ``NO_COLOR`` (any non-empty value, https://no-color.org) always wins; then
    ``FORCE_COLOR`` turns colour on even without a terminal; output that is not a
    terminal and ``TERM=dumb`` get none; ``COLORTERM=truecolor``, Windows Terminal and
    a few well-known terminal programs get 24-bit; ``TERM=*256color*`` gets 256; any
    other terminal gets the 16 ANSI colours every colour terminal has.

    >>> detect_color_depth({"TERM": "xterm-256color"})
    <ColorDepth.ANSI256: 256>
    >>> detect_color_depth({"TERM": "xterm-256color", "NO_COLOR": "1"})
    <ColorDepth.NONE: 0>
    """
    if env.get("NO_COLOR"):
        return ColorDepth.NONE
    forced = env.get("FORCE_COLOR", "") not in ("", "0", "false")
    term = env.get("TERM", "")
    if (not is_terminal and not forced) or (term == "dumb" and not forced):
        return ColorDepth.NONE
    if (
        env.get("COLORTERM", "").lower() in _TRUECOLOR_TERMS
        or "WT_SESSION" in env
        or env.get("TERM_PROGRAM", "") in _TRUECOLOR_PROGRAMS
        or term.endswith("-direct")
    ):
        return ColorDepth.TRUECOLOR
    if "256" in term:
        return ColorDepth.ANSI256
    return ColorDepth.ANSI16
