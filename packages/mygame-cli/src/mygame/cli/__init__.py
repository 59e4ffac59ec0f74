"""mygame.cli: the ``mygame`` command."""

from __future__ import annotations

from mygame.cli._main import main
from mygame.cli._version import __version__

__all__ = ["__version__", "main"]
