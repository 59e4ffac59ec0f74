"""Type checks for values from outside: numbers that are really numbers, not booleans.

``True`` is an ``int`` to Python (``isinstance(True, int)``), but a seed, a score or a
tick count of ``True`` is a mistake: these checks say no to booleans.
"""

from __future__ import annotations

from typing import TypeGuard, cast

from mygame.logic._errors import LogicError
from mygame.logic._limits import SEED_LIMIT, shown

__all__ = ["check_seed", "is_integer", "is_number", "seed_problem"]


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


def seed_problem(seed: object) -> str | None:
    """Say what is wrong with ``seed`` as a seed a recording can hold (None if nothing is).

    >>> seed_problem(7) is None, seed_problem(2**63)
    (True, 'seed must be an integer of magnitude below 2**63, got 9223372036854775808')
    """
    if not is_integer(seed):
        return f"seed must be an integer, got {shown(seed)}"
    if not -SEED_LIMIT < seed < SEED_LIMIT:
        return f"seed must be an integer of magnitude below 2**63, got {shown(seed)}"
    return None


def check_seed(seed: object, *, recordable: bool = False) -> int:
    """Return ``seed`` if it is an integer; raise :class:`LogicError` saying why if not.

    With ``recordable``, the seed must also be one a recording can hold (see
    :func:`seed_problem`): what starts a match must be what its recording can replay.
    """
    if recordable:
        problem = seed_problem(seed)
    else:
        problem = None if is_integer(seed) else f"seed must be an integer, got {shown(seed)}"
    if problem is not None:
        raise LogicError(problem)
    return cast("int", seed)
