"""Bounds shared by the engine, the recording reader and every front end that feeds them."""

from __future__ import annotations

__all__ = ["MAX_RECORDING_BYTES", "SEED_LIMIT", "shown"]

SEED_LIMIT = 2**63
"""Seeds are integers with ``-SEED_LIMIT < seed < SEED_LIMIT``: what a recording may hold."""

MAX_RECORDING_BYTES = 64 * 1024 * 1024
"""Largest recording accepted, in bytes (or characters, for text); read no more than this."""

_SHOWN = 40


def shown(value: object) -> str:
    """``repr(value)`` cut to a few dozen characters, for one-line messages about bad input."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _SHOWN * 3:
        return f"an integer of about {int(value.bit_length() * 0.30103)} digits"
    text = repr(value)
    return text if len(text) <= _SHOWN else f"{text[: _SHOWN - 3]}..."
