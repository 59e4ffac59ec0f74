"""The environments the packaging tests make: empty, then filled by a real installer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers.installers import make_env

if TYPE_CHECKING:
    from pathlib import Path


def test_a_pip_environment_starts_empty_and_the_tests_pip_fills_it(
    tmp_path: Path, dist_dir: Path
) -> None:
    """No pip bootstrapped into it (seconds per test): only what pip installs is there."""
    env = make_env(tmp_path / "venv", "pip")
    assert env.python_c("import pip").returncode != 0
    env.install("mygame-logic", find_links=dist_dir)
    probe = env.python_c("import mygame.logic, importlib.util as u; print(u.find_spec('pip'))")
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "None"
    env.uninstall("mygame-logic")
    assert env.python_c("import mygame.logic").returncode != 0
