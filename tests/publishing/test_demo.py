"""The main job (``nox -s demo``) tells the whole story and leaves nothing running."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.slow
def test_demo_publishes_installs_the_pieces_and_stops_its_server(
    dist_dir: Path, hermetic: dict[str, str]
) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mygame_devtools.demo", "--dist-dir", str(dist_dir)],
        capture_output=True, text=True, env=hermetic, check=False, timeout=300,
    )  # fmt: skip
    out = proc.stdout
    assert proc.returncode == 0, out + proc.stderr
    assert "order: mygame-logic -> mygame-draw -> mygame-cli" in out
    assert "mygame.draw absent" in out
    assert re.search(r"Successfully installed .*mygame-draw-.*mygame-logic-", out)
    assert "$ mygame --version" in out
    assert re.search(r"stop pypiserver\s+\S+s\s+stopped", out)
    listening = re.search(r"listening on 127\.0\.0\.1:(\d+)", out)
    assert listening is not None
    port = int(listening[1])
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("127.0.0.1", port))
