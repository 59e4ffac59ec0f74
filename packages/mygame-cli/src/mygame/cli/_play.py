"""``mygame play``, ``mygame demo`` and ``mygame replay``: matches in the terminal.

Each command builds a :class:`~mygame.cli._scenario.MatchScenario`, takes the terminal
(:func:`~mygame.cli._console.open_console`, with the renderer's screen sequences) and
runs the fixed-timestep loop until the player leaves. ``play --record`` saves the
match as it goes (:mod:`mygame.cli._recorder`) and once more in a ``finally``:
whatever ends the game, the recording is kept.
"""

from __future__ import annotations

import os
import random
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from mygame.cli._capable import check_capable, needs_ascii
from mygame.cli._clock import FixedClock
from mygame.cli._console import Console, open_console
from mygame.cli._errors import CliError
from mygame.cli._files import OutputFile, output_file
from mygame.cli._loop import Scenario, run_loop
from mygame.cli._players import HUMAN, Chosen, choose, choose_sides, label
from mygame.cli._recorder import RecordingScenario
from mygame.cli._scenario import HOLD_SECONDS, Keyboard, MatchScenario, Mode, tick_rate
from mygame.cli._shown import printable, shown
from mygame.cli._verify import load_recording
from mygame.draw import (
    TerminalRenderer,
    detect_color_depth,
    fits,
)
from mygame.logic import Command, HumanPlayer, Match, Player, RecordedPlayer, Settings, player_seeds

if TYPE_CHECKING:
    import argparse

__all__ = ["demo_command", "play_command", "replay_command"]

_LEFT_KEYS = {"w": Command.UP, "W": Command.UP, "s": Command.DOWN, "S": Command.DOWN}
_ARROW_KEYS = {"up": Command.UP, "down": Command.DOWN}


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings()
    if args.target is not None:
        settings = replace(settings, target_score=args.target)
    return settings


def _seed(args: argparse.Namespace) -> int:
    seed: int | None = args.seed
    return seed if seed is not None else random.SystemRandom().randrange(2**31)


def _renderer(names: tuple[str, str]) -> TerminalRenderer:
    depth = detect_color_depth(os.environ, is_terminal=True)
    return TerminalRenderer(depth, names=names, ascii=needs_ascii(sys.stdout))


def _console(command: str) -> Console:
    """Refuse a terminal that cannot show the game, before any escape code; else take it."""
    check_capable(command)
    return open_console(command)


def _check_size(console: Console, command: str) -> None:
    columns, rows = console.size()
    if not fits((columns, rows)):
        from mygame.draw import MIN_COLUMNS, MIN_ROWS

        msg = (
            f"the terminal is {columns}x{rows}, too small for 'mygame {command}': "
            f"enlarge it to at least {MIN_COLUMNS}x{MIN_ROWS}"
        )
        raise CliError(msg)


def _run(console: Console, scenario: Scenario, match: Match, speed: float) -> None:
    rate = tick_rate(match)
    clock = FixedClock(rate, speed=speed, max_ticks=max(8, int(8 * speed)))
    run_loop(console, scenario, clock)


