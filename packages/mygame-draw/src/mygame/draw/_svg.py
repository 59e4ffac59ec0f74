"""A scene as SVG: vector shapes in field units, crisp at any size (docs, sharing, tests).

The ``viewBox`` is the field itself plus a band above for the score and one below for
the status line, so the picture scales without blur; paddles, ball, walls and the
centre line's dashes are ``rect`` elements and the score is ``text``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mygame.draw._adapter import Drawable, scene_of
from mygame.draw._scene import DEFAULT_THEME, Rect, Scene, Theme

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mygame.draw._color import Color

__all__ = ["render_svg"]

_BAND = 0.14  # height of the score band and the status band, as a fraction of the field's
_WALL = 0.015  # wall thickness, same unit
_NET_DASHES = 15
_FONT = "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace"
_LINE = 1.4  # line height of the message box, in font sizes


def _n(value: float) -> str:
    """Format a number for an SVG attribute: short, and no ``-0``."""
    text = f"{value:.6g}"
    return "0" if text == "-0" else text


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .translate({c: "\N{REPLACEMENT CHARACTER}" for c in range(32) if c not in (9, 10, 13)})
    )


def _color(color: Color | None, default: str) -> str:
    return default if color is None else color.hex


def _rect(rect: Rect, css_class: str, fill: str | None = None, extra: str = "") -> str:
    paint = "" if fill is None else f' fill="{fill}"'
    return (
        f'<rect class="{css_class}" x="{_n(rect.x)}" y="{_n(rect.y)}" '
        f'width="{_n(rect.width)}" height="{_n(rect.height)}"{paint}{extra}/>'
    )


def render_svg(
    game: Drawable,
    theme: Theme = DEFAULT_THEME,
    *,
    width: int = 800,
    status: str | None = None,
    message: Sequence[str] | None = None,
    names: tuple[str, str] | None = None,
) -> str:
    """Return ``game`` as a standalone SVG document, ``width`` pixels wide by default.

    ``game`` is anything :func:`~mygame.draw.scene_of` takes (state, result, scene).
    :data:`~mygame.draw.MONOCHROME` gives white on black.

    Elements carry classes (``background``, ``wall``, ``net``, ``paddle left``,
    ``paddle right``, ``ball``, ``score left``, ``score right``, ``name left``,
    ``name right``, ``status``, ``message``) so tests and stylesheets can find them.
    """
    scene = scene_of(game, status=status, message=message, names=names)
    fw, fh = scene.field_width, scene.field_height
    band = fh * _BAND
    wall = fh * _WALL
    top, total = -band, fh + 2 * band
    height = round(width * total / fw)
    ink = "#ffffff"
    font = band * 0.7
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 {_n(top)} {_n(fw)} {_n(total)}" '
            f'width="{width}" height="{height}" shape-rendering="crispEdges">'
        ),
        f"<title>mygame: {scene.score[0]} to {scene.score[1]}</title>",
        _rect(Rect(0, top, fw, total), "background", _color(theme.background, "#000000")),
        _rect(Rect(0, -wall, fw, wall), "wall top", _color(theme.wall, ink)),
        _rect(Rect(0, fh, fw, wall), "wall bottom", _color(theme.wall, ink)),
        f'<g class="net" fill="{_color(theme.net, ink)}">',
    ]
    dash = fh / (2 * _NET_DASHES)
    net_width = fw * 0.006
    parts.extend(
        _rect(Rect(fw / 2 - net_width / 2, (2 * i + 0.5) * dash, net_width, dash), "dash")
        for i in range(_NET_DASHES)
    )
    parts.append("</g>")
    parts.append(_rect(scene.left_paddle, "paddle left", _color(theme.left, ink)))
    parts.append(_rect(scene.right_paddle, "paddle right", _color(theme.right, ink)))
    if scene.ball is not None:
        parts.append(_rect(scene.ball, "ball", _color(theme.ball, ink)))
    text = f'font-family="{_FONT}" text-anchor="middle"'
    score_fill = _color(theme.score, ink)
    for side, x, value in (("left", fw / 4, scene.score[0]), ("right", 3 * fw / 4, scene.score[1])):
        parts.append(
            f'<text class="score {side}" x="{_n(x)}" y="{_n(-band * 0.25)}" '
            f'font-size="{_n(font)}" font-weight="bold" fill="{score_fill}" {text}>{value}</text>'
        )
    name_font = f'font-family="{_FONT}" font-size="{_n(font * 0.6)}"'
    name_fill = _color(theme.status, ink)
    for side, x, anchor, name in (
        ("left", fw * 0.02, "start", scene.names[0]),
        ("right", fw * 0.98, "end", scene.names[1]),
    ):
        if name:
            parts.append(
                f'<text class="name {side}" x="{_n(x)}" y="{_n(-band * 0.3)}" {name_font} '
                f'text-anchor="{anchor}" fill="{name_fill}">{_escape(name)}</text>'
            )
    if scene.status:
        parts.append(
            f'<text class="status" x="{_n(fw / 2)}" y="{_n(fh + band * 0.7)}" '
            f'font-size="{_n(font * 0.6)}" fill="{_color(theme.status, ink)}" {text}>'
            f"{_escape(scene.status)}</text>"
        )
    if scene.message:
        parts.extend(_message(scene, theme, font * 0.8, text))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _message(scene: Scene, theme: Theme, font: float, text: str) -> list[str]:
    fw, fh = scene.field_width, scene.field_height
    longest = max(len(line) for line in scene.message)
    box_width = min(fw * 0.9, (longest + 4) * font * 0.62)
    box_height = (len(scene.message) + 1) * font * _LINE
    box = Rect((fw - box_width) / 2, (fh - box_height) / 2, box_width, box_height)
    fill = _color(theme.box, "#ffffff")
    parts = [
        '<g class="message">',
        _rect(
            box,
            "box",
            _color(theme.box_background, "#000000"),
            f' stroke="{fill}" stroke-width="{_n(font * 0.08)}"',
        ),
    ]
    first = box.y + font * _LINE
    for i, line in enumerate(scene.message):
        parts.append(
            f'<text x="{_n(fw / 2)}" y="{_n(first + i * font * _LINE)}" font-size="{_n(font)}" '
            f'fill="{fill}" {text}>{_escape(line)}</text>'
        )
    parts.append("</g>")
    return parts
