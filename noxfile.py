# /// script
# requires-python = ">=3.11"
# dependencies = ["nox[uv]>=2026.8.17"]
# ///
"""Every workflow of this monorepo, one nox session each: ``nox -l`` is the menu.

``nox`` alone runs what CI runs. The workspace is read from the pyproject files.
"""

from __future__ import annotations

import os
import shutil
import sys
import tomllib
from pathlib import Path
from typing import Any

import nox
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

nox.needs_version = ">=2026.8.17"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.error_on_missing_interpreters = False  # test the Pythons this machine has
nox.options.download_python = "never"
# `nox` alone runs sessions side by side (they wait on installers and servers); named, in turn.
_CHOOSING = {"-s", "--session", "--sessions", "-e", "-k", "--keywords", "-t", "--tags"}
if "NOXSESSION" not in os.environ and not _CHOOSING & {a.split("=")[0] for a in sys.argv[1:]}:
    nox.options.parallel = (os.cpu_count() or 1) + 1
nox.options.allow_parallel = True

ROOT = Path(__file__).resolve().parent
DIST_DIR = ROOT / "dist"
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # uv installs no bytecode: cache it in .nox
os.environ.update(PYTHONPYCACHEPREFIX=str(ROOT / ".nox/.pycache"), MYGAME_DIST_DIR=str(DIST_DIR))
try:
    PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
except (OSError, UnicodeError, tomllib.TOMLDecodeError) as e:  # the menu lists, with no members
    print(f"nox: pyproject.toml: {type(e).__name__}: {e}", file=sys.stderr)
    PYPROJECT = {}


class Member:
    """One distribution of the uv workspace, as its pyproject.toml describes it."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:  # noqa: D107
        self.path, self.data, self.name = path, data, canonicalize_name(data["project"]["name"])
        deps = data["project"].get("dependencies", [])
        self.requires = {canonicalize_name(Requirement(r).name) for r in deps}
        self.package: str = data["project"]["import-names"][0]  # PEP 794
        self.short = self.package.rpartition(".")[2]  # its tests live in tests/<short>/


def load_members() -> tuple[list[Path], list[Member]]:
    """Return the members' pyprojects and distributions in dependency order; print problems."""
    globs = PYPROJECT.get("tool", {}).get("uv", {}).get("workspace", {}).get("members", [])
    pyprojects = [p for glob in globs for p in sorted(ROOT.glob(f"{glob}/pyproject.toml"))]
    members: list[Member] = []
    for pyproject in pyprojects:
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            if "Private :: Do Not Upload" not in data["project"].get("classifiers", []):
                members.append(Member(pyproject.parent, data))
        except (OSError, UnicodeError, tomllib.TOMLDecodeError, KeyError, InvalidRequirement) as e:
            print(f"nox: {pyproject.relative_to(ROOT)}: {type(e).__name__}: {e}", file=sys.stderr)
    ordered: list[Member] = []
    while pending := [m for m in members if m not in ordered]:
        done = {m.name for m in ordered}
        if not (ready := [m for m in pending if m.requires & {m.name for m in members} <= done]):
            print("nox: circular dependencies:", *(m.name for m in pending), file=sys.stderr)
            break
        ordered += ready
    return pyprojects, ordered


PYPROJECTS, MEMBERS = load_members()
BY_NAME: dict[str, Member] = {m.name: m for m in MEMBERS}
PYTHONS = nox.project.python_versions(MEMBERS[0].data) if MEMBERS else []
CURRENT_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
# Coverage slows the tests severalfold, and no branch depends on the Python: measure on one.
COVERED_PYTHON = CURRENT_PYTHON if CURRENT_PYTHON in PYTHONS or not PYTHONS else PYTHONS[0]
_PYTEST = PYPROJECT.get("tool", {}).get("pytest", {}).get("ini_options", {})
ONCE = any(m.split(":")[0] == "once" for m in _PYTEST.get("markers", []))  # only where measured
# Our artifacts come only from the folder named: no index, find-links, constraints or uv cache.
_SETTINGS = ["FIND_LINKS", "INDEX_URL", "EXTRA_INDEX_URL", "CONSTRAINT", "INDEX", "DEFAULT_INDEX"]
ISOLATED: dict[str, str | None] = {f"{t}_{s}": None for t in ("PIP", "UV") for s in _SETTINGS}
ISOLATED |= {"PIP_CONFIG_FILE": os.devnull, "UV_NO_CONFIG": "1", "UV_NO_CACHE": "1"}


