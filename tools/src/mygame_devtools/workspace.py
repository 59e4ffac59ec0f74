"""The workspace's distributions, read from the pyproject files, in dependency order.

Home-made because the tools run with nox's own Python (standard library and
``packaging`` only), where neither uv nor hatchling can be imported.
"""

from __future__ import annotations

import graphlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

__all__ = [
    "PRIVATE",
    "ROOT",
    "Distribution",
    "WorkspaceError",
    "find_root",
    "load_workspace",
    "name_prefix",
    "pretty",
    "read_text",
    "read_toml",
    "read_version",
    "sibling_range_problems",
    "version_in",
    "write_version",
]

PRIVATE = "Private :: Do Not Upload"
"""The classifier of a member that is never released (the dev tools)."""

_VERSION_LINE = re.compile(r'^__version__ = "(?P<version>[^"]+)"$', re.MULTILINE)
_TOML_WHERE = re.compile(r"^(?P<msg>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")


class WorkspaceError(Exception):
    """The tree is not laid out as the workspace expects; the message names the file."""


def read_text(path: Path) -> str:
    """Return a UTF-8 file's text; one that cannot be read is a WorkspaceError naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        msg = f"{path}: cannot be read: {error}"
        raise WorkspaceError(msg) from None


def read_toml(path: Path) -> dict[str, Any]:
    """Return a TOML file's data; a malformed one is a WorkspaceError naming file and line."""
    try:
        return tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as error:
        where = _TOML_WHERE.match(str(error))
        line = f":{where['line']}:{where['column']}: {where['msg']}" if where else f": {error}"
        msg = f"{path}{line}"
        raise WorkspaceError(msg) from None


