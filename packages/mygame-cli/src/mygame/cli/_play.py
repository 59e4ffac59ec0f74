"""``mygame play``, ``mygame demo`` and ``mygame replay``: matches in the terminal.

A :class:`MatchScenario` is what runs inside :func:`mygame.cli._loop.run_loop`: it
turns keys into paddle commands, advances the engine one fixed tick at a time and
asks the renderer for the bytes of each frame. Terminals report key presses but not
releases, so a key moves its paddle for a short hold (:data:`HOLD_SECONDS`) that the
keyboard's auto-repeat keeps extending while the key is held down.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from mygame.cli._clock import FixedClock
from mygame.cli._console import Console, open_console
from mygame.cli._errors import CliError
from mygame.cli._files import check_writable, write_atomically
from mygame.cli._loop import run_loop
from mygame.draw import (
    SYNC_END,
    TerminalRenderer,
    detect_color_depth,
    enter_screen,
    fits,
    leave_screen,
    match_over_message,
)
from mygame.logic import (
    Command,
    ComputerPlayer,
    Difficulty,
    HumanPlayer,
    Match,
    Player,
    Recording,
    RecordingError,
    Settings,
    Side,
    replay,
)

if TYPE_CHECKING:
    import argparse

__all__ = [
    "DEMO_PAUSE_SECONDS",
    "END_GRACE_SECONDS",
    "HOLD_SECONDS",
    "Keyboard",
    "MatchScenario",
    "Mode",
    "demo_command",
    "load_recording",
    "play_command",
    "replay_command",
]

HOLD_SECONDS = 0.15
"""How long one key press moves a paddle; auto-repeat extends it while the key is held."""

END_GRACE_SECONDS = 0.75
"""After the match ends, other keys than q wait this long before they leave the end screen."""

DEMO_PAUSE_SECONDS = 3.0
"""How long the demo shows a finished match before it starts the next one."""

_QUIT_KEYS = frozenset({"q", "Q", "ctrl-c", "escape"})
_PAUSE_KEYS = frozenset({"p", "P", " "})
_LEFT_KEYS = {"w": Command.UP, "W": Command.UP, "s": Command.DOWN, "S": Command.DOWN}
_ARROW_KEYS = {"up": Command.UP, "down": Command.DOWN}


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

    def __init__(  # noqa: PLR0913 - the scenario is the sum of these choices
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
    ) -> None:
        """Show ``match`` played by ``players``; ``last_tick`` ends a replay's inputs."""
        self.mode = mode
        self.match = match
        self.players = players
        self.renderer = renderer
        self.names = names
        self.status = status
        self.keyboard = keyboard
        self.last_tick = last_tick
        self.paused = False
        self.quit = False
        self._ended_ticks = 0
        self._demo_games = 1
        self._drawn: tuple[object, ...] | None = None

    @property
    def finished(self) -> bool:
        """Whether the player asked to leave."""
        return self.quit

    @property
    def ended(self) -> bool:
        """Whether the match is over (or the recording ran out)."""
        return self.match.over or (self.last_tick is not None and self.match.tick >= self.last_tick)

    def on_key(self, key: str) -> None:
        """Quit, pause, or move a paddle."""
        if key in _QUIT_KEYS or self.mode is Mode.DEMO:
            self.quit = True
        elif self.ended:
            # Keys hammered as the last point falls must not skip the end screen.
            self.quit = self._ended_ticks >= END_GRACE_SECONDS * _rate(self.match)
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
            if self.mode is Mode.DEMO and self._ended_ticks >= DEMO_PAUSE_SECONDS * _rate(match):
                self._next_demo_match()
            return
        if self.keyboard is not None:
            self.keyboard.update(match.tick)
        left, right = self.players
        match.advance(left.command(match, Side.LEFT), right.command(match, Side.RIGHT))

    def _next_demo_match(self) -> None:
        seed = self.match.seed + 1
        self.match = Match(self.match.settings, seed)
        difficulty = [getattr(p, "difficulty", Difficulty.MEDIUM) for p in self.players]
        self.players = (
            ComputerPlayer(difficulty[0], 2 * seed),
            ComputerPlayer(difficulty[1], 2 * seed + 1),
        )
        self._ended_ticks = 0
        self._demo_games += 1

    def message(self) -> tuple[str, ...] | None:
        """Return the lines of the box in the middle of the screen, if any."""
        if self.ended:
            match = self.match
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
        status = self.status
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


def _rate(match: Match) -> int:
    return match.settings.tick_rate


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
    return TerminalRenderer(depth, names=names)


def _console(command: str) -> Console:
    return open_console(
        command,
        enter=enter_screen().encode(),
        leave=(SYNC_END + leave_screen()).encode(),
    )


