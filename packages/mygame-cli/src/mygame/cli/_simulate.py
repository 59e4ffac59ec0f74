"""``mygame simulate``: headless matches, ``--left`` against ``--right``; a summary or JSON.

Game ``i`` (from 0) is played with seed ``S + i`` and the players made from it
(:func:`~mygame.logic.player_seeds`), so a run is reproducible for its seed: everything
in the output but the ``timing`` fields is the same on every machine and every run, as
long as the players answer in time (a player of another distribution that does not,
see :mod:`mygame.cli._guard`, is named on stderr). A progress bar goes to stderr only
when stderr is a terminal and the run lasts more than a moment.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TextIO

from mygame.cli._errors import CliError
from mygame.cli._guard import HEADLESS_PATIENCE, ForfeitError
from mygame.cli._players import Chosen, choose_sides, close
from mygame.cli._shown import printable
from mygame.logic import Match, PaddleHit, Point, Settings, Side, player_seeds

if TYPE_CHECKING:
    import argparse

    from mygame.logic import Player

__all__ = ["GameSummary", "Progress", "play_one", "simulate_command"]

_LEFT = Side.LEFT
_RIGHT = Side.RIGHT
_PROGRESS_AFTER = 0.5  # seconds before a progress bar appears
_PROGRESS_EVERY = 0.1  # seconds between redraws of the bar
_BAR_WIDTH = 30
_LIST_GAMES = 20  # the summary lists every game up to a screenful


@dataclass(frozen=True, slots=True)
class GameSummary:
    """One simulated match."""

    game: int
    seed: int
    score: tuple[int, int]
    winner: str | None
    ticks: int
    rallies: list[int] = field(default_factory=list)


def play_one(
    game: int, seed: int, settings: Settings, players: tuple[Player, Player], max_ticks: int
) -> GameSummary:
    """Play match number ``game`` with ``seed``; count the paddle hits of every rally.

    A match still running after ``max_ticks`` ticks is stopped (its winner is None):
    two perfect players could otherwise rally forever.
    """
    match = Match(settings, seed)
    left = players[0].command
    right = players[1].command
    advance = match.advance
    rallies: list[int] = []
    hits = 0
    while not match.over and match.tick < max_ticks:
        events = advance(left(match, _LEFT), right(match, _RIGHT))
        for event in events:  # most ticks have none
            if isinstance(event, PaddleHit):
                hits += 1
            elif isinstance(event, Point):
                rallies.append(hits)
                hits = 0
    winner = match.winner.value if match.winner is not None else None
    return GameSummary(game, seed, match.score, winner, match.tick, rallies)


class _Sides:
    """The two chosen players, made anew for each game, and how late each side answered."""

    def __init__(self, left: Chosen, right: Chosen, settings: Settings) -> None:
        self.chosen = (left, right)
        wait = HEADLESS_PATIENCE
        self.lateness = (
            left.lateness(settings, patience=wait),
            right.lateness(settings, patience=wait),
        )

    def play(self, game: int, seed: int, settings: Settings, max_ticks: int) -> GameSummary:
        seeds = player_seeds(seed)
        players = (
            self.chosen[0].make(seeds[0], self.lateness[0]),
            self.chosen[1].make(seeds[1], self.lateness[1]),
        )
        try:
            return play_one(game, seed, settings, players, max_ticks)
        except ForfeitError as forfeit:
            msg = f"game {game} (seed {seed}): {forfeit.message}"
            raise CliError(msg) from None
        finally:
            close(players)


class Progress:
    """A one-line progress bar on a terminal stream, shown only for long runs."""

    def __init__(self, total: int, stream: TextIO) -> None:
        """Count to ``total`` on ``stream`` (nothing is drawn if it is not a terminal)."""
        self._total = total
        self._stream = stream
        self._enabled = stream.isatty()
        self._start = time.monotonic()
        self._last = 0.0
        self._shown = False

    def update(self, done: int) -> None:
        """Redraw the bar for ``done`` of the total, at most ten times a second."""
        if not self._enabled:
            return
        now = time.monotonic()
        if now - self._start < _PROGRESS_AFTER or now - self._last < _PROGRESS_EVERY:
            return
        self._last = now
        filled = _BAR_WIDTH * done // self._total
        bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
        self._stream.write(f"\r[{bar}] {done}/{self._total} games")
        self._stream.flush()
        self._shown = True

    def close(self) -> None:
        """Erase the bar, if one was drawn."""
        if self._shown:
            self._stream.write("\r\x1b[2K")
            self._stream.flush()


def _report(
    args: argparse.Namespace, sides: _Sides, games: list[GameSummary], seconds: float
) -> dict[str, object]:
    rallies = [r for game in games for r in game.rallies]
    ticks = sum(game.ticks for game in games)
    rate = Settings().tick_rate
    left, right = (chosen.entry for chosen in sides.chosen)
    return {
        "seed": args.seed,
        "games": len(games),
        "left": {"name": left.name, "distribution": left.distribution, "version": left.version},
        "right": {"name": right.name, "distribution": right.distribution, "version": right.version},
        "target": _target(args),
        "max_ticks": args.max_ticks,
        "ticks": ticks,
        "wins": {
            "left": sum(game.winner == "left" for game in games),
            "right": sum(game.winner == "right" for game in games),
            "unfinished": sum(game.winner is None for game in games),
        },
        "rallies": {
            "count": len(rallies),
            "mean_hits": round(sum(rallies) / len(rallies), 3) if rallies else 0.0,
            "longest_hits": max(rallies, default=0),
        },
        "results": [
            {
                "game": game.game,
                "seed": game.seed,
                "score": list(game.score),
                "winner": game.winner,
                "ticks": game.ticks,
                "longest_rally": max(game.rallies, default=0),
            }
            for game in games
        ],
        "timing": {
            "seconds": round(seconds, 4),
            "ticks_per_second": round(ticks / seconds) if seconds > 0 else None,
            "times_real_time": round(ticks / rate / seconds, 1) if seconds > 0 else None,
        },
    }


def _target(args: argparse.Namespace) -> int:
    target: int | None = args.target
    return target if target is not None else Settings().target_score


def _text(report: dict[str, Any]) -> str:
    wins, rallies, timing = report["wins"], report["rallies"], report["timing"]
    left, right = report["left"], report["right"]
    lines = [
        (
            f"{report['games']} games from seed {report['seed']}, {printable(left['name'])} "
            f"against {printable(right['name'])}, first to {report['target']}"
        ),
        printable(
            f"players: left {left['name']} ({left['distribution']} {left['version']}), "
            f"right {right['name']} ({right['distribution']} {right['version']})"
        ),
        f"wins:    left {wins['left']}, right {wins['right']}"
        + (f", unfinished {wins['unfinished']} (--max-ticks)" if wins["unfinished"] else ""),
        (
            f"rallies: {rallies['count']}, {rallies['mean_hits']} paddle hits on average, "
            f"longest {rallies['longest_hits']}"
        ),
        f"ticks:   {report['ticks']} ({report['ticks'] // 60} s of game time)",
        (
            f"speed:   {timing['ticks_per_second']} ticks/s, {timing['times_real_time']}x "
            f"real time ({timing['seconds']} s)"
        ),
    ]
    results = report["results"]
    if len(results) <= _LIST_GAMES:
        lines.append("games:")
        lines.extend(
            f"  {r['game']:>3}  seed {r['seed']:<6} {r['score'][0]:>2}-{r['score'][1]:<2} "
            f"{r['winner'] or '-':<5} {r['ticks']:>6} ticks"
            for r in results
        )
    return "\n".join(lines) + "\n"


def simulate_command(args: argparse.Namespace) -> int:
    """Play ``--games`` matches from ``--seed`` and print a summary or JSON."""
    settings = Settings()
    if args.target is not None:
        settings = replace(settings, target_score=args.target)
    sides = _Sides(*choose_sides(args.left, args.right), settings)
    progress = Progress(args.games, sys.stderr)
    start = time.perf_counter()
    games: list[GameSummary] = []
    try:
        for game in range(args.games):
            games.append(sides.play(game, args.seed + game, settings, args.max_ticks))
            progress.update(game + 1)
    finally:
        progress.close()
        for late in sides.lateness:
            if (text := late.text()) is not None:
                print(f"mygame: warning: {printable(text)}", file=sys.stderr)
    report = _report(args, sides, games, time.perf_counter() - start)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        sys.stdout.write(_text(report))
    return 0
