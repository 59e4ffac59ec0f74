"""A player from another distribution, asked in a worker thread with a time budget.

Python cannot stop a function that never returns, so a plugin's ``command()`` runs in
a daemon thread of its own and the game waits for it at most :data:`PATIENCE`: past
that, the tick is played with its paddle still (``Command.STAY``) and the game goes
on; the late answer is dropped. A call that takes longer than a tick (its budget) but
answers in time is used, and counted, so the front end can show that the player is
slow. A call that raises, or returns something that is not a ``Command``, forfeits
the match (:class:`ForfeitError`). The player sees an immutable snapshot of the match,
never the live engine the main thread goes on advancing.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mygame.cli._errors import CliError
from mygame.cli._shown import brief, exception_text
from mygame.logic import Command, Match

if TYPE_CHECKING:
    from mygame.logic import MatchView, Player, Side

__all__ = ["HEADLESS_PATIENCE", "PATIENCE", "ForfeitError", "GuardedPlayer", "Lateness"]

PATIENCE = 0.1
"""Seconds the game waits for a player's command before it plays the tick without it."""

HEADLESS_PATIENCE = 5.0
"""The same without a clock (simulate, render, verify): a result must not hang on the machine's
load, and a hung player must still not hang us."""

_STAY = Command.STAY


class ForfeitError(CliError):
    """A player broke the contract during a match: the match is lost, the message says how."""

    def __init__(self, message: str, side: Side) -> None:
        """Say how the player of ``side`` broke the contract."""
        super().__init__(message)
        self.side = side


@dataclass(slots=True)
class Lateness:
    """How often a guarded player kept the game waiting: shared by one side's players."""

    who: str  # the player and its entry point, for messages
    budget: float  # seconds: one tick
    patience: float = PATIENCE
    slow: int = 0  # ticks whose answer took longer than the budget
    missed: int = 0  # ticks played without an answer
    slowest: float = 0.0
    last_tick: int | None = None  # the last tick that was slow or missed
    last_seconds: float | None = None  # how long that tick's answer took (None: it never came)

    def notice(self, name: str) -> str:
        """Say in a few words what the last late answer was, for the screen."""
        if self.last_seconds is None:
            return f"{name} gives no command in time: its paddle stays"
        took, budget = self.last_seconds * 1000, self.budget * 1000
        return f"{name} is slow: {took:.0f} ms for a tick of {budget:.0f}"

    def text(self) -> str | None:
        """Say how the player kept to its budget, if it did not (None if it did)."""
        parts = []
        if self.slow:
            parts.append(
                f"took longer than a tick ({self.budget * 1000:.1f} ms) on {self.slow} ticks "
                f"(slowest {self.slowest * 1000:.1f} ms)"
            )
        if self.missed:
            parts.append(
                f"gave no command within {self.patience * 1000:.0f} ms on {self.missed} ticks "
                "(its paddle stayed)"
            )
        return f"{self.who} {' and '.join(parts)}" if parts else None


class GuardedPlayer:
    """Ask ``player`` in a thread of its own; count in ``lateness`` when it is late."""

    def __init__(self, player: Player, lateness: Lateness) -> None:
        """Start the worker thread that will ask ``player``."""
        self.lateness = lateness
        self._requests: queue.SimpleQueue[tuple[MatchView, Side] | None] = queue.SimpleQueue()
        self._answers: queue.SimpleQueue[tuple[object, BaseException | None, float]] = (
            queue.SimpleQueue()
        )
        self._busy = False
        thread = threading.Thread(
            target=self._work, args=(player,), name="mygame player", daemon=True
        )
        thread.start()

    def _work(self, player: Player) -> None:
        while (request := self._requests.get()) is not None:
            start = time.perf_counter()
            try:
                answer: object = player.command(*request)
                error = None
            except BaseException as exc:  # noqa: BLE001 - whatever it raises forfeits
                answer, error = None, exc
            self._answers.put((answer, error, time.perf_counter() - start))

    def command(self, view: MatchView, side: Side) -> Command:
        """Return the player's command for this tick, or stay if it does not answer in time."""
        late = self.lateness
        if self._busy:  # still on an earlier tick: take its late answer, if it came, and drop it
            try:
                self._answers.get_nowait()
            except queue.Empty:
                return self._miss(view)
            self._busy = False
        snapshot = view.state if isinstance(view, Match) else view
        self._requests.put((snapshot, side))
        self._busy = True
        try:
            answer, error, seconds = self._answers.get(timeout=late.patience)
        except queue.Empty:
            return self._miss(view)
        self._busy = False
        if error is not None:
            msg = f"{late.who} forfeits: its command() raised {exception_text(error)}"
            raise ForfeitError(msg, side)
        if type(answer) is not Command:
            msg = (
                f"{late.who} forfeits: its command() returned {brief(answer)}, "
                "not a mygame.logic.Command"
            )
            raise ForfeitError(msg, side)
        if seconds > late.budget:
            late.slow += 1
            late.slowest = max(late.slowest, seconds)
            late.last_tick = view.tick
            late.last_seconds = seconds
        return answer

    def _miss(self, view: MatchView) -> Command:
        self.lateness.missed += 1
        self.lateness.last_tick = view.tick
        self.lateness.last_seconds = None
        return _STAY

    def close(self) -> None:
        """Let the worker thread end once it is done (a call that never returns keeps it)."""
        self._requests.put(None)
