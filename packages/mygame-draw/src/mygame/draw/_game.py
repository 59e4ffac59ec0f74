"""The front door: :func:`draw_game` draws a game as text, :class:`TerminalRenderer` as frame diffs.

Hand over what the engine gives you (a match result, a state, a live match, or a
:class:`Scene`) and get text, or the terminal bytes of the next frame. Nothing here
touches a terminal or a clock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mygame.draw._adapter import Drawable, scene_of
from mygame.draw._color import ColorDepth
from mygame.draw._scene import DEFAULT_THEME, MONOCHROME, Theme, draw_frame
from mygame.draw._terminal import diff_frames, frame_to_ansi, to_ascii

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mygame.draw._frame import Frame

__all__ = ["DEFAULT_SIZE", "TerminalRenderer", "draw_game"]

DEFAULT_SIZE = (80, 24)
"""The classic terminal: what :func:`draw_game` draws on unless told otherwise."""


def _theme_for(depth: ColorDepth, theme: Theme | None) -> Theme:
    """Return ``theme`` if given, else the default colours, or none at ``ColorDepth.NONE``."""
    if theme is not None:
        return theme
    return MONOCHROME if depth is ColorDepth.NONE else DEFAULT_THEME


def draw_game(
    game: Drawable,
    *,
    size: tuple[int, int] = DEFAULT_SIZE,
    depth: ColorDepth = ColorDepth.NONE,
    theme: Theme | None = None,
    status: str | None = None,
    message: Sequence[str] | None = None,
    names: tuple[str, str] | None = None,
    ascii: bool = False,
) -> str:
    """Draw ``game`` as text of ``size`` ``(columns, rows)``.

    ``game`` is what the engine gives: a match result (``play_game()``), a state or a
    live match, or a :class:`Scene`. Plain text by default; with a colour ``depth``
    the text carries SGR colour codes; ``ascii=True`` draws with ASCII only
    (see :func:`to_ascii`).

    >>> from mygame.logic import play_game
    >>> text = draw_game(play_game(seed=1), size=(40, 12))
    >>> "match over" in text
    True
    """
    scene = scene_of(game, status=status, message=message, names=names)
    text = frame_to_ansi(draw_frame(scene, size, _theme_for(depth, theme)), depth)
    return to_ascii(text) if ascii else text


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

    __slots__ = ("_previous", "ascii", "depth", "names", "sync", "theme")

    def __init__(
        self,
        depth: ColorDepth = ColorDepth.NONE,
        theme: Theme | None = None,
        *,
        names: tuple[str, str] | None = None,
        sync: bool = True,
        ascii: bool = False,
    ) -> None:
        """Render at colour ``depth`` (see :func:`detect_color_depth`) in ``theme``.

        ``names`` label the two players on the score line; ``sync`` wraps each
        frame in synchronized-output markers; ``ascii`` writes ASCII only, for
        terminals whose encoding is not UTF-8 (see :func:`wants_ascii`).
        """
        self.ascii: bool = ascii
        self.depth: ColorDepth = depth
        self.theme: Theme = _theme_for(depth, theme)
        self.names: tuple[str, str] | None = names
        self.sync: bool = sync
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
        scene = scene_of(game, status=status, message=message, names=self.names)
        return draw_frame(scene, size, self.theme)

    def render(
        self,
        game: Drawable,
        size: tuple[int, int],
        *,
        status: str | None = None,
        message: Sequence[str] | None = None,
        full: bool = False,
    ) -> str:
        """Return the bytes (as ``str``) that update the screen to show ``game`` at ``size``.

        ``status`` is the bottom line (key hints), ``message`` the lines of a centred
        box (paused, match over); ``full=True`` repaints everything.
        """
        frame = self.frame(game, size, status=status, message=message)
        return self.render_frame(frame, full=full)

    def render_frame(self, frame: Frame, *, full: bool = False) -> str:
        """Return the bytes that update the screen to show ``frame``, and remember it."""
        out = diff_frames(self._previous, frame, self.depth, full=full, sync=self.sync)
        self._previous = frame
        return to_ascii(out) if self.ascii else out
