"""The contract for players from any distribution: an entry point names a player factory.

A distribution adds a player to every mygame front end by declaring an entry point in
the group :data:`PLAYER_GROUP`, in its ``pyproject.toml``::

    [project.entry-points."mygame.players"]
    wall = "wall_player:WallPlayer"

The object it names is a :class:`PlayerFactory`: ``factory(seed=<int>)`` returns a
:class:`~mygame.logic.Player`, the same player for the same seed. A class whose
constructor takes the keyword ``seed`` qualifies. mygame-logic registers its own
computer players the same way (``easy``, ``medium``, ``hard``). This contract is stable:
it changes only with a major version of mygame-logic.

A recording names who played each side (:class:`RecordedPlayer`): the player's name,
the distribution and version that provided it and its seed, so a replay can ask the
same player again and check that it chooses what was recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from mygame.logic._checks import is_integer, seed_problem
from mygame.logic._errors import RecordingError
from mygame.logic._limits import shown

if TYPE_CHECKING:
    from mygame.logic._players import Player

__all__ = ["PLAYER_GROUP", "PlayerFactory", "RecordedPlayer", "recorded_player_problem"]

PLAYER_GROUP = "mygame.players"
"""The entry point group whose entries name player factories (``name = "module:object"``)."""

_MAX_NAME = 100
# PEP 508 names and PEP 440 versions, as much as a recording needs to tell them apart.
_DISTRIBUTION = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9])?")
_VERSION = re.compile(r"[A-Za-z0-9.!+_-]{1,64}")


class PlayerFactory(Protocol):
    """What an entry point of :data:`PLAYER_GROUP` names: ``factory(seed=<int>) -> Player``.

    The factory is called once per match, with a seed a recording can hold (see
    :func:`~mygame.logic.player_seeds`); the player it returns must choose the same
    commands for the same seed and the same match, so that replays can check it.

    >>> from mygame.logic import ComputerPlayer
    >>> factory: PlayerFactory = ComputerPlayer.hard
    >>> factory(seed=7).difficulty
    <Difficulty.HARD: 'hard'>
    """

    def __call__(self, *, seed: int) -> Player:
        """Return a new player, deterministic for ``seed``."""
        ...


def recorded_player_problem(
    name: object, distribution: object, version: object, seed: object
) -> str | None:
    """Say what is wrong with these fields of a :class:`RecordedPlayer` (None if nothing).

    ``distribution``, ``version`` and ``seed`` are all given (a program) or all None
    (a person at the keyboard).
    """
    if not (
        isinstance(name, str)
        and 0 < len(name) <= _MAX_NAME
        and name.isprintable()
        and name == name.strip()
    ):
        return f"name must be printable text of 1 to {_MAX_NAME} characters, got {shown(name)}"
    given = [value is not None for value in (distribution, version, seed)]
    if not any(given):
        return None
    if not all(given):
        return "distribution, version and seed must all be given (a program) or all be null"
    return _program_problem(distribution, version, seed)


def _program_problem(distribution: object, version: object, seed: object) -> str | None:
    if not (isinstance(distribution, str) and _DISTRIBUTION.fullmatch(distribution)):
        return f"distribution must be a distribution name, got {shown(distribution)}"
    if not (isinstance(version, str) and _VERSION.fullmatch(version)):
        return f"version must be a version such as 1.2.0, got {shown(version)}"
    if not is_integer(seed):
        return f"seed must be an integer, got {shown(seed)}"
    return seed_problem(seed)


@dataclass(frozen=True, slots=True)
class RecordedPlayer:
    """Who played one side of a recorded match.

    A program names the distribution and version that provided it and the ``seed`` its
    factory was called with; a person at the keyboard is a ``name`` alone.

    >>> RecordedPlayer("hard", "mygame-logic", "1.4.0", seed=15).program
    True
    >>> RecordedPlayer("human").program
    False
    """

    name: str
    distribution: str | None = None
    version: str | None = None
    seed: int | None = None

    def __post_init__(self) -> None:
        """Check every field; a bad one raises :class:`RecordingError` saying which."""
        problem = recorded_player_problem(self.name, self.distribution, self.version, self.seed)
        if problem is not None:
            msg = f"recording: player {problem}"
            raise RecordingError(msg)

    @property
    def program(self) -> bool:
        """Whether a program played (then a replay can ask it again), not a person."""
        return self.distribution is not None
