"""``mygame play``, ``mygame demo`` and ``mygame replay``: matches in the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mygame.cli._console import open_console
from mygame.cli._errors import CliError

if TYPE_CHECKING:
    import argparse

__all__ = ["demo_command", "play_command", "replay_command"]


def _not_yet(command: str) -> CliError:
    return CliError(f"'mygame {command}' is not available yet: the engine is being written")


def play_command(args: argparse.Namespace) -> int:
    """Play a match against the computer or a second player."""
    with open_console(args.command):
        raise _not_yet(str(args.command))


def demo_command(args: argparse.Namespace) -> int:
    """Watch the computer play itself."""
    with open_console(args.command):
        raise _not_yet(str(args.command))


def replay_command(args: argparse.Namespace) -> int:
    """Watch, or verify, a recorded match."""
    raise _not_yet(str(args.command))
