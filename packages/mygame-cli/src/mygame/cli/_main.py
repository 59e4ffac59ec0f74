"""The command line (a placeholder until the full command lands)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

__all__ = ["main"]


def _versions() -> str:
    from mygame.cli._version import __version__ as cli_version
    from mygame.draw._version import __version__ as draw_version
    from mygame.logic._version import __version__ as logic_version

    return f"mygame-cli {cli_version}\nmygame-draw {draw_version}\nmygame-logic {logic_version}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``mygame`` command with ``argv`` and return its exit status."""
    parser = argparse.ArgumentParser(prog="mygame", description="Terminal pong.")
    parser.add_argument("--version", action="version", version=_versions())
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    from mygame.draw import draw_game
    from mygame.logic import play_game

    print(draw_game(play_game(seed=args.seed)))
    return 0
