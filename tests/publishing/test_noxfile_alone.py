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
from hypothesis import given, settings
from hypothesis import strategies as st

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
    names = {entry["name"] for entry in json.loads(listed.stdout)}
    members = sorted(p.name for p in (ROOT / "packages").iterdir() if p.is_dir())
    assert {"lint", "typecheck", "build", "check", "packaging", "demo"} <= names
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


def test_a_malformed_root_pyproject_is_one_line_and_the_menu_still_lists(tmp_path: Path) -> None:
    copy = _copy(tmp_path)
    (copy / "pyproject.toml").write_text('[tool.uv.workspace]\nmembers = ["packages/*]\n')
    listed = _list(copy)
    assert listed.returncode == 0, listed.stderr
    assert "Traceback" not in listed.stderr
    (line,) = [x for x in listed.stderr.splitlines() if x.startswith("nox: ")]
    assert line.startswith("nox: pyproject.toml: TOMLDecodeError:")
    assert "line 2" in line
    assert "lint" in {entry["session"] for entry in json.loads(listed.stdout)}


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


SECRET = "hunter2-Zq9"  # noqa: S105 - the value to find in what nox would echo
BENIGN = [["--dry-run"], ["-r", "testpypi"], ["--repository", "pypi"], ["mygame-logic"],
          ["--dist-dir", "/home/user/dist"], ["--repository-url=https://up.example.org/legacy/"],
          ["--simple-url", "https://up.example.org/simple/"]]  # fmt: skip


@st.composite
def credential_arguments(draw: st.DrawFn) -> list[str]:
    """Every way a command line could carry a credential: options, their prefixes, URLs."""
    kind = draw(st.sampled_from(["prefix", "worded", "short", "userinfo", "query"]))
    if kind in {"userinfo", "query"}:
        host = draw(st.sampled_from(["example.org", "127.0.0.1:8080", "[::1]"]))
        url = f"https://{host}/legacy/?api_token={SECRET}"
        if kind == "userinfo":
            user = draw(st.sampled_from(["", "me", "__token__"]))
            url = f"{draw(st.sampled_from(['http', 'https', 'HTTPS']))}://{user}:{SECRET}@{host}/"
        option = draw(st.sampled_from(["--repository-url", "--simple-url", ""]))
        spelled = [[url]] if not option else [[option, url], [f"{option}={url}"]]
        return draw(st.sampled_from(spelled))
    if kind == "prefix":
        full = draw(st.sampled_from(["--username", "--password"]))
        name = full[: draw(st.integers(3, len(full)))]
    elif kind == "worded":
        word = draw(st.sampled_from(["user", "pass", "token", "USER", "Password", "Token"]))
        name = f"--{draw(st.sampled_from(['', 'api-', 'twine-']))}{word}"
    else:  # a short option also takes its value joined to it: -psecret
        name = draw(st.sampled_from(["-u", "-p", "-U", "-P"]))
        return draw(st.sampled_from([[name, SECRET], [f"{name}{SECRET}"]]))
    return draw(st.sampled_from([[name, SECRET], [f"{name}={SECRET}"]]))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(BENIGN), max_size=3),
    credential_arguments(),
    st.lists(st.sampled_from(BENIGN), max_size=2),
)
def test_no_spelling_of_a_credential_reaches_noxs_echo(
    noxfile: Any, before: list[list[str]], secret: list[str], after: list[list[str]]
) -> None:
    posargs = [arg for args in (*before, secret, *after) for arg in args]
    with pytest.raises(RefusedError, match="TWINE_USERNAME/TWINE_PASSWORD") as refused:
        noxfile.publish(FakeSession(*posargs))
    assert SECRET not in str(refused.value)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(BENIGN), max_size=5))
def test_options_without_credentials_reach_the_tool(noxfile: Any, chosen: list[list[str]]) -> None:
    with pytest.raises(RefusedError, match="installing"):
        noxfile.publish(FakeSession(*(arg for args in chosen for arg in args)))
