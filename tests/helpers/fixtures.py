"""pytest fixtures that several test folders share; a conftest imports the ones it uses.

``from helpers.fixtures import dist_dir`` in a conftest makes ``dist_dir``
a fixture of that folder, defined once here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mygame_devtools.checks.build import build_all

__all__ = ["dist_dir"]


@pytest.fixture(scope="session")
def dist_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the built artifacts: ``$MYGAME_DIST_DIR`` (set by nox), or a fresh build."""
    given = os.environ.get("MYGAME_DIST_DIR")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("dist")
    build_all(out)
    return out
