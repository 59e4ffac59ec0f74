"""Release one distribution at a time: ``python -m mygame_devtools.release DIST PART``.

Beside it: ``consistency``, ``history``, ``lowest``, ``affected``, ``rename``, ``changelog``.
"""

__all__: list[str] = []
