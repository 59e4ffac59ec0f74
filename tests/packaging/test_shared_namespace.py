"""``mygame`` is shared, not owned: other portions install beside ours, editable or not."""

from __future__ import annotations

import sys
import textwrap
from typing import TYPE_CHECKING

from helpers.installers import ROOT, Env, run

if TYPE_CHECKING:
    from pathlib import Path

IMPORT_ALL = "import mygame.logic, mygame.draw, mygame.cli{extra}; print('ok')"


def build_third_party_portion(tmp_path: Path) -> Path:
    """Build ``mygame-extra``, somebody else's distribution providing ``mygame.extra``."""
    project = tmp_path / "mygame-extra"
    package = project / "src" / "mygame" / "extra"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""Not ours."""\n\nGREETING = "hello from extra"\n')
    (project / "pyproject.toml").write_text(
        textwrap.dedent("""\
            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [project]
            name = "mygame-extra"
            version = "0.1.0"

            [tool.hatch.build.targets.wheel]
            packages = ["src/mygame"]
        """)
    )
    out = tmp_path / "extra-dist"
    run(sys.executable, "-m", "build", "-n", "-x", "-w", "-q", "-o", out, project)
    return out


def test_third_party_portion_installs_beside_ours(
    fresh_env: Env, dist_dir: Path, tmp_path: Path
) -> None:
    """A fourth distribution adds ``mygame.extra``; all four import, and removing it keeps ours."""
    extra = build_third_party_portion(tmp_path)
    fresh_env.install("mygame-cli", find_links=dist_dir)
    fresh_env.install("mygame-extra", find_links=extra)

    both = fresh_env.python_c(IMPORT_ALL.format(extra=", mygame.extra"))
    assert both.returncode == 0, both.stderr

    fresh_env.uninstall("mygame-extra")
    gone = fresh_env.python_c("import mygame.extra")
    assert "No module named 'mygame.extra'" in gone.stderr
    ours = fresh_env.python_c(IMPORT_ALL.format(extra=""))
    assert ours.returncode == 0, ours.stderr


def test_editable_portion_with_wheels_imports_everything(
    pip_env: Env, dist_dir: Path, wheelhouse: Path
) -> None:
    """mygame-draw editable from the tree, the others as wheels: one namespace, two folders."""
    pip_env.install("hatchling", find_links=wheelhouse)
    pip_env.install("mygame-logic", "mygame-cli", find_links=dist_dir)
    pip_env.uninstall("mygame-draw")
    run(
        *pip_env.pip, "install", "--quiet", "--no-index", "--no-build-isolation",
        "--no-deps", "--editable", ROOT / "packages" / "mygame-draw",
    )  # fmt: skip

    proc = pip_env.python_c(
        "import mygame, mygame.logic, mygame.draw, mygame.cli;"
        "print(mygame.draw.__file__); print(mygame.logic.__file__); print(len(mygame.__path__))"
    )
    assert proc.returncode == 0, proc.stderr
    draw_file, logic_file, portions = proc.stdout.splitlines()
    assert draw_file.startswith(str(ROOT / "packages" / "mygame-draw" / "src"))
    assert "site-packages" in logic_file
    assert portions == "2"
    version = run(pip_env.bin / "mygame", "--version").stdout
    assert "mygame-draw" in version