def _check_size(console: Console, command: str) -> None:
    columns, rows = console.size()
    if not fits((columns, rows)):
        from mygame.draw import MIN_COLUMNS, MIN_ROWS

        msg = (
            f"the terminal is {columns}x{rows}, too small for 'mygame {command}': "
            f"enlarge it to at least {MIN_COLUMNS}x{MIN_ROWS}"
        )
        raise CliError(msg)


def _run(console: Console, scenario: MatchScenario, speed: float) -> None:
    rate = _rate(scenario.match)
    clock = FixedClock(rate, speed=speed, max_ticks=max(8, int(8 * speed)))
    run_loop(console, scenario, clock)


def _save_recording(match: Match, path: Path) -> str:
    """Save the match's recording at ``path``; never lose it: fall back to a temp file."""
    text = match.recording().to_json()
    try:
        write_atomically(path, text)
    except (OSError, CliError) as error:
        fd, fallback = tempfile.mkstemp(prefix="mygame-recording-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        reason = error.message if isinstance(error, CliError) else error.strerror or error
        return f"could not save the recording to {str(path)!r} ({reason}); saved it to {fallback}"
    return f"recording saved to {path} ({match.tick} ticks): replay it with 'mygame replay {path}'"


def play_command(args: argparse.Namespace) -> int:
    """Play a match against the computer or a second player."""
    record = check_writable(args.record) if args.record else None
    seed = _seed(args)
    match = Match(_settings(args), seed, record=record is not None)
    hold = max(1, round(HOLD_SECONDS * _rate(match)))
    left_human = HumanPlayer()
    if args.two_players:
        right_human = HumanPlayer()
        right: Player = right_human
        bindings = {k: (left_human, c) for k, c in _LEFT_KEYS.items()}
        bindings |= {k: (right_human, c) for k, c in _ARROW_KEYS.items()}
        names = ("left", "right")
        status = "left W/S · right ↑/↓ · p pause · q quit"
    else:
        right = ComputerPlayer(Difficulty(args.difficulty), 2 * seed + 1)
        bindings = {k: (left_human, c) for k, c in (_LEFT_KEYS | _ARROW_KEYS).items()}
        names = ("you", "computer")
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
    console = _console(args.command)
    try:
        with console:
            _check_size(console, args.command)
            _run(console, scenario, args.speed)
    finally:
        # Whatever ended the match (the end, q, Ctrl-C, SIGTERM, an error), keep it.
        if record is not None and match.tick > 0:
            print(_save_recording(match, record), file=sys.stderr)
    if match.over:
        left_score, right_score = match.score
        print(f"{names[0]} {left_score} - {right_score} {names[1]}")
    return 0


def demo_command(args: argparse.Namespace) -> int:
    """Watch the computer play itself until a key is pressed."""
    seed = _seed(args)
    match = Match(_settings(args), seed)
    difficulty = Difficulty(args.difficulty)
    names = ("computer", "computer")
    scenario = MatchScenario(
        Mode.DEMO,
        match,
        (ComputerPlayer(difficulty, 2 * seed), ComputerPlayer(difficulty, 2 * seed + 1)),
        _renderer(names),
        names=names,
        status="demo · any key quits",
    )
    console = _console(args.command)
    with console:
        _check_size(console, args.command)
        _run(console, scenario, args.speed)
    return 0


def load_recording(file: str) -> Recording:
    """Read and check the recording in ``file``; raise CliError saying what is wrong."""
    path = Path(file)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        msg = f"cannot replay {file!r}: no such file"
        raise CliError(msg) from None
    except IsADirectoryError:
        msg = f"cannot replay {file!r}: it is a folder, not a recording"
        raise CliError(msg) from None
    except OSError as error:
        msg = f"cannot replay {file!r}: {error.strerror or error}"
        raise CliError(msg) from None
    try:
        return Recording.from_json(data)
    except RecordingError as error:
        msg = f"cannot replay {file!r}: {error}"
        raise CliError(msg) from None


def replay_command(args: argparse.Namespace) -> int:
    """Watch a recorded match, or with ``--verify`` check it headless."""
    recording = load_recording(args.file)
    if args.verify:
        try:
            result = replay(recording)
        except RecordingError as error:
            msg = f"{args.file} does not verify: {error}"
            raise CliError(msg) from None
        left_score, right_score = result.score
        print(
            f"ok: {args.file} replays to {left_score}-{right_score} in {result.ticks} ticks, "
            "as recorded"
        )
        return 0
    left, right = recording.players()
    names = ("left", "right")
    scenario = MatchScenario(
        Mode.REPLAY,
        Match(recording.settings, recording.seed),
        (left, right),
        _renderer(names),
        names=names,
        status=f"replay of {Path(args.file).name} · p pause · q quit",
        last_tick=recording.ticks,
    )
    console = _console(args.command)
    with console:
        _check_size(console, args.command)
        _run(console, scenario, args.speed)
    return 0
