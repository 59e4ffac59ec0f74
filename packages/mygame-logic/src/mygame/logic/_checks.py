"""Type checks for values from outside: numbers that are really numbers, not booleans.

``True`` is an ``int`` to Python (``isinstance(True, int)``), but a seed, a score or a
tick count of ``True`` is a mistake: these checks say no to booleans.
"""

from __future__ import annotations

from typing import TypeGuard

from mygame.logic._errors import LogicError

__all__ = ["check_seed", "is_integer", "is_number"]


def is_integer(value: object) -> TypeGuard[int]:
    """Return whether ``value`` is an ``int`` and not a ``bool``.

    >>> is_integer(3), is_integer(True), is_integer(3.0)
    (True, False, False)
    """
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> TypeGuard[int | float]:
    """Return whether ``value`` is an ``int`` or a ``float`` and not a ``bool``.

    >>> is_number(3), is_number(2.5), is_number(False), is_number("3")
    (True, True, False, False)
    """
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_seed(seed: object) -> int:
    """Return ``seed`` if it is an integer; raise :class:`LogicError` saying so if not."""
    if not is_integer(seed):
        msg = f"seed must be an integer, got {seed!r}"
        raise LogicError(msg)
    return seed