def _save_recording(recorder: RecordingScenario) -> str:
    """Save the match's recording one last time; never lose it: fall back to a temp file."""
    match, output = recorder.scenario.match, recorder.output
    path = shown(output.name)
    try:
        recorder.save()
    except CliError as error:
        import tempfile  # here: 7 ms of every start, for this rare fallback only

        fd, fallback = tempfile.mkstemp(prefix="mygame-recording-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(recorder.recording().to_json())
        return f"{error.message}; saved the recording to {fallback} instead"
    return (
        f"recording saved to {path} ({match.tick} ticks): replay it with "
        f"'mygame replay {printable(output.name)}'"
    )


def _made(chosen: tuple[Chosen, Chosen], seed: int, settings: Settings) -> tuple[Player, Player]:
    left_seed, right_seed = player_seeds(seed)
    left, right = chosen
    return (
        left.make(left_seed, left.lateness(settings)),
        right.make(right_seed, right.lateness(settings)),
    )


def _forfeited(scenario: MatchScenario) -> None:
    """After the terminal is given back: a forfeit is the command's error, in one line."""
    if scenario.forfeit is not None:
        raise scenario.forfeit


def play_command(args: argparse.Namespace) -> int:
    """Play a match against the computer, another installed player, or a second player."""
    opponent = None if args.two_players else choose(args.opponent, "--opponent")
    record: OutputFile | None = (
        output_file(args.record, force=args.force) if args.record is not None else None
    )
    seed = _seed(args)
    match = Match(_settings(args), seed, record=record is not None)
    hold = max(1, round(HOLD_SECONDS * tick_rate(match)))
    left_human = HumanPlayer()
    if opponent is None:
        right_human = HumanPlayer()
        right: Player = right_human
        recorded: RecordedPlayer = HUMAN
        bindings = {k: (left_human, c) for k, c in _LEFT_KEYS.items()}
        bindings |= {k: (right_human, c) for k, c in _ARROW_KEYS.items()}
        names = ("left", "right")
        status = "left W/S · right ↑/↓ · p pause · q quit"
    else:
        right_seed = player_seeds(seed)[1]
        right = opponent.make(right_seed, opponent.lateness(match.settings))
        recorded = opponent.recorded(right_seed)
        bindings = {k: (left_human, c) for k, c in (_LEFT_KEYS | _ARROW_KEYS).items()}
        names = ("you", opponent.label)
        status = "W/S or ↑/↓ move · p pause · q quit"
    scenario = MatchScenario(
        Mode.PLAY,
        match,
        (left_human, right),
        _renderer(names),
        names=names,
        status=status,
        keyboard=Keyboard(bindings, hold),
    )
    players = (HUMAN, recorded)
    recorder = RecordingScenario(scenario, record, players) if record is not None else None
    try:
        console = _console(args.command)
        with console:
            _check_size(console, args.command)
            _run(console, recorder or scenario, match, args.speed)
    finally:
        scenario.close()
        # Whatever ended the match (the end, q, Ctrl-C, SIGTERM, an error), keep it.
        if recorder is not None and match.tick > 0:
            print(_save_recording(recorder), file=sys.stderr)
    _forfeited(scenario)
    if match.over:
        left_score, right_score = match.score
        print(f"{names[0]} {left_score} - {right_score} {names[1]}")
    return 0


def demo_command(args: argparse.Namespace) -> int:
    """Watch two players (the computer, or installed ones) play until a key is pressed."""
    chosen = choose_sides(args.left, args.right)
    seed = _seed(args)
    match = Match(_settings(args), seed)
    names = (chosen[0].label, chosen[1].label)
    scenario = MatchScenario(
        Mode.DEMO,
        match,
        _made(chosen, seed, match.settings),
        _renderer(names),
        names=names,
        status="demo · any key quits",
        next_players=lambda seed: _made(chosen, seed, match.settings),
    )
    try:
        console = _console(args.command)
        with console:
            _check_size(console, args.command)
            _run(console, scenario, scenario.match, args.speed)
    finally:
        scenario.close()
    _forfeited(scenario)
    return 0


def replay_command(args: argparse.Namespace) -> int:
    """Watch the one recorded match ``args.files`` names (``--verify``: mygame.cli._verify)."""
    (file,) = args.files
    recording = load_recording(file)
    left, right = recording.players()
    names = (label(recording.left_player, "left"), label(recording.right_player, "right"))
    scenario = MatchScenario(
        Mode.REPLAY,
        Match(recording.settings, recording.seed),
        (left, right),
        _renderer(names),
        names=names,
        status=f"replay of {printable(Path(file).name)} · p pause · q quit",
        last_tick=recording.ticks,
    )
    console = _console(args.command)
    with console:
        _check_size(console, args.command)
        _run(console, scenario, scenario.match, args.speed)
    return 0
