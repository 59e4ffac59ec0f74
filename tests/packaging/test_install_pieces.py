"""Each distribution installs on its own from its built wheel, with pip and with uv."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from helpers.installers import ROOT, Env, make_env, run
from mygame_devtools.workspace import load_workspace

if TYPE_CHECKING:
    from pathlib import Path

VERSIONS = {d.name: str(d.version) for d in load_workspace(ROOT)}
INSTALLED_MYGAME = (
    "import importlib.metadata as m, json;"
    "print(json.dumps(sorted((d.metadata['Name'], d.version) for d in m.distributions()"
    " if d.metadata['Name'].startswith('mygame'))))"
)


def installed(env: Env) -> dict[str, str]:
    """The mygame distributions installed in ``env``, with their versions."""
    proc = env.python_c(INSTALLED_MYGAME)
    assert proc.returncode == 0, proc.stderr
    return dict(json.loads(proc.stdout))


def test_logic_installs_alone_and_draw_is_absent(fresh_env: Env, dist_dir: Path) -> None:
    """mygame-logic needs nothing else: installing it brings no sibling along."""
    fresh_env.install("mygame-logic", find_links=dist_dir)

    assert installed(fresh_env) == {"mygame-logic": VERSIONS["mygame-logic"]}
    ok = fresh_env.python_c("import mygame.logic as l; print(l.__version__, l.play_game().score)")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(VERSIONS["mygame-logic"])
    missing = fresh_env.python_c("import mygame.draw")
    assert missing.returncode == 1
    assert "ModuleNotFoundError: No module named 'mygame.draw'" in missing.stderr


def test_draw_pulls_in_logic_but_not_cli(fresh_env: Env, dist_dir: Path) -> None:
    """mygame-draw brings mygame-logic, and nothing brings the command along."""
    fresh_env.install("mygame-draw", find_links=dist_dir)

    assert set(installed(fresh_env)) == {"mygame-logic", "mygame-draw"}
    assert not (fresh_env.bin / "mygame").exists()


def test_cli_pulls_in_both_siblings_and_names_them(fresh_env: Env, dist_dir: Path) -> None:
    """mygame-cli brings the other two, and ``mygame --version`` names all three."""
    fresh_env.install("mygame-cli", find_links=dist_dir)

    assert installed(fresh_env) == VERSIONS
    out = run(fresh_env.bin / "mygame", "--version").stdout
    for name, version in VERSIONS.items():
        assert name in out
        assert version in out
    module = run(fresh_env.python, "-m", "mygame.cli", "--version").stdout
    assert module == out


def test_sibling_lower_bound_is_enforced(tmp_path: Path, dist_dir: Path) -> None:
    """Without mygame-logic in the folder, pip refuses mygame-draw instead of half-installing."""
    only_draw = tmp_path / "only-draw"
    only_draw.mkdir()
    for wheel in dist_dir.glob("mygame_draw-*.whl"):
        (only_draw / wheel.name).write_bytes(wheel.read_bytes())
    env = make_env(tmp_path / "venv", "pip")

    failed = run(
        *env.pip,
        "install",
        "--no-index",
        "--find-links",
        only_draw,
        "mygame-draw",
        ok=False,
    )

    assert failed.returncode != 0
    assert "mygame-logic" in failed.stderr
    assert installed(env) == {}
