"""The command line: argparse subcommands, each importing its heavy parts lazily.

Every way out goes through :func:`run`, which turns a :class:`CliError`, a bad
argument, Ctrl-C, SIGTERM or a closed pipe into one line on stderr and an exit
status, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import sys

from mygame.cli._errors import EXIT_USAGE, CliError, Terminated
from mygame.cli._help import COMMANDS, DESCRIPTION, EPILOG, VERSION_HELP
from mygame.cli._shown import error_line, printable, shown

TYPE_CHECKING = False  # ``typing`` costs milliseconds at start-up; mypy treats this as True
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any, NoReturn, Protocol

    from mygame.cli._registry import Registry

    class _Writer(Protocol):  # typeshed's SupportsWrite[str], without importing _typeshed
        def write(self, s: str, /) -> object: ...


__all__ = [
    "MAX_GAMES",
    "MAX_PICTURE_COLUMNS",
    "MAX_PICTURE_ROWS",
    "MAX_TICKS_PER_GAME",
    "build_parser",
    "run",
]

MAX_PICTURE_COLUMNS = 1000
"""Widest text picture ``render`` draws: more than any screen shows."""

MAX_PICTURE_ROWS = 500
"""Tallest text picture ``render`` draws."""

MAX_GAMES = 1_000_000
"""Most matches one ``simulate`` plays (a few hours on one core)."""
MAX_TICKS_PER_GAME = 5_000_000
"""Longest match ``simulate`` plays out: as long as the longest recording (23 hours of play)."""
_MAX_DIGITS = 30  # far beyond every bound, far below int()'s 4300-digit limit

_OUTPUT_HELP = (
    "; '-' is standard output. An existing FILE is refused unless --force, and a"
    " read-only one always; a symlink is followed and its target replaced; a"
    " device or FIFO (/dev/null, a named pipe) is written to directly"
)


def _width() -> int:
    """Return the help width as argparse would, without importing shutil (slow)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        try:
            columns = os.get_terminal_size(sys.stdout.fileno()).columns
        except (OSError, ValueError):
            columns = 80
    return max(columns - 2, 20)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keep the epilog's layout; pass the width so argparse need not import shutil."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_width())


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line and exit status 2, via CliError."""

    player_options = ""  # a command that takes players names its options here

    def print_help(self, file: _Writer | None = None) -> None:
        """Write the help, letting a failed write raise (argparse would swallow it)."""
        (file or sys.stdout).write(self.format_help())

    def format_help(self) -> str:
        """Return the help; a command that takes players lists those installed, read now."""
        text = super().format_help()
        if not self.player_options:
            return text
        from mygame.cli._registry import installed

        return f"{text}\n{_players_help(installed(), self.player_options)}"

    def error(self, message: str) -> NoReturn:
        line = printable(" ".join(message.split()))  # argparse echoes some values raw
        msg = f"{line} (see '{self.prog} --help')"
        raise CliError(msg, EXIT_USAGE)


def _whole_number(text: str, minimum: int | None, maximum: int | None = None) -> int:
    """Return ``text`` as an int: ASCII digits 0-9 only, no ``1_000``, no spaces, no ``+``."""
    digits = text.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > _MAX_DIGITS:
        msg = f"expected a whole number such as 5, got {shown(text)}"
        raise argparse.ArgumentTypeError(msg)
    value = int(text)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        accepted = f"of at least {minimum}" if maximum is None else f"from {minimum} to {maximum}"
        msg = f"expected a number {accepted}, got {value}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _positive(text: str) -> int:
    return _whole_number(text, 1)


def _natural(text: str) -> int:
    return _whole_number(text, 0)


def _seed(text: str) -> int:
    """Parse a seed a recording can hold: what ``play`` writes, ``replay`` reads."""
    from mygame.logic import SEED_LIMIT

    value = _whole_number(text, None)
    if not -SEED_LIMIT < value < SEED_LIMIT:
        msg = f"expected a seed of magnitude below 2**63 ({SEED_LIMIT}), got {text}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _games(text: str) -> int:
    return _whole_number(text, 1, MAX_GAMES)


def _max_ticks(text: str) -> int:
    return _whole_number(text, 1, MAX_TICKS_PER_GAME)


def _columns(text: str) -> int:
    return _whole_number(text, 1, MAX_PICTURE_COLUMNS)


def _rows(text: str) -> int:
    return _whole_number(text, 1, MAX_PICTURE_ROWS)


def _target(text: str) -> int:
    """Return the points to win, checked by the engine's own Settings (one source of range)."""
    value = _positive(text)
    from mygame.logic import Settings, SettingsError

    try:
        Settings(target_score=value)
    except SettingsError as error:
        raise argparse.ArgumentTypeError(str(error).removeprefix("settings: ")) from None
    return value


