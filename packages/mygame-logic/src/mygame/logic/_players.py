"""Players: where each paddle's command comes from, tick by tick.

A player is anything with ``command(view, side) -> Command`` (the :class:`Player`
protocol). :class:`HumanPlayer` holds whatever the front end's keyboard code set,
:class:`ScriptedPlayer` plays a fixed sequence (replays, tests), and
:class:`ComputerPlayer` plays by itself at a :class:`Difficulty`.
"""

from __future__ import annotations

import enum
import math
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, cast

from mygame.logic._checks import check_seed
from mygame.logic._errors import LogicError
from mygame.logic._types import Command, Phase, Side

if TYPE_CHECKING:
    from collections.abc import Iterable

    from mygame.logic._state import MatchView

__all__ = [
    "ComputerPlayer",
    "Difficulty",
    "HumanPlayer",
    "Player",
    "ScriptedPlayer",
    "player_seeds",
]

_STAY = Command.STAY
_UP = Command.UP
_DOWN = Command.DOWN
_LEFT = Side.LEFT


def player_seeds(seed: int) -> tuple[int, int]:
    """Return the seeds of the left and the right computer player of the match ``seed``.

    :func:`~mygame.logic.play_game` seeds its computers this way, and so does every
    front end that wants the same match for the same seed (``mygame simulate``,
    ``render``, ``demo`` and ``play`` agree because of it).

    >>> player_seeds(7)
    (14, 15)
    """
    check_seed(seed)
    return 2 * seed, 2 * seed + 1


class Player(Protocol):
    """A source of paddle commands: asked once per tick, before the tick is played.

    The contract for players from other distributions (stable; see
    :class:`~mygame.logic.PlayerFactory` for how one is registered):

    * ``command`` returns a :class:`Command` (not its integer value), for every tick
      of the match, including the serve countdown and the pause after a point;
    * it decides from ``view`` alone (a :class:`~mygame.logic.MatchView`, read-only: a
      front end may hand it an immutable :class:`~mygame.logic.GameState`) and its own
      state, and it is deterministic: the same seed and the same match give the same
      commands, or a replay cannot check it;
    * it answers quickly: a front end asks it within the time of one tick
      (``1 / Settings.tick_rate`` seconds), and may play on without its answer.
    """

    def command(self, view: MatchView, side: Side) -> Command:
        """Return the command for ``side``'s paddle this tick, decided from ``view``."""
        ...


class HumanPlayer:
    """A player whose command is set from outside, e.g. by a front end's key handling.

    >>> p = HumanPlayer()
    >>> p.current = Command.UP
    """

    __slots__ = ("current",)

    def __init__(self, current: Command = Command.STAY) -> None:
        """Start with ``current`` (default: stay)."""
        self.current: Command = current

    def command(self, view: MatchView, side: Side) -> Command:
        """Whatever :attr:`current` is now."""
        return self.current


class ScriptedPlayer:
    """A player that plays a fixed sequence of commands, then ``then`` forever."""

    __slots__ = ("_it", "_then")

    def __init__(self, commands: Iterable[Command], *, then: Command = Command.STAY) -> None:
        """Play ``commands`` in order, one per tick."""
        self._it = iter(commands)
        self._then = then

    def command(self, view: MatchView, side: Side) -> Command:
        """Return the next command of the script."""
        return next(self._it, self._then)


class Difficulty(enum.Enum):
    """How well a :class:`ComputerPlayer` plays.

    ``EASY`` follows the ball late and loosely: a beginner beats it. ``MEDIUM``
    extrapolates the ball's straight path (not its wall bounces). ``HARD`` reads the
    whole path including wall bounces and aims its returns, but still reacts late and
    misjudges a little, like a good human.
    """

    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


_TRACK, _LINEAR, _FOLD = range(3)
_NEVER = 2**62  # a tick no match reaches
_TIRING_RETURNS = 10  # after this many returns in a rally, misjudgements are twice as large


@dataclass(frozen=True, slots=True)
class _Skill:
    reaction: float  # seconds from the ball turning towards it to the first plan
    replan: float  # seconds between corrections of the plan
    error: float  # misjudgement at serve speed, as a fraction of the paddle's reach (uniform +-)
    predict: int  # _TRACK the ball's y, _LINEAR extrapolation, _FOLD with wall bounces
    aim: float  # how far off-centre it tries to meet the ball (fraction of the reach)


_SKILLS = {
    Difficulty.EASY: _Skill(0.3, 0.3, 0.53, _TRACK, aim=0.0),
    Difficulty.MEDIUM: _Skill(0.2, 0.3, 0.36, _LINEAR, aim=0.18),
    Difficulty.HARD: _Skill(0.12, 0.25, 0.27, _FOLD, aim=0.53),
}


