"""A monorepo that is not mygame, made as docs/recipe.md says: the copied files and its own code.

Namespace ``acme``, four distributions in a diamond (``acme-core``; ``acme-io`` and
``acme-net`` each on core; ``acme-app`` on both), and ``acme-widget`` outside the
namespace with the top-level package ``widget``. Small but real code and tests in each.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
import tomllib
from pathlib import Path

__all__ = ["LEFT_OUT", "MEMBERS", "NAMESPACE", "make_acme"]

ROOT = Path(__file__).resolve().parents[2]
NAMESPACE = "acme"
# distribution -> (import package, the siblings it requires)
MEMBERS: dict[str, tuple[str, list[str]]] = {
    "acme-core": ("acme.core", []),
    "acme-io": ("acme.io", ["acme-core"]),
    "acme-net": ("acme.net", ["acme-core"]),
    "acme-app": ("acme.app", ["acme-io", "acme-net"]),
    "acme-widget": ("widget", []),
}
CODE = {
    "acme.core": (
        'def double(x: int) -> int:\n    """Return twice ``x``."""\n    return 2 * x\n',
        "double(4) == 8",
    ),
    "acme.io": (
        (
            "from acme.core import double\n\n\ndef read(text: str) -> int:\n"
            "    return double(int(text))\n"
        ),
        'read("21") == 42',
    ),
    "acme.net": (
        (
            "from acme.core import double\n\n\ndef send(x: int) -> str:\n"
            '    """Return twice ``x`` as text."""\n    return str(double(x))\n'
        ),
        'send(3) == "6"',
    ),
    "acme.app": (
        (
            "from acme.io import read\nfrom acme.net import send\n\n\ndef run(text: str) -> str:\n"
            "    return send(read(text))\n"
        ),
        'run("1") == "4"',
    ),
    "widget": ('def size() -> int:\n    """Return the size."""\n    return 3\n', "size() == 3"),
}


# The Pythons acme tests, as the first member's classifiers say: those CI may run nox with.
PYTHONS = ", ".join(f'"Programming Language :: Python :: 3.{m}"' for m in range(11, 15))
# The sessions docs/recipe.md says to delete: they are mygame's own, or test this repository.
LEFT_OUT = ("docs", "demo", "rename", "benchmark", "clients", "packaging", "publishing")


def _member(root: Path, dist: str, package: str, requires: list[str]) -> None:
    folder = root / "packages" / dist
    source = folder / "src" / package.replace(".", "/")
    source.mkdir(parents=True)
    body, _ = CODE[package]
    name = body.split("def ")[1].split("(")[0]
    (source / "__init__.py").write_text(
        f'"""{dist}: part of the acme example."""\n\nfrom {package}._impl import {name}\n'
        f'from {package}._version import __version__\n\n__all__ = ["__version__", "{name}"]\n',
        encoding="utf-8",
    )
    (source / "_impl.py").write_text(
        f'"""The code of {dist}."""\n\n{"" if body.startswith("from") else chr(10)}{body}',
        encoding="utf-8",
    )  # fmt: skip
    (source / "_version.py").write_text(
        f'"""The version of {dist}."""\n\n__version__ = "1.0.0"\n', encoding="utf-8"
    )
    (source / "py.typed").write_text("", encoding="utf-8")
    namespace = package.rpartition(".")[0]
    ranges = ", ".join(f'"{r}>=1.0,<2"' for r in requires)
    top = package.split(".", maxsplit=1)[0]
    (folder / "pyproject.toml").write_text(
        textwrap.dedent(f"""\
        [build-system]
        requires = ["hatchling>=1.32"]
        build-backend = "hatchling.build"

        [project]
        name = "{dist}"
        dynamic = ["version"]
        description = "A piece of the acme example monorepo."
        readme = "README.md"
        license = "MIT"
        requires-python = ">=3.11"
        import-names = ["{package}"]
        {f'import-namespaces = ["{namespace}"]' if namespace else ""}
        classifiers = [{PYTHONS}, "Typing :: Typed"]
        dependencies = [{ranges}]

        [tool.hatch.version]
        path = "src/{package.replace(".", "/")}/_version.py"

        [tool.hatch.build.targets.wheel]
        only-include = ["src/{package.replace(".", "/")}"]
        sources = ["src"]

        [tool.hatch.build.targets.sdist]
        only-include = ["src/{top}", "CHANGELOG.md", "README.md", "pyproject.toml"]
        """),
        encoding="utf-8",
    )
    (folder / "README.md").write_text(f"# {dist}\n", encoding="utf-8")
    # hatchling ships the nearest .gitignore in the sdist: each member has its own
    (folder / ".gitignore").write_text("/dist/\n/build/\n", encoding="utf-8")
    (folder / "CHANGELOG.md").write_text(
        f"# Changelog of {dist}\n\n## [Unreleased]\n\n### Added\n\n- The first code.\n\n"
        f"## [1.0.0] - 2026-12-01\n\n### Added\n\n- {dist} itself.\n",
        encoding="utf-8",
    )
    tests = root / "tests" / package.rpartition(".")[2]
    tests.mkdir(parents=True)
    _, check = CODE[package]
    (tests / f"test_{name}.py").write_text(
        f"from {package} import {name}\n\n\ndef test_{name}() -> None:\n    assert {check}\n",
        encoding="utf-8",
    )


def _root_pyproject(ours: dict[str, object]) -> str:
    """The root pyproject: the recipe's sections, copied or adapted as the page says."""
    groups = ours["dependency-groups"]
    assert isinstance(groups, dict)
    lines = ['[tool.uv.workspace]\nmembers = ["packages/*", "tools"]\n', "[tool.uv.sources]"]
    lines += [f"{dist} = {{ workspace = true }}" for dist in MEMBERS]
    lines += ["", "[dependency-groups]"]
    for name, requirements in groups.items():
        items = [
            f'{{ include-group = "{r["include-group"]}" }}' if isinstance(r, dict) else f'"{r}"'
            for r in requirements
        ]
        lines.append(f"{name} = [{', '.join(items)}]")
    dirs = [f"packages/{d}/src" for d in MEMBERS]
    lines += [
        "",
        "[tool.pytest.ini_options]",
        'addopts = ["-ra", "--strict-config", "--strict-markers", "--import-mode=importlib"]',
        'testpaths = ["tests"]',
        "",
        _ruff_sections(),
        "[tool.mypy]\nstrict = true\nnamespace_packages = true\nexplicit_package_bases = true",
        f"mypy_path = {dirs!r}".replace("'", '"'),
        f"files = {dirs!r}".replace("'", '"'),
        "",
        f'[tool.importlinter]\nroot_packages = ["{NAMESPACE}", "widget"]',
        "include_external_packages = false\n",
        "[[tool.importlinter.contracts]]",
        'name = "app on io and net, both on core"',
        'type = "layers"',
        f'containers = ["{NAMESPACE}"]',
        'layers = ["app", "io | net", "core"]',
        "",
    ]
    return "\n".join(lines)