def install(session: nox.Session, *groups: str, tools: bool = True) -> None:
    """Install dependency groups (and the dev tools) with the user's own index settings."""
    requirements = nox.project.dependency_groups(PYPROJECT, *groups)
    session.install(*requirements, *(["-e", str(ROOT / "tools")] if tools else []))


def install_from_dist(session: nox.Session, *names: str, wheels: Path = DIST_DIR) -> None:
    """Install our distributions and their siblings from ``wheels`` and ``dist/`` only."""
    links = ["--find-links", str(wheels), "--find-links", str(DIST_DIR)]
    session.install("--force-reinstall", "--no-index", *links, *names, env=ISOLATED)


def tool(session: nox.Session, module: str, *args: str, tree: bool = False) -> None:
    """Run ``python -m mygame_devtools.<module>``; ``tree``: with nox's Python (has packaging)."""
    env = {"PYTHONPATH": str(ROOT / "tools" / "src")} if tree else None
    python = sys.executable if tree else "python"
    session.run(python, "-m", f"mygame_devtools.{module}", *args, env=env, external=tree)


def scratch(session: nox.Session, name: str) -> Path:
    """Return a fresh path ``name`` in the session's temporary folder."""
    shutil.rmtree(path := Path(session.create_tmp()).resolve() / name, ignore_errors=True)
    return path


def pytest(session: nox.Session, *tests: str, covered: str | None = None) -> None:
    """Run pytest on folders of ``tests/`` from outside the tree: only what is installed imports."""
    (data := scratch(session, "coverage")).mkdir()  # this session's last run, for `coverage`
    session.chdir(data.parent)
    rc = str(ROOT / "pyproject.toml")
    env = {"COVERAGE_FILE": str(data / ".coverage"), "COVERAGE_RCFILE": rc}
    coverage = ["coverage", "run", f"--source={covered}", "-m"] if covered else []
    pytest = ["pytest", *(str(ROOT / "tests" / t) for t in tests), "-c", rc, "--rootdir", str(ROOT)]
    once = [] if covered or not ONCE else ["-m", "not once"]
    session.run(*coverage, *pytest, *once, *session.posargs, env=env)


# `nox` starts them in this order: the longest early. Tags tell `affected` what a change needs.
@nox.session(python=CURRENT_PYTHON, tags=["lint", "quick", "workspace", "pages"])
def lint(session: nox.Session) -> None:
    """Lint and format-check the code; validate pyproject files and workflows; check layers."""
    install(session, "lint", tools=False)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("validate-pyproject", "pyproject.toml", *map(str, PYPROJECTS))
    pythonpath = os.pathsep.join(str(m.path / "src") for m in MEMBERS)  # one namespace
    session.run("lint-imports", "--no-cache", env={"PYTHONPATH": pythonpath})
    session.run("actionlint", "-no-color", *map(str, sorted(ROOT.glob(".github/workflows/*.yml"))))


@nox.session(python=CURRENT_PYTHON, tags=["quick", "workspace"])
def typecheck(session: nox.Session) -> None:
    """Type-check the packages as one namespace (mypy strict); keep their API 100% typed."""
    install(session, "typecheck")
    session.run("mypy", *session.posargs)
    session.install(*(arg for m in MEMBERS for arg in ("-e", str(m.path))))
    for m in MEMBERS:
        session.run("pyright", "--verifytypes", m.package, "--ignoreexternal")


@nox.session(python=CURRENT_PYTHON, tags=["quick"])
def build(session: nox.Session) -> None:
    """Build an sdist and a wheel from it for each distribution, into dist/."""
    install(session, "build")
    shutil.rmtree(DIST_DIR, ignore_errors=True)
    tool(session, "checks.build", str(DIST_DIR))


