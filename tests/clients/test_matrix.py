"""Every real client installs and uses the built wheels: one table, one failure per bad cell."""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers.clients import OLDEST_PIP, OLDEST_UV, Matrix

if TYPE_CHECKING:
    from pathlib import Path


def test_every_client_installs_and_runs_the_wheels(dist_dir: Path, tmp_path: Path) -> None:
    matrix = Matrix(dist_dir, tmp_path)
    matrix.pip(f"pip {OLDEST_PIP} (oldest)", OLDEST_PIP)
    matrix.pip("pip (newest)", None)
    matrix.uv(f"uv {OLDEST_UV} (oldest)", OLDEST_UV)
    matrix.uv("uv (newest)", None)
    matrix.pipx()
    matrix.uv_tool()
    matrix.type_checkers()
    matrix.indexes()
    print("\n" + matrix.table())
    failed = [f"{c.client}: {c.check}: {c.detail}" for c in matrix.cells if not c.ok]
    assert not failed, "\n".join(failed)