def _ruff_sections() -> str:
    """Our ruff settings, copied as they are: the copied tools and noxfile pass them."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    start = text.index("[tool.ruff]")
    end = text.index("\n[", text.index("[tool.ruff.lint.pydocstyle]"))
    return text[start:end] + "\n"


def _noxfile() -> str:
    """Our noxfile, the sessions the page leaves out deleted as an engineer would: whole."""
    blocks = (ROOT / "noxfile.py").read_text(encoding="utf-8").split("\n\n\n")
    kept = [b for b in blocks if not any(f"\ndef {name}(session" in b for name in LEFT_OUT)]
    assert len(blocks) - len(kept) == len(LEFT_OUT), "a session to leave out was not found"
    return "\n\n\n".join(kept)


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` with an identity of its own; return its output."""
    identity = ["-c", "user.name=Acme CI", "-c", "user.email=ci@acme.invalid"]
    done = subprocess.run(
        ["git", *identity, *args], cwd=root, check=True, capture_output=True, text=True
    )
    return done.stdout


def make_acme(root: Path) -> Path:
    """Write the acme monorepo into ``root`` and commit it; return ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "noxfile.py").write_text(_noxfile(), encoding="utf-8")
    ignore = shutil.ignore_patterns("*.egg-info", "__pycache__", "*.pyc")
    shutil.copytree(ROOT / "tools", root / "tools", ignore=ignore)
    shutil.rmtree(root / "tools/src/mygame_devtools/docs")  # the docs runner: left out
    shutil.copytree(ROOT / ".github", root / ".github")
    ours = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (root / "pyproject.toml").write_text(_root_pyproject(ours), encoding="utf-8")
    for dist, (package, requires) in MEMBERS.items():
        _member(root, dist, package, requires)
    (root / ".gitignore").write_text(".nox/\ndist/\n__pycache__/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "acme: the recipe copied, five members")
    return root
