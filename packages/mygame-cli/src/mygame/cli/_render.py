"""``mygame render``: one frame of a match (``--left`` against ``--right``), as text or SVG.

The match with ``--seed`` is played headless up to ``--tick`` (the same match that
``mygame simulate --seed S --games 1`` plays with the same players), and that moment is
drawn: text of ``--width`` x ``--height`` characters, or a standalone SVG document. The output goes
to stdout, or with ``-o FILE`` to a file (see :func:`~mygame.cli._files.output_file`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from mygame.cli._capable import needs_ascii
from mygame.cli._errors import EXIT_USAGE, CliError
from mygame.cli._files import output_file
from mygame.cli._guard import HEADLESS_PATIENCE
from mygame.cli._players import choose_sides, close
from mygame.draw import MIN_COLUMNS, MIN_ROWS, draw_game, render_svg
from mygame.logic import Match, Settings, player_seeds

if TYPE_CHECKING:
    import argparse

    from mygame.cli._players import Chosen

__all__ = ["match_at", "render_command"]


def match_at(seed: int, tick: int, left: Chosen, right: Chosen) -> Match:
    """Return the match of ``seed`` between ``left`` and ``right`` after ``tick`` ticks."""
    match = Match(Settings(), seed)
    left_seed, right_seed = player_seeds(seed)
    players = (
        left.make(left_seed, left.lateness(match.settings, patience=HEADLESS_PATIENCE)),
        right.make(right_seed, right.lateness(match.settings, patience=HEADLESS_PATIENCE)),
    )
    try:
        match.run(*players, max_ticks=tick)
    finally:
        close(players)
    if match.tick < tick:
        msg = (
            f"--tick {tick}: the match of seed {seed} ends at tick {match.tick}; "
            f"choose a tick from 0 to {match.tick}"
        )
        raise CliError(msg, EXIT_USAGE)
    return match


def render_command(args: argparse.Namespace) -> int:
    """Draw one frame and write it to stdout or ``--output``."""
    if args.format == "text" and (args.width < MIN_COLUMNS or args.height < MIN_ROWS):
        msg = (
            f"--width {args.width} --height {args.height} is too small: a frame needs at "
            f"least {MIN_COLUMNS}x{MIN_ROWS}"
        )
        raise CliError(msg, EXIT_USAGE)
    left, right = choose_sides(args.left, args.right)
    output = output_file("-" if args.output is None else args.output, force=args.force)
    match = match_at(args.seed, args.tick, left, right)
    if args.format == "svg":
        picture = render_svg(match.state)
        if not picture.endswith("\n"):
            picture += "\n"
    else:
        # draw_game joins the rows with newlines; the last row (the status line) may be
        # empty, so end the text with one newline of our own: exactly --height lines.
        ascii_only = output.is_stream and needs_ascii(sys.stdout)  # files are UTF-8
        picture = draw_game(match.state, size=(args.width, args.height), ascii=ascii_only) + "\n"
    output.write(picture)
    return 0
