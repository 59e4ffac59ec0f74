"""Run the ``mygame`` command as ``python -m mygame.cli``."""

from __future__ import annotations

from mygame.cli._main import main

raise SystemExit(main())
