"""mygame.logic: the pong engine, pure and deterministic, standard library only.

Drive a match frame by frame::

    from mygame.logic import Command, ComputerPlayer, Difficulty, Match, Side

    match = Match(seed=42, record=True)
    cpu = ComputerPlayer(Difficulty.HARD, seed=1)
    while not match.over:
        events = match.advance(Command.UP, cpu.command(match, Side.RIGHT))
        state = match.state  # immutable snapshot for the renderer

or play a whole match headless: ``play_game(seed=42).score``.

Any distribution can add a player: an entry point in the group :data:`PLAYER_GROUP`
(``"mygame.players"``) names a :class:`PlayerFactory`, ``factory(seed=<int>) -> Player``.
"""

from __future__ import annotations

from mygame.logic._errors import LogicError, RecordingError, SettingsError
from mygame.logic._events import Event, MatchOver, PaddleHit, Point, Serve, WallBounce
from mygame.logic._headless import GameResult, play_game, replay
from mygame.logic._limits import MAX_RECORDING_BYTES, SEED_LIMIT
from mygame.logic._match import Match, step
from mygame.logic._players import (
    ComputerPlayer,
    Difficulty,
    HumanPlayer,
    Player,
    ScriptedPlayer,
    player_seeds,
)
from mygame.logic._plugins import PLAYER_GROUP, PlayerFactory, RecordedPlayer
from mygame.logic._recording import Recording
from mygame.logic._settings import Settings
from mygame.logic._state import GameState, MatchView
from mygame.logic._types import Ball, Command, Paddle, Phase, Side, Wall
from mygame.logic._version import __version__

__all__ = [
    "MAX_RECORDING_BYTES",
    "PLAYER_GROUP",
    "SEED_LIMIT",
    "Ball",
    "Command",
    "ComputerPlayer",
    "Difficulty",
    "Event",
    "GameResult",
    "GameState",
    "HumanPlayer",
    "LogicError",
    "Match",
    "MatchOver",
    "MatchView",
    "Paddle",
    "PaddleHit",
    "Phase",
    "Player",
    "PlayerFactory",
    "Point",
    "RecordedPlayer",
    "Recording",
    "RecordingError",
    "ScriptedPlayer",
    "Serve",
    "Settings",
    "SettingsError",
    "Side",
    "Wall",
    "WallBounce",
    "__version__",
    "play_game",
    "player_seeds",
    "replay",
    "step",
]
