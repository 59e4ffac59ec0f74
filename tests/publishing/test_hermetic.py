"""One hermetic environment for what is under test: the tools and the docs runner share it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mygame_devtools.docs import runner
from mygame_devtools.hermetic import DROPPED, SETTINGS, hermetic_env

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

LEAKS = dict.fromkeys(DROPPED, "leaked")


def leak(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in LEAKS.items():
        monkeypatch.setenv(name, value)


def test_hermetic_env_drops_every_listed_variable_and_sets_the_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    leak(monkeypatch)
    env = hermetic_env()
    assert not set(DROPPED) & env.keys()
    assert env | SETTINGS == env


def test_the_docs_runner_pages_get_the_hermetic_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    leak(monkeypatch)
    env = runner._environment(tmp_path / "home", tmp_path)
    assert not set(DROPPED) & env.keys()
    assert {k: env[k] for k in SETTINGS} == SETTINGS
