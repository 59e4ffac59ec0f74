"""The version of mygame-logic: the one place it is set (hatchling reads it)."""

__version__ = "1.3.0"
