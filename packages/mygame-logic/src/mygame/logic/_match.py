"""The engine: a live match that advances one fixed tick at a time, and the pure ``step``.

Design, for speed and for determinism:

* :class:`Match` keeps its state in plain slots and mutates it; :attr:`Match.state`
  hands out an immutable :class:`GameState` snapshot (built at most once per tick), and
  :func:`step` wraps the same code as a pure function of a state.
* Most ticks take a fast path (ball in open field, nothing to hit: two additions and
  four comparisons). Everything else goes through a swept collision (``_sweep``): the
  ball's path is cut at the planes where something can happen (paddle faces, goal
  lines); between them the vertical motion is folded between its bounds in closed form,
  so the ball can never tunnel, however fast it moves.
* Only ``+ - * /``, ``//``, ``%`` and comparisons on floats, all exactly specified by
  IEEE 754; no ``math.sin``/``cos``: a return's direction is a slope ``vy / vx``, not
  an angle. Randomness comes only from :class:`random.Random` instances seeded from the
  match seed and the serve number (``random()`` draws, stable across CPython versions).
"""

from __future__ import annotations

import math
import random
from dataclasses import fields
from operator import attrgetter
from typing import TYPE_CHECKING, cast

from mygame.logic._checks import check_seed, is_integer, is_number
from mygame.logic._course import Track
from mygame.logic._errors import LogicError
from mygame.logic._events import Event, MatchOver, PaddleHit, Point, Serve, WallBounce
from mygame.logic._recording import Recording
from mygame.logic._settings import Settings
from mygame.logic._state import GameResult, GameState
from mygame.logic._types import Command, Phase, Side, Wall

if TYPE_CHECKING:
    from mygame.logic._players import Player
    from mygame.logic._plugins import RecordedPlayer

__all__ = ["Match", "step"]

_NO_EVENTS: tuple[Event, ...] = ()
# A tick is cut into at most this many stretches (paddle faces, goal lines, zone edges);
# only absurd speeds need more, and then the ball simply stops early in that tick.
_MAX_SEGMENTS = 64

_STAY = Command.STAY
_UP = Command.UP
_DOWN = Command.DOWN
_LEFT = Side.LEFT
_RIGHT = Side.RIGHT
_SERVE = Phase.SERVE
_RALLY = Phase.RALLY
_POINT = Phase.POINT
_OVER = Phase.OVER

# The state of a match, named once: GameState's fields, in their order. A Match keeps
# them in slots of the same names; from_state and the state property go through this.
_STATE = tuple(f.name for f in fields(GameState))
_read_state = attrgetter(*_STATE)

# What happens when the ball's centre reaches a boundary plane.
_PASS, _FRONT_LEFT, _FRONT_RIGHT, _GOAL_LEFT, _GOAL_RIGHT = range(5)


def _bad_command(command: object) -> LogicError:
    return LogicError(f"a paddle command must be a mygame.logic.Command, got {command!r}")


def _state_problem(state: GameState) -> str | None:
    """Say what makes a hand-made state one the engine cannot continue from, if anything."""
    s = cast("object", state.settings)
    if not isinstance(s, Settings):
        return f"settings must be a mygame.logic.Settings, got {type(s).__name__}"
    for name in ("tick", "phase_ticks", "left_score", "right_score", "serves", "hits"):
        value = getattr(state, name)
        if not is_integer(value) or value < 0:
            return f"{name} must be a non-negative integer, got {value!r}"
    for name, kind in (("phase", Phase), ("serve_to", Side)):
        value = getattr(state, name)
        if not isinstance(value, kind):
            return f"{name} must be a {kind.__name__}, got {value!r}"
    if (state.phase is _OVER) != isinstance(state.winner, Side):
        return f"winner must be a Side exactly when the phase is OVER, got {state.winner!r}"
    return _position_problem(state, s)


def _position_problem(state: GameState, s: Settings) -> str | None:
    r = s.ball_size / 2
    half = s.paddle_height / 2
    for name, lo, hi in (
        ("ball_x", r, s.width - r),
        ("ball_y", r, s.height - r),
        ("ball_vx", -math.inf, math.inf),
        ("ball_vy", -math.inf, math.inf),
        ("left_y", half, s.height - half),
        ("right_y", half, s.height - half),
    ):
        value = getattr(state, name)
        if not is_number(value):
            return f"{name} must be a number, got {value!r}"
        if not lo <= value <= hi or not math.isfinite(value):
            return f"{name} = {value!r} is outside the field ({lo:g} to {hi:g})"
    return None


