"""The client matrix records each check and its table shows every failure."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import pytest
from helpers.clients import ClientError, Matrix, run

if TYPE_CHECKING:
    from pathlib import Path


def test_a_failing_command_is_one_line_with_its_exit_status() -> None:
    code = "import sys; print('noise'); sys.exit('error: the index is gone')"
    with pytest.raises(ClientError, match=r"exited 1: error: the index is gone$"):
        run(sys.executable, "-c", code)


def test_the_table_has_a_row_per_client_and_marks_failures(tmp_path: Path) -> None:
    matrix = Matrix(tmp_path, tmp_path)

    def broken() -> str:
        message = "pip exited 1: no matching distribution"
        raise ClientError(message)

    assert matrix.check("pip 21.3 (oldest)", "install", lambda: "21.3")
    assert not matrix.check("uv (newest)", "install", broken)
    assert matrix.check("uv (newest)", "mygame info", lambda: "shown")

    assert matrix.table().splitlines() == [
        "client            | install | mygame info",
        "-----------------------------------------",
        "pip 21.3 (oldest) | ok      | -          ",
        "uv (newest)       | FAILED  | ok         ",
    ]