class ComputerPlayer:
    """A computer opponent; deterministic for a given ``seed`` and match.

    It plans when the ball turns towards it (after a reaction delay), corrects its plan
    every so often, and moves its paddle towards the planned point. Its only randomness
    is its own ``random.Random(seed)``.
    """

    __slots__ = (
        "_dead",
        "_error",
        "_high",
        "_key",
        "_low",
        "_plan_at",
        "_rally_from",
        "_replan",
        "_rng",
        "_serves",
        "_skill",
        "_target",
        "difficulty",
    )

    def __init__(self, difficulty: Difficulty = Difficulty.MEDIUM, seed: int = 0) -> None:
        """Play at ``difficulty``; ``seed`` fixes the misjudgements."""
        if not isinstance(cast("object", difficulty), Difficulty):
            msg = f"difficulty must be a mygame.logic.Difficulty, got {difficulty!r}"
            raise LogicError(msg)
        self.difficulty: Difficulty = difficulty
        self._skill = _SKILLS[difficulty]
        self._rng = random.Random(check_seed(seed))
        self._key = math.nan  # never equal to a velocity: the first call plans
        self._plan_at = 0
        self._replan = 1
        self._target = math.nan
        self._error = 0.0
        self._dead = 0.0
        self._low = self._high = 0.0
        self._serves = -1
        self._rally_from = 0

    # The factories of mygame-logic's own entry points (group "mygame.players"):
    # the built-in players are found and made like anyone else's.
    @classmethod
    def easy(cls, *, seed: int = 0) -> ComputerPlayer:
        """Return an easy computer player: the ``easy`` entry point's factory."""
        return cls(Difficulty.EASY, seed)

    @classmethod
    def medium(cls, *, seed: int = 0) -> ComputerPlayer:
        """Return a medium computer player: the ``medium`` entry point's factory."""
        return cls(Difficulty.MEDIUM, seed)

    @classmethod
    def hard(cls, *, seed: int = 0) -> ComputerPlayer:
        """Return a hard computer player: the ``hard`` entry point's factory."""
        return cls(Difficulty.HARD, seed)

    def command(self, view: MatchView, side: Side) -> Command:
        """Move towards the planned meeting point; stay within half a step of it."""
        # Called every tick: kept to a handful of attribute reads on purpose.
        if view.ball_vx != self._key:
            self._new_approach(view, side)
        if view.tick >= self._plan_at:
            self._plan(view, side)
        y = view.left_y if side is _LEFT else view.right_y
        if y < self._low:
            return _DOWN
        if y > self._high:
            return _UP
        return _STAY

    def _new_approach(self, view: MatchView, side: Side) -> None:
        """Schedule a new plan after the reaction delay: the ball was served or returned.

        The ball's horizontal velocity changes exactly at a serve, a return and a point,
        so it is the cue (one attribute read per tick).
        """
        s = view.settings
        skill = self._skill
        rng = self._rng
        self._dead = s.paddle_speed / s.tick_rate / 2
        if self._target != self._target:  # NaN: first sight; hold the paddle where it is
            self._aim(view.left_y if side is _LEFT else view.right_y)
        self._key = view.ball_vx
        reaction = max(1, round(skill.reaction * s.tick_rate))
        self._replan = max(1, round(skill.replan * s.tick_rate))
        if not view.tick < self._plan_at <= view.tick + max(reaction, self._replan):
            # React after the delay, unless a reaction is already under way: a ball
            # faster than the reaction time still gets a (late) response. (A plan
            # further off than any delay is left from an earlier match: drop it.)
            self._plan_at = view.tick + reaction
        # The reach: how far from the paddle's centre the ball's centre can be and still
        # be returned (half the paddle plus half the ball).
        reach = (s.paddle_height + s.ball_size) / 2
        # Faster balls are harder to judge, and long rallies tire: the misjudgement grows
        # with the speed and with the returns in this rally, so every rally ends.
        if view.serves != self._serves:
            self._serves = view.serves
            self._rally_from = view.hits
        tired = 1.0 + (view.hits - self._rally_from) / _TIRING_RETURNS
        pace = max(tired, abs(view.ball_vx) * s.tick_rate / s.serve_speed)
        self._error = (rng.random() * 2 - 1) * skill.error * reach * pace
        if skill.aim:
            self._error += (rng.random() * 2 - 1) * skill.aim * reach

    def _aim(self, target: float) -> None:
        self._target = target
        self._low = target - self._dead
        self._high = target + self._dead

    def _plan(self, view: MatchView, side: Side) -> None:
        self._plan_at = view.tick + self._replan
        s = view.settings
        skill = self._skill
        vx = view.ball_vx
        coming = vx < 0 if side is _LEFT else vx > 0
        if view.phase is not Phase.RALLY or not coming:
            if skill.predict == _TRACK:
                # A beginner's eyes follow the ball wherever it goes.
                self._aim(view.ball_y + self._error)
            else:
                # Nothing to chase until the ball's velocity changes again: drift back to
                # the centre, judged as loosely as everything else.
                self._plan_at = _NEVER
                self._aim(s.height / 2 + self._error)
            return
        r = s.ball_size / 2
        lo = r
        hi = s.height - r
        if skill.predict == _TRACK:
            y = view.ball_y
        else:
            face = (
                s.paddle_margin + s.paddle_width + r
                if side is _LEFT
                else s.width - s.paddle_margin - s.paddle_width - r
            )
            y = view.ball_y + view.ball_vy * ((face - view.ball_x) / vx)
            if skill.predict == _FOLD:
                span = hi - lo
                m = (y - lo) % (span + span)
                y = lo + (m if m <= span else span + span - m)
            y = min(max(y, lo), hi)
        self._aim(y + self._error)
