"""``mygame simulate``: headless computer-vs-computer matches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mygame.cli._errors import CliError

if TYPE_CHECKING:
    import argparse

__all__ = ["simulate_command"]


def simulate_command(args: argparse.Namespace) -> int:
    """Play ``--games`` matches from ``--seed`` and print a summary."""
    msg = f"'mygame {args.command}' is not available yet: the engine is being written"
    raise CliError(msg)