def _speed(text: str) -> float:
    """Return a playback speed: plain ASCII decimal (``2``, ``0.5``), 0.1 to 100."""
    if re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{1,3})?", text, flags=re.ASCII) is None:
        msg = f"expected a number such as 1, 4 or 0.5, got {shown(text)}"
        raise argparse.ArgumentTypeError(msg)
    value = float(text)
    if not 0.1 <= value <= 100:
        msg = f"expected a speed from 0.1 to 100, got {text}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _play(args: argparse.Namespace) -> int:
    from mygame.cli._play import play_command

    return play_command(args)


def _demo(args: argparse.Namespace) -> int:
    from mygame.cli._play import demo_command

    return demo_command(args)


def _replay(args: argparse.Namespace) -> int:
    if args.verify:  # headless: the engine only, not the terminal and renderer
        from mygame.cli._verify import verify_recordings

        return verify_recordings(args.files)
    if len(args.files) > 1:
        msg = (
            f"replay: watching takes one FILE, got {len(args.files)}; --verify checks "
            "several at once (see 'mygame replay --help')"
        )
        raise CliError(msg, EXIT_USAGE)
    from mygame.cli._play import replay_command

    return replay_command(args)


def _simulate(args: argparse.Namespace) -> int:
    from mygame.logic import SEED_LIMIT

    if args.seed + args.games > SEED_LIMIT:  # game i is played with seed SEED+i
        msg = (
            f"--seed {args.seed} --games {args.games}: the last game's seed would reach 2**63;"
            f" give a seed of at most {SEED_LIMIT - args.games} or fewer games"
        )
        raise CliError(msg, EXIT_USAGE)
    from mygame.cli._simulate import simulate_command

    return simulate_command(args)


def _render(args: argparse.Namespace) -> int:
    from mygame.cli._render import render_command

    return render_command(args)


def _info(args: argparse.Namespace) -> int:
    from mygame.cli._info import info_command

    return info_command(args)


_DEFAULT_PLAYER = "medium"
_BUILTIN_PLAYERS = ("easy", "medium", "hard")  # mygame-logic's, for --difficulty
_PLAYERS_NOTE = """\
Any distribution can add a player: an entry point in the group 'mygame.players'.
Installing a distribution runs its code: mygame imports a player only when told
to use it, and 'mygame info' lists them without importing any.
"""


def _players_help(registry: Registry, options: str) -> str:
    """Return the help's list of installed players, and what installing one means."""
    rows = [
        (printable(e.name), printable(f"{e.distribution} {e.version}"), printable(e.value))
        for e in registry.entries
    ]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(2)]
    lines = [f"  {n:<{widths[0]}}  {d:<{widths[1]}}  {v}" for n, d, v in rows] or ["  (none)"]
    lines += [f"  ({problem})" for problem in registry.problems]
    head = f"players installed (for {options}: a NAME, or DIST:NAME):"
    return "\n".join([head, *lines, "", _PLAYERS_NOTE])


class _BothSides(argparse.Action):
    """``--difficulty D``: the built-in player D on both sides (as in mygame-cli 1.0)."""

    def __call__(
        self,
        _parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        _option_string: str | None = None,
    ) -> None:
        namespace.left = namespace.right = values


def _add_players(parser: _Parser, *, opponent: bool = False) -> None:
    """Add --left/--right (or --opponent), and --difficulty, the older way to name one."""
    parser.player_options = "--opponent" if opponent else "--left, --right"
    if opponent:
        parser.add_argument(
            "--opponent",
            metavar="NAME",
            default=_DEFAULT_PLAYER,
            help="who plays the right paddle against you: an installed player, listed below"
            " (default: %(default)s)",
        )
        parser.add_argument(
            "--difficulty",
            dest="opponent",
            choices=_BUILTIN_PLAYERS,
            help="the same as --opponent with a built-in player",
        )
        return
    for side in ("left", "right"):
        parser.add_argument(
            f"--{side}",
            metavar="NAME",
            default=_DEFAULT_PLAYER,
            help=f"who plays the {side} paddle: an installed player, listed below"
            " (default: %(default)s)",
        )
    parser.add_argument(
        "--difficulty",
        action=_BothSides,
        choices=_BUILTIN_PLAYERS,
        help="the same as --left D --right D with a built-in player D",
    )


def _add_match_options(parser: argparse.ArgumentParser, *, seed_help: str | None = None) -> None:
    parser.add_argument(
        "--target",
        type=_target,
        default=None,
        metavar="POINTS",
        help="points needed to win the match, 1 to 1000 (default: the engine's, 11)",
    )
    if seed_help is None:
        parser.add_argument("--seed", type=_seed, help="seed of the match (default: random)")
    else:
        parser.add_argument(
            "--seed", type=_seed, default=0 if "SEED+i" in seed_help else None, help=seed_help
        )
    # Hidden: runs the game clock faster, so pseudo-terminal tests see points scored quickly.
    parser.add_argument("--speed", type=_speed, default=1.0, help=argparse.SUPPRESS)


