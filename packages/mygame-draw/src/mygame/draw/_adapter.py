"""From what the engine gives to a :class:`Scene`: states, live matches and results.

mygame.draw reads the engine by attribute (the names of ``mygame.logic.MatchView``)
rather than importing its types, so it draws a live ``Match`` without copying it, a
``GameState`` snapshot, and the ``GameResult`` of any engine version alike.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, cast

from mygame.draw._errors import DrawError
from mygame.draw._scene import Rect, Scene

if TYPE_CHECKING:
    from collections.abc import Sequence
    from enum import Enum

__all__ = ["Drawable", "ResultLike", "StateLike", "match_over_message", "scene_of"]

# A result carries no positions: it is drawn on a field of this shape, paddles centred.
# (the engine's default geometry: an 80 x 48 field, 1 x 8 paddles 2 units from the goal).
_RESULT_FIELD = (80.0, 48.0)
_RESULT_PADDLE = (1.0, 8.0)
_RESULT_MARGIN = 2.0


class _SettingsLike(Protocol):
    """The geometry a renderer needs from the engine's settings."""

    @property
    def width(self) -> float: ...  # pragma: no cover
    @property
    def height(self) -> float: ...  # pragma: no cover
    @property
    def paddle_width(self) -> float: ...  # pragma: no cover
    @property
    def paddle_height(self) -> float: ...  # pragma: no cover
    @property
    def paddle_margin(self) -> float: ...  # pragma: no cover
    @property
    def ball_size(self) -> float: ...  # pragma: no cover


class StateLike(Protocol):
    """What the renderers read from a match: ``mygame.logic``'s ``GameState`` or live ``Match``.

    A structural type (the engine's ``MatchView`` attributes), so mygame.draw draws
    any object that has them, without copying a live match.
    """

    @property
    def settings(self) -> _SettingsLike:
        """The field's and paddles' geometry."""
        ...  # pragma: no cover

    @property
    def phase(self) -> Enum:
        """Where the match is: ``serve``, ``rally``, ``point`` or ``over`` (by ``.value``)."""
        ...  # pragma: no cover

    @property
    def ball_x(self) -> float:
        """Ball centre x."""
        ...  # pragma: no cover

    @property
    def ball_y(self) -> float:
        """Ball centre y."""
        ...  # pragma: no cover

    @property
    def left_y(self) -> float:
        """Left paddle centre y."""
        ...  # pragma: no cover

    @property
    def right_y(self) -> float:
        """Right paddle centre y."""
        ...  # pragma: no cover

    @property
    def left_score(self) -> int:
        """Points of the left player."""
        ...  # pragma: no cover

    @property
    def right_score(self) -> int:
        """Points of the right player."""
        ...  # pragma: no cover


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


Drawable = Scene | StateLike | ResultLike
"""Anything :func:`scene_of` can turn into a scene."""


def scene_of(
    game: Drawable,
    *,
    status: str | None = None,
    message: Sequence[str] | None = None,
    names: tuple[str, str] | None = None,
) -> Scene:
    """Return the scene of ``game``; ``status``, ``message``, ``names`` replace its own.

    A finished match's result has no positions: it shows the final score, paddles at
    rest and a "match over" box.
    """
    scene = _base_scene(game, names or _SIDES)
    if status is not None:
        scene = replace(scene, status=status)
    if message is not None:
        scene = replace(scene, message=tuple(message))
    if names is not None:
        scene = replace(scene, names=names)
    return scene


def _base_scene(game: object, names: tuple[str, str]) -> Scene:
    """Return the scene of any object; ``object`` because callers may pass anything.

    Attribute checks, not ``isinstance`` on the protocols: a runtime protocol check
    costs more than drawing the rest of the frame.
    """
    if isinstance(game, Scene):
        return game
    if hasattr(game, "ball_x") and hasattr(game, "settings"):
        return _state_scene(cast("StateLike", game))
    if hasattr(game, "score") and hasattr(game, "ticks"):
        return _result_scene(cast("ResultLike", game), names)
    msg = f"cannot draw a {type(game).__name__}: pass a Scene, a match state or a result"
    raise DrawError(msg)


# Phases (by their ``.value``) in which the ball is drawn: waiting to be served, in play.
_BALL_PHASES = frozenset({"serve", "rally"})


def _state_scene(state: StateLike) -> Scene:
    s = state.settings
    paddle_top = s.paddle_height / 2
    ball = None
    if state.phase.value in _BALL_PHASES:
        half = s.ball_size / 2
        ball = Rect(state.ball_x - half, state.ball_y - half, s.ball_size, s.ball_size)
    return Scene(
        field_width=s.width,
        field_height=s.height,
        left_paddle=Rect(
            s.paddle_margin, state.left_y - paddle_top, s.paddle_width, s.paddle_height
        ),
        right_paddle=Rect(
            s.width - s.paddle_margin - s.paddle_width,
            state.right_y - paddle_top,
            s.paddle_width,
            s.paddle_height,
        ),
        ball=ball,
        score=(state.left_score, state.right_score),
    )


def _result_scene(result: ResultLike, names: tuple[str, str]) -> Scene:
    width, height = _RESULT_FIELD
    paddle_width, paddle_height = _RESULT_PADDLE
    y = (height - paddle_height) / 2
    winner = getattr(result, "winner", _UNKNOWN)
    return Scene(
        field_width=width,
        field_height=height,
        left_paddle=Rect(_RESULT_MARGIN, y, paddle_width, paddle_height),
        right_paddle=Rect(width - _RESULT_MARGIN - paddle_width, y, paddle_width, paddle_height),
        ball=None,
        score=result.score,
        message=(*match_over_message(result.score, winner, names), f"{result.ticks} ticks"),
    )


_UNKNOWN = object()
_SIDES = ("left", "right")


def match_over_message(
    score: tuple[int, int],
    winner: object = _UNKNOWN,
    names: tuple[str, str] = _SIDES,
) -> tuple[str, ...]:
    """Return the lines of an end-of-match box: who won, and the score.

    ``winner`` is the engine's winning side (an enum whose ``.value`` is ``"left"`` or
    ``"right"``), ``None`` for a match stopped before its end, or left out to take
    the higher score.

    >>> match_over_message((11, 7), names=("you", "computer"))
    ('match over', 'you win 11-7')
    """
    left, right = score
    side = getattr(winner, "value", winner)
    if winner is _UNKNOWN:
        side = "left" if left > right else "right" if right > left else None
    if side not in ("left", "right"):
        return ("match stopped", f"{left}-{right}")
    name = names[0] if side == "left" else names[1]
    verb = "win" if name == "you" else "wins"
    high, low = max(left, right), min(left, right)
    return ("match over", f"{name} {verb} {high}-{low}")
