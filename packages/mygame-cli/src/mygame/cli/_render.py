"""``mygame render``: one frame as text or SVG."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mygame.cli._errors import CliError

if TYPE_CHECKING:
    import argparse

__all__ = ["render_command"]


def render_command(args: argparse.Namespace) -> int:
    """Draw one frame."""
    msg = f"'mygame {args.command}' is not available yet: the engine is being written"
    raise CliError(msg)
