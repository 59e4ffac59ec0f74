"""The players of a command: chosen by name on the command line, made anew for each match.

Every player comes by the same path, an entry point (:mod:`mygame.cli._registry`). The
engine's own, mygame-logic's, are called directly: they are the engine's code, and a
thread hop per tick would slow ``simulate`` down many times. Anyone else's go through
:class:`~mygame.cli._guard.GuardedPlayer`, so a slow or stuck one cannot stall the game,
and one that breaks the contract forfeits the match with one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mygame.cli._errors import CliError
from mygame.cli._guard import PATIENCE, GuardedPlayer, Lateness
from mygame.cli._registry import BUILTIN, PluginError, installed, normalize
from mygame.cli._shown import exception_text, printable
from mygame.logic import RecordedPlayer, RecordingError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from mygame.cli._registry import Entry, Registry
    from mygame.logic import Player, Settings

__all__ = ["HUMAN", "Chosen", "choose", "choose_sides", "close", "label"]

HUMAN = RecordedPlayer("human")
"""Who plays at the keyboard, as a recording names them."""

_COMPUTER = "computer"  # what the screen calls the engine's own players


def label(player: RecordedPlayer | None, default: str) -> str:
    """Return the name the screen shows for a recorded player."""
    if player is None:
        return default
    if player.distribution is not None and normalize(player.distribution) == BUILTIN:
        return _COMPUTER
    return printable(player.name)


@dataclass(frozen=True, slots=True)
class Chosen:
    """A player chosen for a command: its entry point and the factory it names (imported)."""

    entry: Entry
    factory: Callable[..., object]

    @property
    def label(self) -> str:
        """The name the screen shows: ``computer`` for the engine's own, else the entry's."""
        return _COMPUTER if self.entry.builtin else printable(self.entry.name)

    def describe(self) -> str:
        """``wall (wall-player 1.0)``: the player and what provided it."""
        e = self.entry
        return printable(f"{e.name} ({e.distribution} {e.version})")

    def recorded(self, seed: int) -> RecordedPlayer:
        """Return how a recording names this player made with ``seed``."""
        e = self.entry
        try:
            return RecordedPlayer(e.name, e.distribution, e.version, seed)
        except RecordingError as error:
            msg = f"{e.who()} cannot be named in a recording: {error}"
            raise CliError(msg) from None

    def lateness(self, settings: Settings, *, patience: float = PATIENCE) -> Lateness:
        """Return a new count of late answers: a tick of ``settings`` is the budget."""
        return Lateness(self.entry.who(), 1 / settings.tick_rate, patience)

    def make(self, seed: int, lateness: Lateness) -> Player:
        """Call the factory with ``seed`` and check that what it returns is a player.

        Another distribution's player is guarded: asked in a worker thread, within the
        budget and patience of ``lateness``, which counts its late answers.
        """
        try:
            player = self.factory(seed=seed)
        except (Exception, SystemExit) as error:  # noqa: BLE001 - another program's code
            msg = f"factory(seed={seed}) raised {exception_text(error)}"
            raise PluginError(self.entry, msg) from None
        try:
            command = getattr(player, "command", None)
        except Exception:  # noqa: BLE001 - a property that raises is no method either
            command = None
        if not callable(command):
            msg = (
                f"is not a player: factory(seed={seed}) returned an object of type "
                f"{type(player).__name__} without a command(view, side) method, which the "
                "contract asks for (mygame.logic.Player)"
            )
            raise PluginError(self.entry, msg)
        checked: Player = player  # type: ignore[assignment] # it has a callable command
        return checked if self.entry.builtin else GuardedPlayer(checked, lateness)


def choose(text: str, option: str, registry: Registry | None = None) -> Chosen:
    """Return the player ``text`` names for ``option``, its factory imported and checked.

    Raises :class:`CliError` (a usage error for an unknown or ambiguous name, a
    :class:`PluginError` for a distribution whose player cannot be imported or is no
    factory), before any terminal is taken over.
    """
    entry = (registry or installed()).choose(text, option)
    factory = entry.load()
    if not callable(factory):
        msg = (
            f"is not a player factory: it names an object of type {type(factory).__name__}, "
            "not a callable factory(seed=<int>) returning a mygame.logic.Player"
        )
        raise PluginError(entry, msg)
    return Chosen(entry, factory)


def choose_sides(left: str, right: str) -> tuple[Chosen, Chosen]:
    """Return the players ``--left`` and ``--right`` name, reading the installed ones once."""
    registry = installed()
    return choose(left, "--left", registry), choose(right, "--right", registry)


def close(players: Iterable[Player]) -> None:
    """Let the worker threads of guarded players end."""
    for player in players:
        if isinstance(player, GuardedPlayer):
            player.close()
