"""What runs inside the frame loop: a match shown, played, watched or replayed.

A :class:`MatchScenario` turns keys into paddle commands, advances the engine one
fixed tick at a time and asks the renderer for the bytes of each frame. Terminals
report key presses but not releases, so a key moves its paddle for a short hold
(:data:`HOLD_SECONDS`) that the keyboard's auto-repeat keeps extending while the key
is held down (:class:`Keyboard`).
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from mygame.cli._guard import ForfeitError, GuardedPlayer
from mygame.cli._players import close
from mygame.draw import fits, match_over_message
from mygame.logic import SEED_LIMIT, Command, HumanPlayer, Match, Player, Side

if TYPE_CHECKING:
    from collections.abc import Callable

    from mygame.draw import TerminalRenderer

__all__ = [
    "DEMO_PAUSE_SECONDS",
    "END_GRACE_SECONDS",
    "HOLD_SECONDS",
    "Keyboard",
    "MatchScenario",
    "Mode",
    "tick_rate",
]

HOLD_SECONDS = 0.15
"""How long one key press moves a paddle; auto-repeat extends it while the key is held."""

END_GRACE_SECONDS = 0.75
"""After the match ends, other keys than q wait this long before they leave the end screen."""

DEMO_PAUSE_SECONDS = 3.0
"""How long the demo shows a finished match before it starts the next one."""

NOTICE_SECONDS = 2.0
"""How long the status line says that a player was late to answer."""

_QUIT_KEYS = frozenset({"q", "Q", "ctrl-c", "escape"})
_PAUSE_KEYS = frozenset({"p", "P", " "})


class Mode(Enum):
    """Who is at the keyboard."""

    PLAY = "play"
    DEMO = "demo"
    REPLAY = "replay"


class Keyboard:
    """Key presses to paddle commands, each held for a few ticks (no key-up in terminals)."""

    def __init__(self, bindings: dict[str, tuple[HumanPlayer, Command]], hold_ticks: int) -> None:
        """Bind each key to (player, command); a press lasts ``hold_ticks`` ticks."""
        self._bindings = bindings
        self._hold = hold_ticks
        self._until: dict[int, tuple[HumanPlayer, int]] = {}

    def press(self, key: str, tick: int) -> bool:
        """Apply ``key`` at ``tick``; return whether it was a paddle key."""
        binding = self._bindings.get(key)
        if binding is None:
            return False
        player, command = binding
        player.current = command
        self._until[id(player)] = (player, tick + self._hold)
        return True

    def update(self, tick: int) -> None:
        """Release every paddle whose hold ran out by ``tick``."""
        for key, (player, until) in list(self._until.items()):
            if tick >= until:
                player.current = Command.STAY
                del self._until[key]


class MatchScenario:
    """One match (or a demo's series of matches) on screen, driven by the frame loop."""

    def __init__(
        self,
        mode: Mode,
        match: Match,
        players: tuple[Player, Player],
        renderer: TerminalRenderer,
        *,
        names: tuple[str, str],
        status: str,
        keyboard: Keyboard | None = None,
        last_tick: int | None = None,
        next_players: Callable[[int], tuple[Player, Player]] | None = None,
    ) -> None:
        """Show ``match`` played by ``players``; ``last_tick`` ends a replay's inputs.

        ``next_players(seed)`` makes the players of the demo's next match.
        """
        self.mode = mode
        self.match = match
        self.players = players
        self.renderer = renderer
        self.names = names
        self.status = status
        self.keyboard = keyboard
        self.last_tick = last_tick
        self.next_players = next_players
        self.forfeit: ForfeitError | None = None
        self.paused = False
        self.quit = False
        self._ended_ticks = 0
        self._drawn: tuple[object, ...] | None = None

    @property
    def finished(self) -> bool:
        """Whether the player asked to leave."""
        return self.quit

    @property
    def ended(self) -> bool:
        """Whether the match is over (or forfeited, or the recording ran out)."""
        return (
            self.match.over
            or self.forfeit is not None
            or (self.last_tick is not None and self.match.tick >= self.last_tick)
        )

    @property
    def idle(self) -> bool:
        """Whether nothing moves until a key: paused, or the end screen after its grace."""
        if self.paused:
            return True
        return (
            self.ended
            and self.mode is not Mode.DEMO
            and self._ended_ticks >= END_GRACE_SECONDS * tick_rate(self.match)
        )

    def on_key(self, key: str) -> None:
        """Quit, pause, or move a paddle."""
        if key in _QUIT_KEYS or self.mode is Mode.DEMO:
            self.quit = True
        elif self.ended:
            # Keys hammered as the last point falls must not skip the end screen.
            self.quit = self._ended_ticks >= END_GRACE_SECONDS * tick_rate(self.match)
        elif key in _PAUSE_KEYS:
            self.paused = not self.paused
        elif self.keyboard is not None:
            self.keyboard.press(key, self.match.tick)

    def tick(self, size: tuple[int, int]) -> None:
        """Advance the match one tick, unless paused, too small, or over."""
        if self.paused or not fits(size):
            return
        match = self.match
        if self.ended:
            self._ended_ticks += 1
            pause = DEMO_PAUSE_SECONDS * tick_rate(match)
            if self.mode is Mode.DEMO and self.forfeit is None and self._ended_ticks >= pause:
                self._next_demo_match()
            return
        if self.keyboard is not None:
            self.keyboard.update(match.tick)
        left, right = self.players
        try:
            match.advance(left.command(match, Side.LEFT), right.command(match, Side.RIGHT))
        except ForfeitError as forfeit:  # the match ends here; the command prints why on leaving
            self.forfeit = forfeit

    def _next_demo_match(self) -> None:
        seed = self.match.seed + 1 if self.match.seed + 1 < SEED_LIMIT else 1 - SEED_LIMIT
        self.match = Match(self.match.settings, seed)
        if self.next_players is not None:
            close(self.players)
            self.players = self.next_players(seed)
        self._ended_ticks = 0

    def close(self) -> None:
        """Let the worker threads of the players end."""
        close(self.players)

    def _status(self) -> str:
        """Return the status line: what a late player did, for a moment, else the usual."""
        match = self.match
        for player, name in zip(self.players, self.names, strict=True):
            if isinstance(player, GuardedPlayer):
                late = player.lateness
                shown = NOTICE_SECONDS * tick_rate(match)
                if late.last_tick is not None and match.tick - late.last_tick < shown:
                    return late.notice(name)
        return self.status

    def message(self) -> tuple[str, ...] | None:
        """Return the lines of the box in the middle of the screen, if any."""
        if self.ended:
            match = self.match
            if self.forfeit is not None:
                lost = 0 if self.forfeit.side is Side.LEFT else 1
                loser, winner = self.names[lost], self.names[1 - lost]
                verb = "win" if winner == "you" else "wins"  # as mygame.draw words it
                return (f"{loser} forfeits", f"{winner} {verb}", "press any key")
            if not match.over:
                return ("end of recording", f"{match.left_score}-{match.right_score}")
            lines = match_over_message(match.score, match.winner, names=self.names)
            if self.mode is Mode.DEMO:
                return (*lines, "next match soon")
            return (*lines, "press any key")
        if self.paused:
            return ("paused", "p or space to resume")
        return None

    def frame(self, size: tuple[int, int], *, full: bool) -> bytes:
        """Return the bytes that bring the screen up to date (none if nothing changed)."""
        status = self._status()
        if self.ended and self.mode is not Mode.DEMO:
            status = "any key to leave"
        message = self.message()
        m = self.match
        # Everything the picture depends on: while the ball waits to be served, during
        # a pause or on the end screen, nothing changes and no frame is rasterised.
        key = (size, status, message, m.phase, m.ball_x, m.ball_y, m.left_y, m.right_y, m.score)
        if key == self._drawn and not full:
            return b""
        self._drawn = key
        text = self.renderer.render(m, size, status=status, message=message, full=full)
        return text.encode("utf-8")


def tick_rate(match: Match) -> int:
    """Return the ticks per second of ``match``."""
    return match.settings.tick_rate