@nox.session(python=CURRENT_PYTHON, tags=["workspace", "pages"])
def docs(session: nox.Session) -> None:
    """Run the commands and snippets of README.md and docs/; build the site and check it."""
    install(session, "test", "publish", "docs")
    tool(session, "docs.runner", "-v", *session.posargs)
    site = scratch(session, "site")
    build_site = ["mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)]
    session.run(*build_site, env={"NO_MKDOCS_2_WARNING": "1"})
    tool(session, "docs.site_check", str(site), "--screenshot", str(site.parent / "site-index.png"))


@nox.session(python=CURRENT_PYTHON, requires=["build"], tags=["shared"])
@nox.parametrize("folders", ["publishing", "release docs"], ids=["uploads", "releases"])  # halves
def publishing(session: nox.Session, folders: str) -> None:
    """Test the dev tools: publishing to pypiserver and devpi, releases, the docs runner."""
    install(session, "publish", "devpi", "packaging", "nox", "docs")
    pytest(session, *folders.split())


@nox.session(python=CURRENT_PYTHON, requires=["build"], tags=["workspace"])
@nox.parametrize("folder", ["transplant", "packaging"], ids=["transplant", "installs"])
def packaging(session: nox.Session, folder: str) -> None:
    """Test the packaging: pip and uv install the wheels one at a time; the recipe transplanted."""
    install(session, "packaging", "nox", "publish")
    pytest(session, folder)


@nox.session(python=CURRENT_PYTHON, requires=["check"], default=False, allow_parallel=False)
def publish(session: nox.Session) -> None:
    """Upload dist/ in dependency order, resumably: -- [-r testpypi|pypi|--repository-url URL]."""
    for arg in session.posargs:  # before nox echoes them: no credential on its command line
        name, url = arg.partition("=")[0].lower().lstrip("-"), arg.partition("://")[2]
        named = name[:1] in {"u", "p"} or any(w in name for w in ("user", "pass", "token"))
        if (arg[:1] == "-" and named) or "@" in url.split("/")[0] or "?" in url:
            session.error("give credentials as TWINE_USERNAME/TWINE_PASSWORD or with keyring")
    install(session, "publish")
    tool(session, "publish", *session.posargs)


@nox.session(python=CURRENT_PYTHON, tags=["workspace"])
def demo(session: nox.Session) -> None:
    """Run the main job: publish to a password-protected index on loopback, pip-install it."""
    install(session, "demo")
    tool(session, "checks.build", str(outdir := scratch(session, "demo-dist")))  # not dist/
    tool(session, "publish.demo", "--dist-dir", str(outdir), *session.posargs)


@nox.session(venv_backend="none", default=False, allow_parallel=False)
def release(session: nox.Session) -> None:
    """Release one distribution: -- DIST major|minor|patch [--widen]; commit, tag, never push."""
    tool(session, "release", *session.posargs, tree=True)


@nox.session(venv_backend="none", default=False)
def rename(session: nox.Session) -> None:
    """Rename the distributions to publish your own copy: -- PREFIX (alice-mygame-logic...)."""
    tool(session, "release.rename", *session.posargs, tree=True)


@nox.session(venv_backend="none", default=False, allow_parallel=False)
def affected(session: nox.Session) -> None:
    """Run only what a change affects: -- --since REF [--list] (prints the selection, why)."""
    tool(session, "release.affected", "--noxfile", __file__, *session.posargs, tree=True)


@nox.session(python=CURRENT_PYTHON, requires=["build"])
@nox.parametrize("distribution", [m.name for m in MEMBERS if m.requires & BY_NAME.keys()])
def lowest(session: nox.Session, distribution: str) -> None:
    """Test a dependent against the oldest sibling releases its ranges admit, rebuilt from git."""
    install(session, "build", "test")
    wheels, pins = scratch(session, "lowest-wheels"), scratch(session, "lowest-pins.txt")
    tool(session, "release.lowest", distribution, "--wheelhouse", str(wheels), "--pins", str(pins))
    if not (floors := pins.read_text(encoding="utf-8").split()):
        session.skip(f"no release to test {distribution}'s lower bounds against (see above)")
    install_from_dist(session, distribution, *floors, wheels=wheels)
    pytest(session, BY_NAME[distribution].short)


@nox.session(python=CURRENT_PYTHON, requires=["build"], default=False)
def clients(session: nox.Session) -> None:
    """Install and use the wheels with every real client: pip, uv, pipx, uv tool, type checkers."""
    install(session, "clients")
    pytest(session, "clients")


@nox.session(python=CURRENT_PYTHON, requires=["build"], tags=["quick", "workspace"])
def check(session: nox.Session) -> None:
    """Check ranges, changelogs and tags; the files' metadata, contents, reproducibility."""
    install(session, "check", "build")
    tool(session, "release.consistency")  # ranges, versions, changelogs and tags agree
    session.run("twine", "check", "--strict", *(artifacts := sorted(map(str, DIST_DIR.iterdir()))))
    session.run("check-wheel-contents", *(a for a in artifacts if a.endswith(".whl")))
    tool(session, "checks.dists", str(DIST_DIR))
    # Reproducible: a copy with new file times, built with pypa/build's own hooks, is identical.
    tree, again = scratch(session, "tree"), scratch(session, "dist-again")
    shutil.copytree(ROOT / "packages", tree / "packages", copy_function=shutil.copy)
    shutil.copy(ROOT / "pyproject.toml", tree)  # the workspace's members
    tool(session, "checks.build", str(again), "--subprocess-hooks", "--root", str(tree))
    tool(session, "checks.compare", str(DIST_DIR), str(again), "--identical")


@nox.session(python=CURRENT_PYTHON, requires=["build"], venv_backend="uv")
def lowest_tools(session: nox.Session) -> None:
    """Build with the oldest build and hatchling the ranges admit; check with the oldest twine."""
    floors = [r for p in PYPROJECTS for r in nox.project.load_toml(p)["build-system"]["requires"]]
    groups = nox.project.dependency_groups(PYPROJECT, "build", "check")
    floors += [r for r in groups if r.startswith(("build", "hatchling", "twine"))]
    session.install("--resolution", "lowest-direct", *floors, "-e", str(ROOT / "tools"))
    tool(session, "checks.build", str(outdir := scratch(session, "dist-lowest-tools")))
    tool(session, "checks.dists", str(outdir))
    session.run("twine", "check", "--strict", *map(str, [*outdir.iterdir(), *DIST_DIR.iterdir()]))


@nox.session(requires=["build"], python=PYTHONS)  # dependents first: their suites are longest
@nox.parametrize("distribution", list(BY_NAME)[::-1])
def tests(session: nox.Session, distribution: str) -> None:
    """Test one distribution's wheel, installed alone with its declared dependencies."""
    install(session, "test", tools=False)
    install_from_dist(session, distribution)
    covered = BY_NAME[distribution].package if session.python == COVERED_PYTHON else None
    pytest(session, BY_NAME[distribution].short, covered=covered)


@nox.session(python=CURRENT_PYTHON, allow_parallel=False, tags=["shared"])
def coverage(session: nox.Session) -> None:
    """Combine the coverage of the tests runs on one Python and report it (branch coverage)."""
    install(session, "test", tools=False)
    env, runs = {"COVERAGE_FILE": str(ROOT / ".coverage")}, sorted(ROOT.glob(".nox/*/tmp/coverage"))
    session.run("coverage", "combine", "--keep", *map(str, runs), env=env, success_codes=[0, 1])
    session.run("coverage", "report", env=env)


@nox.session(python=CURRENT_PYTHON, requires=["build"], default=False)
def benchmark(session: nox.Session) -> None:
    """Run a benchmark script against the built wheels: -- NAME [ARGS] (benchmarks/NAME.py)."""
    install(session, "demo", "nox")
    install_from_dist(session, *BY_NAME)
    name, *args = session.posargs or ["suite"]
    script = str(ROOT / "benchmarks" / f"{name}.py")  # they share the tests' helpers:
    session.run("python", script, *args, env={"PYTHONPATH": str(ROOT / "tests")})


if __name__ == "__main__":
    nox.main()
