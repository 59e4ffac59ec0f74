"""The version of mygame-logic: the one place it is set (hatchling reads it)."""

__version__ = "1.4.0"
