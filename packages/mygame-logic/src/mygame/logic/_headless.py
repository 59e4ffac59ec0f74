"""Whole matches in one call, headless: ``play_game`` plays one, ``replay`` replays a recording."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from mygame.logic._errors import RecordingError
from mygame.logic._limits import shown
from mygame.logic._match import Match
from mygame.logic._players import ComputerPlayer, Difficulty, Player, player_seeds
from mygame.logic._settings import Settings
from mygame.logic._state import GameResult
from mygame.logic._types import Command, Side

if TYPE_CHECKING:
    from mygame.logic._recording import Recording

__all__ = ["GameResult", "play_game", "replay"]

_LEFT = Side.LEFT
_RIGHT = Side.RIGHT


def _player(player: Player | Difficulty | None, seed: int) -> Player:
    if player is None:
        return ComputerPlayer(Difficulty.MEDIUM, seed)
    if isinstance(player, Difficulty):
        return ComputerPlayer(player, seed)
    return player


def play_game(
    seed: int = 0,
    target: int | None = None,
    *,
    settings: Settings | None = None,
    left: Player | Difficulty | None = None,
    right: Player | Difficulty | None = None,
    max_ticks: int | None = None,
) -> GameResult:
    """Play a whole match headless and return its result.

    Computer against computer (medium) unless ``left``/``right`` give a player or a
    difficulty. ``target`` overrides ``settings.target_score``. The same arguments
    always give the same result.

    >>> play_game(seed=3, target=2).score in {(2, 0), (2, 1), (0, 2), (1, 2)}
    True
    """
    s = Settings() if settings is None else settings
    if target is not None:
        s = replace(s, target_score=target)
    match = Match(s, seed)
    left_seed, right_seed = player_seeds(seed)
    return match.run(_player(left, left_seed), _player(right, right_seed), max_ticks=max_ticks)


def _not_played_by(side: Side, tick: int, chosen: object, recorded: Command) -> RecordingError:
    said = chosen.name.lower() if isinstance(chosen, Command) else shown(chosen)
    return RecordingError(
        f"recording: at tick {tick} the {side.value} player chooses {said} where the "
        f"recording has {recorded.name.lower()}; the match was not played by this player"
    )


def _ended_early(match: Match, recording: Recording) -> RecordingError:
    return RecordingError(
        f"recording: the match ended at tick {match.tick} but inputs go on to "
        f"tick {recording.ticks}"
    )


def _play_inputs(
    match: Match, recording: Recording, left: Player | None, right: Player | None
) -> None:
    """Play the recorded inputs into ``match``; ask ``left`` and ``right`` first, if given."""
    advance = match.advance
    inputs = zip(recording.left, recording.right, strict=True)
    if left is None and right is None:  # the usual case, kept to the plain loop
        for left_command, right_command in inputs:
            if match.over:
                raise _ended_early(match, recording)
            advance(left_command, right_command)
        return
    asked = [(p, side) for p, side in ((left, _LEFT), (right, _RIGHT)) if p is not None]
    for commands in inputs:
        if match.over:
            raise _ended_early(match, recording)
        for player, side in asked:
            chosen = player.command(match, side)
            recorded = commands[0] if side is _LEFT else commands[1]
            if chosen is not recorded:
                raise _not_played_by(side, match.tick, chosen, recorded)
        advance(*commands)


def replay(
    recording: Recording, *, left: Player | None = None, right: Player | None = None
) -> GameResult:
    """Replay a recording to its end, check every claim it makes, and return the result.

    Raises :class:`RecordingError` if the inputs go on after the match ended, or the
    replay differs from what the recording claims: its ``score``, whether the match was
    ``over``, its ``digest`` of the course of play. A claim that is None is not checked:
    see :attr:`Recording.claims` for what was. With ``left`` or ``right`` (made again
    from the :class:`RecordedPlayer` of that side), that player is asked every tick, as
    in the match, and must choose the command recorded: the match was played by it.
    """
    match = Match(recording.settings, recording.seed)
    if recording.digest is not None:
        match._follow_course()  # noqa: SLF001
    _play_inputs(match, recording, left, right)
    result = match.result()
    if recording.score is not None and result.score != recording.score:
        msg = (
            f"recording: replay ends {result.score[0]}-{result.score[1]} but the recording "
            f"says {recording.score[0]}-{recording.score[1]}; it was made with other rules"
        )
        raise RecordingError(msg)
    if recording.over is not None and match.over != recording.over:
        said, found = ("over", "goes on") if recording.over else ("not over", "is over")
        msg = (
            f"recording: it says the match was {said} at tick {recording.ticks}, but in the "
            f"replay it {found}; its rules or inputs were changed"
        )
        raise RecordingError(msg)
    if recording.digest is not None and match._course_digest() != recording.digest:  # noqa: SLF001
        msg = (
            "recording: the replay goes differently from the recorded match (the course "
            "digest differs); its seed, rules or inputs were changed"
        )
        raise RecordingError(msg)
    return result
