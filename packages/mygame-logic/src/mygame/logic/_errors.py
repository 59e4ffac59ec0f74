"""The exceptions of mygame.logic: one base class, one subclass per kind of bad input."""

from __future__ import annotations

__all__ = ["LogicError", "RecordingError", "SettingsError"]


class LogicError(Exception):
    """Base class of every error that mygame.logic raises on purpose.

    Catch this one type to handle any bad input to the engine; the message names
    the bad value and says what would be accepted.
    """


class SettingsError(LogicError, ValueError):
    """A :class:`~mygame.logic.Settings` value is out of range or of the wrong type."""


class RecordingError(LogicError, ValueError):
    """A recording cannot be loaded or replayed: corrupt, truncated, wrong version, hostile."""
