"""The versions of the installed mygame pieces, found without importing them.

``import mygame.logic._version`` would run ``mygame/logic/__init__.py`` and with it
the whole engine; ``importlib.metadata`` costs tens of milliseconds. Instead, ask
the import system where ``mygame.<piece>`` lives (``find_spec`` on each finder of
``sys.meta_path``, which executes nothing) and read ``_version.py`` as text.
"""

from __future__ import annotations

import os
import sys

__all__ = ["PIECES", "piece_version", "version_text"]

_DISTRIBUTIONS = {"cli": "mygame-cli", "draw": "mygame-draw", "logic": "mygame-logic"}
"""Each piece's distribution name, spelled out so that ``nox -s rename`` renames it."""

PIECES = tuple(_DISTRIBUTIONS)
"""The three distributions of mygame, by the subpackage each one ships."""


def _namespace_path() -> list[str]:
    namespace = sys.modules.get("mygame")
    if namespace is None:  # only when this module is run outside the package
        import mygame

        namespace = mygame
    return list(namespace.__path__)


def _piece_dir(piece: str) -> str | None:
    """Return the folder of ``mygame.<piece>`` or None, without importing it."""
    name = f"mygame.{piece}"
    module = sys.modules.get(name)
    if module is not None and getattr(module, "__path__", None):
        return str(next(iter(module.__path__)))
    path = _namespace_path()
    for finder in sys.meta_path:
        find_spec = getattr(finder, "find_spec", None)
        if find_spec is None:
            continue
        spec = find_spec(name, path)
        if spec is not None and spec.submodule_search_locations:
            return str(next(iter(spec.submodule_search_locations)))
    return None


def _read_version(path: str) -> str | None:
    """Return the ``__version__ = "..."`` value from the file at ``path``, or None."""
    try:
        with open(path, encoding="utf-8") as file:
            for line in file:
                if line.startswith("__version__"):
                    _, _, value = line.partition("=")
                    return value.strip().strip("\"'") or None
    except OSError:
        return None
    return None


def piece_version(piece: str) -> str | None:
    """Return the version of the installed ``mygame-<piece>``, or None if it is missing."""
    folder = _piece_dir(piece)
    if folder is None:
        return None
    return _read_version(os.path.join(folder, "_version.py"))


def version_text() -> str:
    """Return one line per piece: ``mygame-logic 1.2.0`` or ``mygame-draw (not installed)``."""
    lines = []
    for piece, distribution in _DISTRIBUTIONS.items():
        version = piece_version(piece)
        lines.append(f"{distribution} {version or '(not installed)'}\n")
    return "".join(lines)