def _add_force(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace an existing FILE (its mode and owner are kept)",
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of the whole ``mygame`` command line."""
    parser = _Parser(
        prog="mygame",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=_Formatter,
    )
    parser.add_argument(
        "-V",
        "--version",
        action="store_true",
        help=VERSION_HELP,
    )
    sub = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND", prog="mygame")

    def add(name: str, handler: Callable[[argparse.Namespace], int]) -> _Parser:
        text = COMMANDS[name]
        command: _Parser = sub.add_parser(
            name, help=text, description=text, formatter_class=_Formatter
        )
        command.set_defaults(handler=handler)
        return command

    play = add("play", _play)
    _add_players(play, opponent=True)
    _add_match_options(play)
    play.add_argument(
        "--two-players",
        action="store_true",
        help="left player W/S, right player the arrow keys",
    )
    play.add_argument(
        "--record",
        metavar="FILE",
        help="save the match to FILE for 'mygame replay', rewritten after every point and every"
        f" few seconds, so a crash keeps the match so far{_OUTPUT_HELP}",
    )
    _add_force(play)

    demo = add("demo", _demo)
    _add_players(demo)
    _add_match_options(
        demo,
        seed_help="seed of the first match; each next one adds 1, wrapping"
        " round at 2**63 (default: random)",
    )

    simulate = add("simulate", _simulate)
    _add_players(simulate)
    _add_match_options(simulate, seed_help="game i is played with seed SEED+i (default: 0)")
    simulate.add_argument(
        "--games", type=_games, default=10, help=f"matches, at most {MAX_GAMES:,} (default: 10)"
    )
    simulate.add_argument("--json", action="store_true", help="print the results as JSON")
    simulate.add_argument(
        "--max-ticks",
        type=_max_ticks,
        default=216_000,
        metavar="TICKS",
        help="stop a match that lasts longer, e.g. hard against hard (default: %(default)s,"
        " one hour of game time)",
    )

    replay = add("replay", _replay)
    replay.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a recording made by 'mygame play --record'; --verify checks one or more",
    )
    replay.add_argument(
        "--verify",
        action="store_true",
        help="replay headless and check everything each recording claims (score, end, course"
        " of play), one line per FILE; exit 1 if one differs or cannot be read, else 3 if"
        " one records nothing to check",
    )
    replay.add_argument("--speed", type=_speed, default=1.0, help="playback speed (default: 1)")

    render = add("render", _render)
    _add_players(render)
    render.add_argument("--format", choices=("text", "svg"), default="text", help="default: text")
    render.add_argument("--seed", type=_seed, default=0, help="seed of the match (default: 0)")
    render.add_argument("--tick", type=_natural, default=0, help="tick to draw (default: 0)")
    render.add_argument(
        "--width",
        type=_columns,
        default=80,
        help=f"columns of a text picture, at most {MAX_PICTURE_COLUMNS} (default: 80)",
    )
    render.add_argument(
        "--height",
        type=_rows,
        default=24,
        help=f"rows of a text picture, at most {MAX_PICTURE_ROWS} (default: 24)",
    )
    render.add_argument(
        "-o", "--output", metavar="FILE", help=f"write to FILE (default: stdout){_OUTPUT_HELP}"
    )
    _add_force(render)

    info = add("info", _info)
    info.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _quiet_broken_pipe() -> int:
    # The reader went away (`mygame render | head`): point stdout at devnull so the
    # interpreter's final flush does not print a second error.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 141


def run(argv: Sequence[str]) -> int:  # noqa: PLR0911 - one status per way out
    """Parse ``argv``, run the chosen subcommand and return the exit status."""
    try:
        parser = build_parser()
        args, extra = parser.parse_known_args(argv)
        if extra:  # argparse joins them raw: an empty one would not show
            parser.error(f"unrecognized arguments: {' '.join(map(shown, extra))}")
        if args.version:
            from mygame.cli._installed import version_text

            sys.stdout.write(version_text())
            return 0
        if args.command is None:  # options but no command: `mygame -V -V`
            parser.print_usage(sys.stderr)
            return EXIT_USAGE
        handler: Callable[[argparse.Namespace], int] = args.handler
        status = handler(args)
        sys.stdout.flush()
    except SystemExit as exit_:  # --help and argparse's own exits
        return _exit_status(exit_.code)
    except CliError as error:
        print(error_line(error.message), file=sys.stderr)
        return error.status
    except KeyboardInterrupt:
        print("mygame: interrupted", file=sys.stderr)
        return 130
    except Terminated as terminated:
        return 128 + terminated.signum
    except BrokenPipeError:
        return _quiet_broken_pipe()
    return status
