"""From what the engine gives to a :class:`Scene`: states, live matches and results.

mygame.draw reads a match through ``mygame.logic.MatchView`` (the attributes that a
``GameState`` snapshot and a live ``Match`` share), so it draws a live match without
copying it; a ``GameResult`` carries no positions and is drawn on a field of the
default ``Settings``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, cast

from mygame.draw._errors import DrawError
from mygame.draw._scene import Rect, Scene
from mygame.logic import GameResult, MatchView, Phase, Settings, Side

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Drawable", "match_over_message", "scene_of"]

# A result carries no positions: it is drawn on the engine's default field, paddles centred.
_RESULT_SETTINGS = Settings()

Drawable = Scene | MatchView | GameResult
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
        return _state_scene(cast("MatchView", game))
    if hasattr(game, "score") and hasattr(game, "ticks"):
        return _result_scene(cast("GameResult", game), names)
    msg = f"cannot draw a {type(game).__name__}: pass a Scene, a match state or a result"
    raise DrawError(msg)


# The phases in which the ball is drawn: waiting to be served, in play.
_BALL_PHASES = frozenset({Phase.SERVE, Phase.RALLY})


def _state_scene(state: MatchView) -> Scene:
    s = state.settings
    paddle_top = s.paddle_height / 2
    ball = None
    if state.phase in _BALL_PHASES:
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


def _result_scene(result: GameResult, names: tuple[str, str]) -> Scene:
    s = _RESULT_SETTINGS
    y = (s.height - s.paddle_height) / 2
    winner = getattr(result, "winner", _UNKNOWN)
    return Scene(
        field_width=s.width,
        field_height=s.height,
        left_paddle=Rect(s.paddle_margin, y, s.paddle_width, s.paddle_height),
        right_paddle=Rect(
            s.width - s.paddle_margin - s.paddle_width, y, s.paddle_width, s.paddle_height
        ),
        ball=None,
        score=result.score,
        message=(*match_over_message(result.score, winner, names), f"{result.ticks} ticks"),
    )


_UNKNOWN = object()
_SIDES = (Side.LEFT.value, Side.RIGHT.value)


def match_over_message(
    score: tuple[int, int],
    winner: object = _UNKNOWN,
    names: tuple[str, str] = _SIDES,
) -> tuple[str, ...]:
    """Return the lines of an end-of-match box: who won, and the score.

    ``winner`` is the winning :class:`~mygame.logic.Side`, ``None`` for a match
    stopped before its end, or left out to take the higher score.

    >>> match_over_message((11, 7), names=("you", "computer"))
    ('match over', 'you win 11-7')
    """
    left, right = score
    side = _side(winner)
    if winner is _UNKNOWN:
        side = Side.LEFT if left > right else Side.RIGHT if right > left else None
    if side is None:
        return ("match stopped", f"{left}-{right}")
    name = names[0] if side is Side.LEFT else names[1]
    verb = "win" if name == "you" else "wins"
    high, low = max(left, right), min(left, right)
    return ("match over", f"{name} {verb} {high}-{low}")


def _side(winner: object) -> Side | None:
    """Return the :class:`Side` that ``winner`` names (a Side, or its value), else None."""
    if isinstance(winner, Side):
        return winner
    try:
        return Side(getattr(winner, "value", winner))
    except ValueError:
        return None
