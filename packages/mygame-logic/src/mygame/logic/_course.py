"""What a recording match keeps tick by tick: the inputs, and a digest of the course of play.

The digest is a SHA-256 over the paddle and ball positions and velocities of every tick,
then the whole final state, so replaying the same inputs under the same rules gives the
same digest and almost any edit that changes how the match went gives another one. It
is a consistency check, not a signature: whoever edits a file can recompute it.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mygame.logic._match import Match
    from mygame.logic._types import Command

__all__ = ["DIGEST_PREFIX", "Track"]

DIGEST_PREFIX = "sha256:"
"""Every course digest is this prefix and 64 lowercase hexadecimal digits."""
_PACK = struct.Struct("<6d").pack
_SALT = b"mygame-course-of-play-1\n"


class Track:
    """The inputs of a match (if ``inputs``) and, from tick 0 only, its course digest."""

    __slots__ = ("_hash", "left", "right")

    def __init__(self, *, inputs: bool, course: bool) -> None:
        """Keep the inputs, the course digest, or both, from now on."""
        self.left: list[Command] | None = [] if inputs else None
        self.right: list[Command] = []
        import hashlib  # noqa: PLC0415 (only recording and verifying need it)

        self._hash = hashlib.sha256(_SALT) if course else None

    def add(self, m: Match, left: Command, right: Command) -> None:
        """Note one tick: its commands, and the positions before the ball moves."""
        if self.left is not None:
            self.left.append(left)
            self.right.append(right)
        h = self._hash
        if h is not None:
            h.update(_PACK(m.left_y, m.right_y, m.ball_x, m.ball_y, m.ball_vx, m.ball_vy))

    def digest(self, m: Match) -> str | None:
        """Return the course digest up to now (None unless tracked from tick 0)."""
        if self._hash is None:
            return None
        h = self._hash.copy()
        h.update(_PACK(m.left_y, m.right_y, m.ball_x, m.ball_y, m.ball_vx, m.ball_vy))
        winner = None if m.winner is None else m.winner.value
        counts = (m.tick, m.phase_ticks, m.left_score, m.right_score, m.serves, m.hits)
        h.update(repr((counts, m.phase.value, m.serve_to.value, winner)).encode())
        return DIGEST_PREFIX + h.hexdigest()
