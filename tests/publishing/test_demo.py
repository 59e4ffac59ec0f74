"""The main job (``nox -s demo``) tells the whole story and leaves nothing running."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import zipfile
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.slow
def test_demo_publishes_installs_the_pieces_and_stops_its_server(
    dist_dir: Path, hermetic: dict[str, str]
) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mygame_devtools.publish.demo", "--dist-dir", str(dist_dir)],
        capture_output=True, text=True, env=hermetic, check=False, timeout=300,
    )  # fmt: skip
    out = proc.stdout
    assert proc.returncode == 0, out + proc.stderr
    assert len(re.findall(r"Checking .*: PASSED", out)) == 6
    assert re.search(r"twine check --strict, meanwhile\s+\S+s\s+6 files passed", out)
    # The first piece first; its dependents after it, while it is installed alone.
    assert "order: mygame-logic\n" in out
    assert "order: mygame-draw -> mygame-cli\n" in out
    assert re.search(r"pip install mygame-logic, meanwhile\s+\S+s\s+mygame-logic-", out)
    assert "mygame.draw absent" in out
    assert re.search(r"Successfully installed .*mygame-draw-.*mygame-logic-", out)
    assert "$ mygame --version" in out
    assert re.search(r"stop pypiserver\s+\S+s\s+stopped", out)
    _assert_stopped(out)


def _assert_stopped(out: str) -> None:
    """The index the demo started (its summary names the port) no longer answers."""
    listening = re.search(r"listening on 127\.0\.0\.1:(\d+)", out)
    assert listening is not None
    port = int(listening[1])
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("127.0.0.1", port))


@pytest.mark.slow
def test_demo_publishes_nothing_when_twine_check_fails(
    dist_dir: Path, tmp_path: Path, hermetic: dict[str, str]
) -> None:
    """A wheel whose description twine cannot render (no content type): stop before uploading."""
    bad = tmp_path / "dist"
    shutil.copytree(dist_dir, bad)
    wheel = next(bad.glob("mygame_logic-*.whl"))
    with zipfile.ZipFile(dist_dir / wheel.name) as source, zipfile.ZipFile(wheel, "w") as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith(".dist-info/METADATA"):
                lines = data.decode().splitlines(keepends=True)
                kept = (x for x in lines if not x.startswith("Description-Content-Type"))
                data = "".join(kept).encode()
            copy.writestr(item, data)
    proc = subprocess.run(
        [sys.executable, "-m", "mygame_devtools.publish.demo", "--dist-dir", str(bad)],
        capture_output=True, text=True, env=hermetic, check=False, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr == (
        "demo: error: twine check --strict failed (above): fix the metadata; nothing was uploaded\n"
    )
    assert re.search(rf"Checking .*{wheel.name}: FAILED", proc.stdout)
    assert "uploaded" not in proc.stdout
    _assert_stopped(proc.stdout)
