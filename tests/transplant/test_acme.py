"""The recipe, transplanted: docs/recipe.md followed on a monorepo that shares nothing with mygame.

The acme monorepo (``acme.py``) holds only the copied files and its own code: another
namespace, a diamond of four distributions, one more outside the namespace. Each test
runs what an engineer would run there, through nox, as the page says.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from mygame_devtools.hermetic import hermetic_env
from mygame_devtools.publish.servers import LocalIndex
from transplant.acme import MEMBERS, git, make_acme

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.slow
DIAMOND = ["acme-core", "acme-io", "acme-net", "acme-app"]


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The acme monorepo, committed, with dist/ built by its own nox."""
    root = make_acme(tmp_path_factory.mktemp("transplant") / "acme")
    built = nox(root, "-s", "build")
    assert built.returncode == 0, built.stdout[-3000:]
    return root


@pytest.fixture
def clone(acme: Path, tmp_path: Path) -> Path:
    """A clone of acme to change: releases commit and tag."""
    target = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(acme), str(target))
    shutil.copytree(acme / "dist", target / "dist")
    return target


def nox(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run nox in ``root`` as an engineer does: its own noxfile, no PYTHONPATH of ours."""
    clean = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "NOXSESSION"}}
    clean |= {"GIT_AUTHOR_NAME": "Acme CI", "GIT_AUTHOR_EMAIL": "ci@acme.invalid"}
    clean |= {"GIT_COMMITTER_NAME": "Acme CI", "GIT_COMMITTER_EMAIL": "ci@acme.invalid"}
    return subprocess.run(
        [sys.executable, "-m", "nox", *args], cwd=root, env=clean | env, capture_output=True,
        text=True, timeout=900, check=False,
    )  # fmt: skip


def passed(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    return proc.stdout + proc.stderr


def test_nox_lists_the_sessions_of_every_member(acme: Path) -> None:
    listed = json.loads(passed(nox(acme, "-l", "--json")).partition("\n")[0])
    sessions = {e["session"] for e in listed}
    for dist in MEMBERS:
        assert any(f"distribution='{dist}'" in s for s in sessions if s.startswith("tests-"))
    # What a bare `nox` runs there (the JSON lists the default sessions): the page's left out none.
    kept = {"lint", "typecheck", "build", "check", "lowest", "lowest_tools", "tests", "coverage"}
    assert {e["name"] for e in listed} == kept


def test_lint_typecheck_and_check_pass_namespace_guard_and_reproducibility(acme: Path) -> None:
    out = passed(nox(acme, "-s", "lint", "typecheck", "check"))
    assert "artifacts pass the namespace checks" in out
    assert out.count(": byte-identical") == 2 * len(MEMBERS)


def test_each_distribution_passes_its_tests_alone_from_its_wheel(acme: Path) -> None:
    out = passed(
        nox(acme, "-s", "tests", "--python", f"{sys.version_info[0]}.{sys.version_info[1]}")
    )
    for dist in MEMBERS:
        assert (
            f"tests-{sys.version_info[0]}.{sys.version_info[1]}(distribution='{dist}'): success"
            in out
        )


def test_a_namespace_init_in_a_wheel_is_caught(clone: Path) -> None:
    (clone / "packages/acme-io/src/acme/__init__.py").write_text("", encoding="utf-8")
    pyproject = clone / "packages/acme-io/pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(
        text.replace('only-include = ["src/acme/io"]', 'only-include = ["src/acme"]'),
        encoding="utf-8",
    )
    proc = nox(clone, "-s", "build", "check")
    assert proc.returncode != 0
    assert "ships acme/__init__.py" in proc.stdout + proc.stderr


def test_releases_widen_only_when_asked(clone: Path) -> None:
    out = passed(nox(clone, "-s", "release", "--", "acme-core", "minor"))
    assert "tagged acme-core-v1.1.0" in out
    assert git(clone, "diff", "--name-only", "HEAD~1").split() == [
        "packages/acme-core/CHANGELOG.md", "packages/acme-core/src/acme/core/_version.py",
    ]  # fmt: skip
    # With a release in the history, lowest tests each dependent against core 1.0.0, rebuilt.
    out = passed(nox(clone, "-s", "build", "lowest"))
    assert out.count("lowest: building acme-core 1.0.0 from its release commit") == 2
    for dependent in ("acme-io", "acme-net", "acme-app"):
        assert f"lowest(distribution='{dependent}'): success" in out
    changelog = clone / "packages/acme-core/CHANGELOG.md"
    changelog.write_text(changelog.read_text(encoding="utf-8").replace(
        "## [Unreleased]\n", "## [Unreleased]\n\n### Changed\n\n- double() takes floats.\n", 1
    ), encoding="utf-8")  # fmt: skip
    git(clone, "commit", "-q", "-am", "core: a breaking change")
    refused = nox(clone, "-s", "release", "--", "acme-core", "major")
    assert refused.returncode != 0
    said = refused.stdout + refused.stderr
    assert "acme-io requires 'acme-core>=1.0,<2'" in said
    assert "acme-net requires 'acme-core>=1.0,<2'" in said
    out = passed(nox(clone, "-s", "release", "--", "acme-core", "major", "--widen"))
    assert "tagged acme-core-v2.0.0" in out
    for dependent in ("acme-io", "acme-net"):
        text = (clone / "packages" / dependent / "pyproject.toml").read_text(encoding="utf-8")
        assert '"acme-core>=1.0,<3"' in text
    assert "acme-app" not in git(clone, "diff", "--name-only", "HEAD~1")


def test_affected_follows_the_diamond(clone: Path) -> None:
    core = clone / "packages/acme-core/src/acme/core/_impl.py"
    core.write_text(core.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    listed = _listed(nox(clone, "-s", "affected", "--", "--list"))
    assert listed == DIAMOND
    git(clone, "checkout", "-q", ".")
    app = clone / "packages/acme-app/src/acme/app/_impl.py"
    app.write_text(app.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    assert _listed(nox(clone, "-s", "affected", "--", "--list")) == ["acme-app"]


def _listed(proc: subprocess.CompletedProcess[str]) -> list[str]:
    passed(proc)
    return [line for line in proc.stdout.splitlines() if line in MEMBERS]


@pytest.fixture
def index(tmp_path: Path) -> Iterator[LocalIndex]:
    """A pypiserver on loopback whose uploads need a password."""
    with LocalIndex(tmp_path / "index", "acme", "acme-upload-secret") as index:
        yield index


def test_publish_in_dependency_order_then_pip_installs_the_app(
    acme: Path, index: LocalIndex, tmp_path: Path
) -> None:
    credentials = {"TWINE_USERNAME": "acme", "TWINE_PASSWORD": "acme-upload-secret"}
    passed(nox(acme, "-s", "publish", "--", "--repository-url", index.upload_url, **credentials))
    files = [name.rpartition("/")[2].replace("_", "-") for name in index.stored()]
    order = list(dict.fromkeys(re.sub(r"-1\.0\.0.*", "", name) for name in files))
    assert order.index("acme-core") < min(order.index("acme-io"), order.index("acme-net"))
    assert max(order.index("acme-io"), order.index("acme-net")) < order.index("acme-app")
    venv = tmp_path / "venv"  # empty: this session's pip fills it (--python), no ensurepip
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts" if sys.platform == "win32" else "bin") / "python"
    isolated = hermetic_env()  # the loopback index is the only source
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--index-url",
         index.simple_url, "acme-app"],
        check=True, env=isolated, timeout=300,
    )  # fmt: skip
    ran = subprocess.run(
        [python, "-c", "from acme.app import run; print(run('1'))"],
        capture_output=True, text=True, check=True, env=isolated,
    )  # fmt: skip
    assert ran.stdout == "4\n"
