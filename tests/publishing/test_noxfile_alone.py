"""The noxfile stands alone: copied beside a pyproject that declares members, `nox -l` works."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _copy(target: Path) -> Path:
    """Only the noxfile, the root pyproject and the members: no tools, no tests."""
    shutil.copy(ROOT / "noxfile.py", target)
    shutil.copy(ROOT / "pyproject.toml", target)
    shutil.copytree(ROOT / "packages", target / "packages", ignore=shutil.ignore_patterns("*.pyc"))
    return target


def _list(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "NOXSESSION"}}
    return subprocess.run(
        [sys.executable, "-m", "nox", "-l", "--json"],
        cwd=folder, env=env, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


def test_a_copy_lists_every_session_for_every_member(tmp_path: Path) -> None:
    listed = _list(_copy(tmp_path))
    assert listed.returncode == 0, listed.stderr
    assert "nox:" not in listed.stderr
    sessions = {entry["session"] for entry in json.loads(listed.stdout)}
    members = sorted(p.name for p in (ROOT / "packages").iterdir() if p.is_dir())
    assert {"lint", "typecheck", "build", "check", "packaging", "demo"} <= sessions
    for member in members:
        assert any(f"distribution='{member}'" in s for s in sessions if s.startswith("tests-"))


def test_a_broken_member_is_named_and_the_menu_still_lists(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    broken = copy / "packages" / "mygame-draw" / "pyproject.toml"
    broken.write_text("[project\n", encoding="utf-8")
    listed = _list(copy)
    assert listed.returncode == 0, listed.stderr
    assert "nox: packages/mygame-draw/pyproject.toml: TOMLDecodeError:" in listed.stderr
    sessions = {entry["session"] for entry in json.loads(listed.stdout)}
    assert any("distribution='mygame-logic'" in s for s in sessions)
    assert not any("mygame-draw" in s for s in sessions)


class RefusedError(Exception):
    """What the fake session's error() raises."""


class FakeSession:
    """Just enough of nox.Session for the publish session's checks, before any install."""

    def __init__(self, *posargs: str) -> None:
        self.posargs = list(posargs)
        self.installed: list[str] = []

    def error(self, message: str) -> None:
        raise RefusedError(message)

    def install(self, *args: str, **_kwargs: object) -> None:
        self.installed += args
        message = "installing"  # the checks come before any install: stop here
        raise RefusedError(message)


@pytest.mark.parametrize(
    "posargs",
    [["--username", "me"], ["--password=secret"], ["--pass", "x"], ["--p", "x"], ["--u=me"],
     ["-u", "me"], ["-psecret"], ["--repository-url", "https://me:secret@example.org/legacy/"]],
)  # fmt: skip
def test_publish_refuses_credentials_before_nox_echoes_them(
    noxfile: Any, posargs: list[str]
) -> None:
    with pytest.raises(RefusedError, match="TWINE_USERNAME/TWINE_PASSWORD"):
        noxfile.publish(FakeSession(*posargs))


def test_publish_lets_other_options_through(noxfile: Any) -> None:
    with pytest.raises(RefusedError, match="installing"):
        noxfile.publish(FakeSession("-r", "testpypi", "--dry-run"))


@pytest.fixture(scope="module")
def noxfile() -> Any:
    """The noxfile as a module, imported once; the variables it sets for its sessions undone."""
    saved = dict(os.environ)
    try:
        spec = importlib.util.spec_from_file_location("copied_noxfile", ROOT / "noxfile.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return module
