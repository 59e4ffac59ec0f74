"""From a game to pictures: :func:`draw_game`, :func:`scene_of` and :class:`TerminalRenderer`.

These are the front door most callers need: hand over what the engine gives you
(a match result, or a :class:`Scene`) and get text, or the terminal bytes of the
next frame. Nothing here touches a terminal or a clock.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from mygame.draw._color import ColorDepth
from mygame.draw._errors import DrawError
from mygame.draw._scene import DEFAULT_THEME, MONOCHROME, Rect, Scene, Theme, draw_frame
from mygame.draw._terminal import diff_frames, frame_to_ansi

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mygame.draw._frame import Frame

__all__ = ["DEFAULT_SIZE", "Drawable", "ResultLike", "TerminalRenderer", "draw_game", "scene_of"]

DEFAULT_SIZE = (80, 24)
"""The classic terminal: what :func:`draw_game` draws on unless told otherwise."""

# A result carries no positions: it is drawn on a field of this shape, paddles centred.
_RESULT_FIELD = (160.0, 90.0)
_RESULT_PADDLE = (2.0, 16.0)
_RESULT_MARGIN = 4.0


@runtime_checkable
class ResultLike(Protocol):
    """What :func:`draw_game` needs of a finished match: its score and length in ticks."""

    @property
    def score(self) -> tuple[int, int]:
        """The final ``(left, right)`` score."""
        ...  # pragma: no cover

    @property
    def ticks(self) -> int:
        """How many simulation steps the match took."""
        ...  # pragma: no cover


Drawable = Scene | ResultLike
"""Anything :func:`scene_of` can turn into a scene."""


def theme_for(depth: ColorDepth, theme: Theme | None) -> Theme:
    """``theme`` if given, else the default colours, or none at ``ColorDepth.NONE``."""
    if theme is not None:
        return theme
    return MONOCHROME if depth is ColorDepth.NONE else DEFAULT_THEME


def scene_of(
    game: Drawable, *, status: str | None = None, message: Sequence[str] | None = None
) -> Scene:
    """Return the scene of ``game``; ``status`` and ``message``, when given, replace its own.

    A finished match's result has no positions: it shows the final score, paddles at
    rest and a "match over" box.
    """
    scene = _base_scene(game)
    if status is not None:
        scene = replace(scene, status=status)
    if message is not None:
        scene = replace(scene, message=tuple(message))
    return scene


def _base_scene(game: object) -> Scene:
    """Return the scene of any object; ``object`` because callers may pass anything."""
    if isinstance(game, Scene):
        return game
    if isinstance(game, ResultLike):
        return _result_scene(game)
    msg = f"cannot draw a {type(game).__name__}: pass a Scene or a match result"
    raise DrawError(msg)


def _result_scene(result: ResultLike) -> Scene:
    width, height = _RESULT_FIELD
    paddle_width, paddle_height = _RESULT_PADDLE
    y = (height - paddle_height) / 2
    left, right = result.score
    if left == right:
        verdict = f"draw {left}-{right}"
    else:
        verdict = (
            f"{'left' if left > right else 'right'} wins {max(left, right)}-{min(left, right)}"
        )
    return Scene(
        field_width=width,
        field_height=height,
        left_paddle=Rect(_RESULT_MARGIN, y, paddle_width, paddle_height),
        right_paddle=Rect(width - _RESULT_MARGIN - paddle_width, y, paddle_width, paddle_height),
        ball=None,
        score=(left, right),
        message=("match over", verdict, f"{result.ticks} ticks"),
    )


def draw_game(  # noqa: PLR0913  (keyword-only options, each with a default)
    game: Drawable,
    *,
    size: tuple[int, int] = DEFAULT_SIZE,
    depth: ColorDepth = ColorDepth.NONE,
    theme: Theme | None = None,
    status: str | None = None,
    message: Sequence[str] | None = None,
) -> str:
    """Draw ``game`` (a match result or a scene) as text of ``size`` ``(columns, rows)``.

    Plain text by default; with a colour ``depth`` the text carries SGR colour codes.

    >>> from mygame.logic import play_game
    >>> print(draw_game(play_game(seed=1), size=(40, 12)).splitlines()[0].strip())
    11                  6
    """
    frame = draw_frame(
        scene_of(game, status=status, message=message), size, theme_for(depth, theme)
    )
    return frame_to_ansi(frame, depth)


class TerminalRenderer:
    """Turns successive game states into the fewest terminal bytes, frame after frame.

    It remembers the last frame it produced and returns only the difference. After
    anything that may have changed the screen behind its back (resize, resume after
    Ctrl-Z, other output), pass ``full=True`` or call :meth:`invalidate`.

    >>> renderer = TerminalRenderer(ColorDepth.NONE)
    >>> scene = Scene(100, 50, Rect(2, 20, 2, 10), Rect(96, 20, 2, 10), Rect(50, 25, 2, 2))
    >>> first = renderer.render(scene, (40, 12))
    >>> renderer.render(scene, (40, 12))  # nothing moved: nothing to write
    ''
    """

    __slots__ = ("_previous", "depth", "sync", "theme")

    def __init__(
        self,
        depth: ColorDepth = ColorDepth.NONE,
        theme: Theme | None = None,
        *,
        sync: bool = True,
    ) -> None:
        """Render at colour ``depth`` (see :func:`detect_color_depth`) in ``theme``."""
        self.depth = depth
        self.theme = theme_for(depth, theme)
        self.sync = sync
        self._previous: Frame | None = None

    @property
    def previous(self) -> Frame | None:
        """The frame the terminal shows now, as far as this renderer knows."""
        return self._previous

    def invalidate(self) -> None:
        """Forget what the screen shows: the next frame is painted in full."""
        self._previous = None

    def frame(
        self,
        game: Drawable,
        size: tuple[int, int],
        *,
        status: str | None = None,
        message: Sequence[str] | None = None,
    ) -> Frame:
        """Return the frame of ``game`` at ``size``, without rendering it."""
        return draw_frame(scene_of(game, status=status, message=message), size, self.theme)

    def render(
        self,
        game: Drawable,
        size: tuple[int, int],
        *,
        status: str | None = None,
        message: Sequence[str] | None = None,
        full: bool = False,
    ) -> str:
        """Return the bytes (as ``str``) that update the screen to show ``game`` at ``size``."""
        frame = self.frame(game, size, status=status, message=message)
        return self.render_frame(frame, full=full)

    def render_frame(self, frame: Frame, *, full: bool = False) -> str:
        """Return the bytes that update the screen to show ``frame``, and remember it."""
        out = diff_frames(self._previous, frame, self.depth, full=full, sync=self.sync)
        self._previous = frame
        return out
