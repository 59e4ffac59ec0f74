"""The one exception type of mygame.draw."""

from __future__ import annotations

__all__ = ["DrawError"]


class DrawError(ValueError):
    """A value mygame.draw cannot draw: the message names it and what would be accepted."""
