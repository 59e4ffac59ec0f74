"""The version of mygame-cli: the one place it is set (hatchling reads it)."""

__version__ = "1.0.0"
