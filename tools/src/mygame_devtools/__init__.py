"""The dev tools of the mygame workspace: one installable package, never published.

Each module behind a nox session runs as ``python -m mygame_devtools.<module>`` and
has a ``main(argv) -> int``; the tests, benchmarks and the noxfile import the rest
by name. It is not part of the ``mygame`` namespace and never leaves the repository
(its classifier ``Private :: Do Not Upload`` makes an index refuse it).
"""
