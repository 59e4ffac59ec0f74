"""The top-level help of ``mygame``, printed without importing argparse.

``mygame --help`` is typed often and should answer at once; argparse (with ``re``
and ``enum`` behind it) would double the start-up time. The command summaries here
are the single source: :mod:`mygame.cli._commands` builds its subparsers from them,
and each subcommand's own ``--help`` comes from argparse.
"""

from __future__ import annotations

__all__ = ["COMMANDS", "DESCRIPTION", "EPILOG", "VERSION_HELP", "top_help"]

DESCRIPTION = "Terminal pong: play, watch, simulate, replay and render matches."

VERSION_HELP = "print the versions of mygame-cli, mygame-draw and mygame-logic"

COMMANDS = {
    "play": "play against a computer player, or two players on one keyboard",
    "demo": "watch two computer players play (any key quits)",
    "simulate": "play matches between computer players headless",
    "replay": "watch a recorded match",
    "render": "draw one frame of a match as text or SVG",
    "info": "show the mygame distributions, namespace portions and players",
}

EPILOG = """\
examples:
  mygame play                      you (W/S or arrows) against the computer
  mygame play --two-players        W/S against the arrow keys on one keyboard
  mygame demo                      watch the computer play itself
  mygame simulate --games 100 --seed 7 --json
  mygame simulate --left easy --right hard
  mygame render --format svg -o frame.svg
  mygame play --help               the options of one command, and the players

players: easy, medium and hard come with mygame-logic; any distribution can
  add more (entry point group 'mygame.players'); 'mygame info' lists them.
  Installing a distribution runs its code: mygame imports a player only when
  told to use it.
"""


def top_help() -> str:
    """Return the text of ``mygame --help``."""
    width = max(len(name) for name in [*COMMANDS, "-V, --version"]) + 2
    commands = "".join(f"  {name:<{width}}{text}\n" for name, text in COMMANDS.items())
    return (
        "usage: mygame [-h] [-V] COMMAND ...\n\n"
        f"{DESCRIPTION}\n\n"
        "options:\n"
        f"  {'-h, --help':<{width}}show this help message and exit\n"
        f"  {'-V, --version':<{width}}{VERSION_HELP}\n\n"
        f"commands:\n{commands}\n{EPILOG}"
    )