def _first_serve(seed: int) -> Side:
    """Toss a fair, seeded coin for the side the first serve goes towards."""
    return _LEFT if random.Random(f"mygame-first-serve:{seed}").random() < 0.5 else _RIGHT


class Match:
    """A live match: create it, call :meth:`advance` once per tick, read its attributes.

    >>> m = Match(Settings(serve_delay=0), seed=1)
    >>> [type(event).__name__ for event in m.advance(Command.STAY, Command.UP)]
    ['Serve']
    >>> m.phase, m.tick
    (<Phase.RALLY: 'rally'>, 1)

    The public attributes (``tick``, ``phase``, ``ball_x``... the :class:`MatchView`
    protocol) are read-only by contract: read them freely every frame, never assign them.
    :attr:`state` gives an immutable :class:`GameState` snapshot. With ``record=True``
    the inputs are kept and :meth:`recording` returns them as a :class:`Recording`.
    """

    __slots__ = (
        *_STATE,
        "_bottom",
        "_gap",
        "_left_back",
        "_left_front",
        "_left_goal",
        "_max_slope",
        "_max_v",
        "_paddle_step",
        "_planes_leftwards",
        "_planes_rightwards",
        "_right_back",
        "_right_front",
        "_right_goal",
        "_serve_v",
        "_snapshot",
        "_speedup",
        "_spin",
        "_top",
        "_track",
        "_ymax",
        "_ymin",
    )

    def __init__(
        self, settings: Settings | None = None, seed: int = 0, *, record: bool = False
    ) -> None:
        """Start a match: paddles centred, ball at the centre, serve countdown running."""
        s = Settings() if settings is None else settings
        if not isinstance(cast("object", s), Settings):
            msg = f"settings must be a mygame.logic.Settings, got {type(s).__name__}"
            raise LogicError(msg)
        self._setup(s, check_seed(seed, recordable=True))
        # Every public attribute annotated: the types are the API (pyright --verifytypes).
        self.tick: int = 0
        self.phase: Phase = _SERVE
        self.phase_ticks: int = s.serve_delay
        self.ball_x: float = s.width / 2
        self.ball_y: float = s.height / 2
        self.ball_vx: float = 0.0
        self.ball_vy: float = 0.0
        self.left_y: float = s.height / 2
        self.right_y: float = s.height / 2
        self.left_score: int = 0
        self.right_score: int = 0
        self.serve_to: Side = _first_serve(self.seed)
        self.serves: int = 0
        self.hits: int = 0
        self.winner: Side | None = None
        self._track = Track(inputs=True, course=True) if record else None

    def _setup(self, s: Settings, seed: int) -> None:
        self.settings = s
        self.seed = seed
        r = s.ball_size / 2
        rate = s.tick_rate
        self._top = r
        self._bottom = s.height - r
        half = s.paddle_height / 2
        self._gap = half + r
        self._ymin = half
        self._ymax = s.height - half
        self._paddle_step = s.paddle_speed / rate
        self._serve_v = s.serve_speed / rate
        self._max_v = s.max_speed / rate
        self._speedup = s.speedup
        self._max_slope = s.max_slope
        self._spin = s.spin
        # Planes the ball's centre crosses: goal lines, paddle back and front faces.
        self._left_goal = r
        self._left_back = s.paddle_margin - r
        self._left_front = s.paddle_margin + s.paddle_width + r
        self._right_goal = s.width - r
        self._right_back = s.width - s.paddle_margin + r
        self._right_front = s.width - s.paddle_margin - s.paddle_width - r
        # The planes in the order a ball moving left (right) meets them; where two
        # coincide, the one that matters (a goal line, a paddle face) comes first.
        planes = [
            (self._right_back, _PASS),
            (self._right_front, _FRONT_RIGHT),
            (self._left_front, _FRONT_LEFT),
            (self._left_back, _PASS),
            (self._left_goal, _GOAL_LEFT),
            (self._right_goal, _GOAL_RIGHT),
        ]
        self._planes_leftwards = tuple(
            (p, _PASS if k == _FRONT_RIGHT else k)
            for p, k in sorted(planes, key=lambda pk: (-pk[0], pk[1] == _PASS))
            if k != _GOAL_RIGHT
        )
        self._planes_rightwards = tuple(
            (p, _PASS if k == _FRONT_LEFT else k)
            for p, k in sorted(planes, key=lambda pk: (pk[0], pk[1] == _PASS))
            if k != _GOAL_LEFT
        )
        self._snapshot: GameState | None = None

    @classmethod
    def from_state(cls, state: GameState, *, record: bool = False) -> Match:
        """Continue from ``state`` as a live match (``record`` keeps inputs from here on)."""
        if not isinstance(cast("object", state), GameState):
            msg = f"state must be a mygame.logic.GameState, got {type(state).__name__}"
            raise LogicError(msg)
        problem = _state_problem(state)
        if problem is not None:
            msg = f"state: {problem}"
            raise LogicError(msg)
        m = cls(state.settings, state.seed, record=record)
        for name in _STATE:
            setattr(m, name, getattr(state, name))
        if record:  # a course digest must start at tick 0 to be replayable: inputs only
            m._track = Track(inputs=True, course=False)
        return m

    # ----------------------------------------------------------------- reading

    @property
    def state(self) -> GameState:
        """An immutable snapshot of the match now (cached until the next tick)."""
        snap = self._snapshot
        if snap is None or snap.tick != self.tick:
            snap = self._snapshot = GameState(*_read_state(self))
        return snap

    @property
    def over(self) -> bool:
        """True once the match has a winner."""
        return self.phase is _OVER

    @property
    def score(self) -> tuple[int, int]:
        """The ``(left, right)`` score."""
        return (self.left_score, self.right_score)

    def result(self) -> GameResult:
        """Return the result so far: score, ticks played, winner once the match is over."""
        return GameResult((self.left_score, self.right_score), self.tick, self.winner)

    def recording(
        self,
        *,
        left_player: RecordedPlayer | None = None,
        right_player: RecordedPlayer | None = None,
    ) -> Recording:
        """Return the seed, settings and every input so far, for saving and replaying.

        ``left_player`` and ``right_player`` name who played (the match does not know).
        Raises :class:`LogicError` unless the match was created with ``record=True``.
        """
        track = self._track
        if track is None or track.left is None:
            msg = "this match keeps no inputs: create it with Match(..., record=True)"
            raise LogicError(msg)
        return Recording(
            seed=self.seed,
            settings=self.settings,
            left=tuple(track.left),
            right=tuple(track.right),
            score=(self.left_score, self.right_score),
            over=self.phase is _OVER,
            digest=track.digest(self),
            left_player=left_player,
            right_player=right_player,
        )

    def _follow_course(self) -> None:
        """Keep the course digest (not the inputs) from now on; see :func:`replay`."""
        self._track = Track(inputs=False, course=self.tick == 0)

    def _course_digest(self) -> str | None:
        return None if self._track is None else self._track.digest(self)

    # ----------------------------------------------------------------- driving

    def run(self, left: Player, right: Player, *, max_ticks: int | None = None) -> GameResult:
        """Play on with two players until the match ends (or ``max_ticks`` more ticks)."""
        if max_ticks is not None and (not is_integer(max_ticks) or max_ticks < 0):
            msg = f"max_ticks must be a non-negative integer or None, got {max_ticks!r}"
            raise LogicError(msg)
        left_command = left.command
        right_command = right.command
        advance = self.advance
        if max_ticks is None:
            # A match can only end on a tick with events: test the phase only then.
            while self.phase is not _OVER:
                while not advance(left_command(self, _LEFT), right_command(self, _RIGHT)):
                    pass
        else:
            for _ in range(max_ticks):
                if self.phase is _OVER:
                    break
                advance(left_command(self, _LEFT), right_command(self, _RIGHT))
        return self.result()

    def advance(self, left: Command, right: Command) -> tuple[Event, ...]:
        """Play one tick with these paddle commands; return what happened, in order.

        Paddles move first, then the ball travels for the whole tick. Once the match is
        over this does nothing and returns no events.
        """
        # The hot path: written out inline on purpose (a call costs as much as the rest).
        phase = self.phase
        if phase is _OVER:
            return _NO_EVENTS
        # Both commands are checked before anything changes: a bad one leaves the
        # match as it was.
        bx = self.ball_x
        if right is not _STAY:
            y = self.right_y
            if right is _UP:
                right_y = y - self._paddle_step
                if right_y < self._ymin:
                    right_y = self._ymin
            elif right is _DOWN:
                right_y = y + self._paddle_step
                if right_y > self._ymax:
                    right_y = self._ymax
            else:
                raise _bad_command(right)
            if bx > self._right_front and bx < self._right_back:
                right_y = self._block(y, right_y)
        if left is not _STAY:
            y = self.left_y
            if left is _UP:
                ny = y - self._paddle_step
                if ny < self._ymin:
                    ny = self._ymin
            elif left is _DOWN:
                ny = y + self._paddle_step
                if ny > self._ymax:
                    ny = self._ymax
            else:
                raise _bad_command(left)
            if bx < self._left_front and bx > self._left_back:
                ny = self._block(y, ny)
            self.left_y = ny
        if right is not _STAY:
            self.right_y = right_y
        self.tick += 1
        track = self._track
        if track is not None:
            track.add(self, left, right)
        if phase is _RALLY:
            # Open field: the ball cannot reach a paddle face or a wall this tick.
            # (Two plain comparisons each: cheaper than a chained one in CPython 3.11.)
            nx = bx + self.ball_vx
            if nx > self._left_front and nx < self._right_front:
                ny = self.ball_y + self.ball_vy
                if ny > self._top and ny < self._bottom:
                    self.ball_x = nx
                    self.ball_y = ny
                    return _NO_EVENTS
            return self._sweep(left, right)
        return self._countdown()

    def _block(self, y: float, ny: float) -> float:
        """Stop a paddle moving from ``y`` to ``ny`` against the ball beside it."""
        by = self.ball_y
        if ny < y and by < y:
            return min(max(ny, by + self._gap), y)
        if ny > y and by > y:
            return max(min(ny, by - self._gap), y)
        return ny

    def _countdown(self) -> tuple[Event, ...]:
        if self.phase_ticks > 0:
            self.phase_ticks -= 1
            return _NO_EVENTS
        if self.phase is _POINT:
            s = self.settings
            self.phase = _SERVE
            self.phase_ticks = s.serve_delay
            self.ball_x = s.width / 2
            self.ball_y = s.height / 2
            return _NO_EVENTS
        s = self.settings
        rng = random.Random(f"mygame-serve:{self.seed}:{self.serves}")
        slope = s.serve_min_slope + (s.serve_max_slope - s.serve_min_slope) * rng.random()
        if rng.random() < 0.5:
            slope = -slope
        v = self._serve_v
        vx = -v if self.serve_to is _LEFT else v
        vy = slope * v
        self.ball_vx = vx
        self.ball_vy = vy
        self.serves += 1
        self.phase = _RALLY
        return (Serve(self.tick, self.serve_to, vx, vy),)

    def _sweep(self, left: Command, right: Command) -> tuple[Event, ...]:
        """Move the ball through a tick the careful way: cut at planes, fold off walls."""
        x = self.ball_x
        y = self.ball_y
        vx = self.ball_vx
        vy = self.ball_vy
        left_back = self._left_back
        left_front = self._left_front
        right_front = self._right_front
        right_back = self._right_back
        events: list[Event] = []
        remaining = 1.0
        inclusive = True  # at the start of a tick, a plane the ball sits on still counts
        for _ in range(_MAX_SEGMENTS):
            # The next plane in the direction of travel: the planes are listed in the
            # order the ball meets them, so the first one ahead is it.
            kind = _PASS
            plane = 0.0
            found = False
            if vx < 0:
                for plane, kind in self._planes_leftwards:
                    if plane < x or (inclusive and plane == x):
                        found = True
                        break
            elif vx > 0:
                for plane, kind in self._planes_rightwards:
                    if plane > x or (inclusive and plane == x):
                        found = True
                        break
            inclusive = False
            dt = (plane - x) / vx if found else remaining
            last = not found or dt > remaining
            seg = remaining if last else dt
            # Vertical bounds of this stretch: the walls, or a paddle's top or bottom
            # face while the ball passes beside that paddle.
            lo = self._top
            hi = self._bottom
            mid = x + vx * (seg / 2)
            if left_back < mid < left_front:
                lo, hi = self._channel(y, self.left_y, lo, hi)
            elif right_front < mid < right_back:
                lo, hi = self._channel(y, self.right_y, lo, hi)
            ny = y + vy * seg
            if not lo <= ny <= hi:
                ny, vy = self._fold(x, y, vx, vy, seg, lo, hi, events)
            y = ny
            if last:
                x += vx * seg
                if found:  # rounding must not carry the ball past the plane
                    x = max(x, plane) if vx < 0 else min(x, plane)
                break
            x = plane
            remaining -= seg
            if kind == _FRONT_LEFT:
                py = self.left_y
                if py - self._gap <= y <= py + self._gap:
                    vx, vy = self._hit(_LEFT, x, y, py, vx, left, events)
            elif kind == _FRONT_RIGHT:
                py = self.right_y
                if py - self._gap <= y <= py + self._gap:
                    vx, vy = self._hit(_RIGHT, x, y, py, vx, right, events)
            elif kind == _GOAL_LEFT:
                self._point(_RIGHT, x, y, events)
                return tuple(events)
            elif kind == _GOAL_RIGHT:
                self._point(_LEFT, x, y, events)
                return tuple(events)
        self.ball_x = x
        self.ball_y = y
        self.ball_vx = vx
        self.ball_vy = vy
        return tuple(events) if events else _NO_EVENTS

    def _channel(self, y: float, paddle_y: float, lo: float, hi: float) -> tuple[float, float]:
        """Vertical bounds of the ball beside a paddle: above it or below it."""
        if y <= paddle_y:
            return lo, min(hi, paddle_y - self._gap)
        return max(lo, paddle_y + self._gap), hi

    def _fold(
        self,
        x: float,
        y: float,
        vx: float,
        vy: float,
        seg: float,
        lo: float,
        hi: float,
        events: list[Event],
    ) -> tuple[float, float]:
        """Reflect ``y + vy * seg`` between ``lo`` and ``hi``; report bounces off walls."""
        span = hi - lo
        if span <= 0:
            # No room to move: the ball sits on the bound (only reachable with a
            # degenerate channel) and its vertical motion reverses.
            return lo, -vy
        u = y + vy * seg - lo
        period = span + span
        crossings = int(abs(u // span))
        m = u % period
        ny = lo + (m if m <= span else period - m)
        ny = min(max(ny, lo), hi)
        first_hi = vy > 0
        first_x = x + vx * (((hi if first_hi else lo) - y) / vy) if vy else x
        at_first = (crossings + 1) // 2
        at_second = crossings // 2
        for is_hi, count in ((first_hi, at_first), (not first_hi, at_second)):
            if count and (hi == self._bottom if is_hi else lo == self._top):
                wall = Wall.BOTTOM if is_hi else Wall.TOP
                events.append(WallBounce(self.tick, wall, first_x, count))
        return ny, (-vy if crossings % 2 else vy)

    def _hit(
        self,
        side: Side,
        x: float,
        y: float,
        paddle_y: float,
        vx: float,
        command: Command,
        events: list[Event],
    ) -> tuple[float, float]:
        """Return the ball off a paddle: faster, at a slope set by where it hit."""
        gap = self._gap
        offset = max(-1.0, min(1.0, (y - paddle_y) / gap))
        slope = offset * self._max_slope
        if command is _UP:
            slope -= self._spin
        elif command is _DOWN:
            slope += self._spin
        limit = self._max_slope
        slope = max(-limit, min(limit, slope))
        speed = min(abs(vx) * self._speedup, self._max_v)
        self.hits += 1
        events.append(PaddleHit(self.tick, side, x, y, offset, speed))
        return (speed if side is _LEFT else -speed), slope * speed

    def _point(self, scorer: Side, x: float, y: float, events: list[Event]) -> None:
        s = self.settings
        self.ball_x = x
        self.ball_y = y
        self.ball_vx = self.ball_vy = 0.0
        if scorer is _LEFT:
            self.left_score += 1
        else:
            self.right_score += 1
        mine, theirs = (
            (self.left_score, self.right_score)
            if scorer is _LEFT
            else (self.right_score, self.left_score)
        )
        score = (self.left_score, self.right_score)
        events.append(Point(self.tick, scorer, score))
        if mine >= s.target_score and (not s.win_by_two or mine - theirs >= 2):
            self.phase = _OVER
            self.phase_ticks = 0
            self.winner = scorer
            events.append(MatchOver(self.tick, scorer, score))
        else:
            self.phase = _POINT
            self.phase_ticks = s.point_delay
            self.serve_to = scorer.other


def step(state: GameState, left: Command, right: Command) -> tuple[GameState, tuple[Event, ...]]:
    """Return the state one tick later and its events: the pure form of :meth:`Match.advance`.

    ``state`` is not changed. Slower than a live :class:`Match` (it copies the state),
    but handy for tests, tools and functional front ends.
    """
    match = Match.from_state(state)
    events = match.advance(left, right)
    return match.state, events
