"""Release one distribution at a time: ``python -m mygame_devtools.release DIST PART``.

Also here: ``consistency`` (versions, ranges, changelogs and tags agree), ``history``
(releases and tags in git), ``lowest`` (the oldest sibling releases, rebuilt),
``affected`` (what a change selects), ``rename`` and ``changelog``.
"""

from __future__ import annotations

from mygame_devtools.workspace import pretty

__all__ = ["pretty"]