def _table(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    """Return the table at ``keys`` (``tool.uv``), empty where it is missing or not a table."""
    table: object = data
    for key in keys:
        table = table.get(key) if isinstance(table, dict) else None
    return table if isinstance(table, dict) else {}


def find_root(start: Path | None = None) -> Path:
    """Return the folder at or above ``start`` whose pyproject declares ``[tool.uv.workspace]``.

    As git does, the tools act on the tree they run in. A pyproject that cannot be
    read stops the search, so the error that follows names it.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if not pyproject.is_file():
            continue
        try:
            if "workspace" in _table(read_toml(pyproject), "tool", "uv"):
                return folder
        except WorkspaceError:
            return folder
    return here


ROOT = find_root()
"""The workspace of the current folder, found once when the tools start."""


def version_in(text: str, where: str | Path) -> Version:
    """Return the version of a ``_version.py`` text (its ``__version__ = "1.2.3"`` line)."""
    match = _VERSION_LINE.search(text)
    if match is None:
        msg = f"{where}: no line like '__version__ = \"1.2.3\"'"
        raise WorkspaceError(msg)
    try:
        return Version(match["version"])
    except InvalidVersion:
        msg = f"{where}: '{match['version']}' is not a version (PEP 440), e.g. '1.2.3'"
        raise WorkspaceError(msg) from None


def read_version(path: Path) -> Version:
    """Return the version a ``_version.py`` file holds (what hatchling reads)."""
    return version_in(read_text(path), path)


def write_version(path: Path, version: Version) -> None:
    """Set the version line of a ``_version.py`` file, keeping the rest."""
    text = read_text(path)
    if version_in(text, path) != version:
        path.write_text(_VERSION_LINE.sub(f'__version__ = "{version}"', text, 1), encoding="utf-8")


@dataclass(frozen=True, slots=True)
class Distribution:
    """One released member of the workspace, as its pyproject.toml describes it."""

    name: str
    path: Path
    version_file: Path
    requirements: tuple[Requirement, ...]

    @property
    def package(self) -> str:
        """The import name, where its version file lives (``mygame.logic``); rename keeps it."""
        return ".".join(self.version_file.relative_to(self.path / "src").parent.parts)

    @property
    def short(self) -> str:
        """The last part of the import name, also its tests folder: ``logic``."""
        return self.package.rpartition(".")[2]

    @property
    def version(self) -> Version:
        """The version in the tree."""
        return read_version(self.version_file)

    @property
    def tag(self) -> str:
        """The git tag of the version in the tree: ``mygame-logic-v1.4.0``."""
        return self.tag_for(self.version)

    def tag_for(self, version: Version) -> str:
        """Return the git tag of a release of this distribution."""
        return f"{self.name}-v{version}"

    @property
    def dist_stem(self) -> str:
        """The file-name stem of its artifacts: ``mygame_logic-1.4.0``."""
        return f"{self.name.replace('-', '_')}-{self.version}"


def _read(path: Path) -> Distribution | None:
    """Read a member; None for a private one (never released)."""
    pyproject = path / "pyproject.toml"
    data = read_toml(pyproject)
    project = _table(data, "project")
    if not isinstance(project.get("name"), str):
        msg = f"{pyproject}: no [project] name"
        raise WorkspaceError(msg)
    if PRIVATE in project.get("classifiers", []):
        return None
    version_path = _table(data, "tool", "hatch", "version").get("path")
    if not isinstance(version_path, str):
        msg = f"{pyproject}: no [tool.hatch.version] path (the file that holds the version)"
        raise WorkspaceError(msg)
    try:
        requirements = tuple(Requirement(str(r)) for r in project.get("dependencies", []))
    except InvalidRequirement as error:
        msg = f"{pyproject}: [project] dependencies: {str(error).splitlines()[0]}"
        raise WorkspaceError(msg) from None
    version_file = path / version_path
    if not version_file.resolve().is_relative_to((path / "src").resolve()):  # a src/ layout
        msg = f"{pyproject}: [tool.hatch.version] path {version_path!r} is not under src/"
        raise WorkspaceError(msg)
    return Distribution(canonicalize_name(project["name"]), path, version_file, requirements)


def _dependency_order(dists: list[Distribution]) -> list[Distribution]:
    """Sort so that every distribution comes after the siblings it requires."""
    by_name = {d.name: d for d in dists}
    graph = {
        d.name: {canonicalize_name(r.name) for r in d.requirements} & set(by_name) for d in dists
    }
    try:
        return [by_name[name] for name in graphlib.TopologicalSorter(graph).static_order()]
    except graphlib.CycleError as error:
        msg = f"circular dependencies between {sorted(set(error.args[1]))}"
        raise WorkspaceError(msg) from None


def load_workspace(root: Path = ROOT) -> list[Distribution]:
    """Return the ``[tool.uv.workspace] members`` to release, each after its siblings."""
    pyproject = root / "pyproject.toml"
    workspace = _table(read_toml(pyproject), "tool", "uv", "workspace")
    if not isinstance(workspace.get("members"), list):
        msg = f"{pyproject}: no [tool.uv.workspace] members"
        raise WorkspaceError(msg)
    excluded = {p for glob in workspace.get("exclude", []) for p in root.glob(glob)}
    folders = [
        path
        for glob in workspace["members"]
        for path in sorted(root.glob(glob))
        if path not in excluded and (path / "pyproject.toml").is_file()
    ]
    found = [d for d in map(_read, dict.fromkeys(folders)) if d is not None]
    return _dependency_order(found)


def name_prefix(dists: list[Distribution]) -> str:
    """Return the prefix of the namespace's names: ``mygame`` for ``mygame-logic``.

    Members with a top-level package (outside the namespace) are left out; the
    release tags (``<prefix>-*-v*``) and ``rename`` rely on this prefix.
    """
    inside = [d for d in dists if "." in d.package] or dists
    prefixes = {d.name.removesuffix(f"-{d.short}") for d in inside}
    if len(prefixes) != 1 or any(d.name == p for d in inside for p in prefixes):
        shown = ", ".join(f"{d.name} ({d.package})" for d in inside)
        msg = f"the distributions are not named <prefix>-<subpackage> alike: {shown}"
        raise WorkspaceError(msg)
    return prefixes.pop()


def pretty(req: Requirement) -> str:
    """Write a range as people do, lower bound first: ``mygame-logic>=1.2,<2``."""
    specs = sorted(req.specifier, key=lambda s: (s.operator in {"<", "<="}, str(s)))
    return f"{req.name}{','.join(str(s) for s in specs)}"


def sibling_range_problems(dists: list[Distribution]) -> list[str]:
    """Say which sibling range lacks a lower or upper bound, or excludes the sibling's version."""
    versions = {d.name: d.version for d in dists}
    problems: list[str] = []
    for dist in dists:
        for req in dist.requirements:
            sibling = canonicalize_name(req.name)
            if sibling not in versions:
                continue  # a third-party requirement: the resolver's business
            have = versions[sibling]
            ops = {spec.operator for spec in req.specifier}
            if not ops & {">=", ">", "~=", "=="} or not ops & {"<", "<=", "~=", "=="}:
                problems.append(
                    f"{dist.name}: '{req}' needs a lower and an upper bound, "
                    f"e.g. '{sibling}>={have.major}.{have.minor},<{have.major + 1}'"
                )
            if not req.specifier.contains(have, prereleases=True):
                problems.append(
                    f"{dist.name}: '{req}' does not admit {sibling} {have} "
                    f"in the tree; widen the range in {dist.path / 'pyproject.toml'}"
                )
    return problems
