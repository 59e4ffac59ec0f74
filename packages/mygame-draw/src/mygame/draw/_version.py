"""The version of mygame-draw: the one place it is set (hatchling reads it)."""

__version__ = "1.2.0"
