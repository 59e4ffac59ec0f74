"""The workspace's released members, read from the pyproject files, in dependency order.

Ours: the tools run with nox's own Python (``packaging`` only), where hatchling cannot be
imported, and ``uv workspace list`` names the members but not their requirements.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

__all__ = [
    "ROOT",
    "Distribution",
    "WorkspaceError",
    "find_root",
    "in_tree",
    "load_workspace",
    "name_prefix",
    "pretty",
    "read_text",
    "sibling_range_problems",
    "version_in",
    "with_version",
]

_PRIVATE = "Private :: Do Not Upload"  # the classifier of a member never released (the tools)
_VERSION_LINE = re.compile(r'^__version__ = "(?P<version>[^"]+)"$', re.MULTILINE)
_TOML_WHERE = re.compile(r"^(?P<msg>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")


class WorkspaceError(Exception):
    """A tool cannot do what was asked; the one-line message names the file or the reason."""


def read_text(path: Path) -> str:
    """Return a UTF-8 file's text; one that cannot be read is a WorkspaceError naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        msg = f"{path}: cannot be read: {error}"
        raise WorkspaceError(msg) from None


def in_tree(root: Path, path: Path) -> bool:
    """Whether ``path`` is a regular file of the tree at ``root``, not reached through a symlink.

    The tools write only such files: a committed symlink may point anywhere, and
    ``git checkout .`` cannot undo a write outside the tree.
    """
    return (
        path.is_file() and not path.is_symlink() and path.resolve().is_relative_to(root.resolve())
    )


def _read_toml(path: Path) -> dict[str, Any]:
    """Return a TOML file's data; a malformed one is ``path:line:column: reason``."""
    try:
        return tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as error:
        at = _TOML_WHERE.match(str(error))
        msg = f"{path}:{at['line']}:{at['column']}: {at['msg']}" if at else f"{path}: {error}"
        raise WorkspaceError(msg) from None


def _table(data: Any, *keys: str) -> dict[str, Any]:  # noqa: ANN401 - any TOML value
    """Return the table at ``keys`` (``tool.uv``), empty where it is missing or not a table."""
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def find_root(start: Path | None = None) -> Path:
    """Return the folder at or above ``start`` whose pyproject has ``[tool.uv.workspace]``.

    A pyproject that cannot be read ends the search, so the error that follows names it.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file():
            try:
                if "workspace" in _table(_read_toml(folder / "pyproject.toml"), "tool", "uv"):
                    return folder
            except WorkspaceError:
                return folder
    return here


ROOT = find_root()  # as git does, the tools act on the tree they run in


def version_in(text: str, where: str | Path) -> Version:
    """Return the version of a ``_version.py`` text (its ``__version__ = "1.2.3"`` line)."""
    if (match := _VERSION_LINE.search(text)) is None:
        msg = f"{where}: no line like '__version__ = \"1.2.3\"'"
        raise WorkspaceError(msg)
    try:
        return Version(match["version"])
    except InvalidVersion:
        msg = f"{where}: '{match['version']}' is not a version (PEP 440), e.g. '1.2.3'"
        raise WorkspaceError(msg) from None


def with_version(text: str, version: Version, where: str | Path) -> str:
    """Return a ``_version.py`` text with its version line set to ``version``, the rest kept."""
    version_in(text, where)  # refuses a text without the line
    return _VERSION_LINE.sub(f'__version__ = "{version}"', text, count=1)


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
        return version_in(read_text(self.version_file), self.version_file)

    def tag_for(self, version: Version) -> str:
        """Return the git tag of a release of this distribution: ``mygame-logic-v1.4.0``."""
        return f"{self.name}-v{version}"

    @property
    def dist_stem(self) -> str:
        """The file-name stem of its artifacts: ``mygame_logic-1.4.0``."""
        return f"{self.name.replace('-', '_')}-{self.version}"


def _read(path: Path) -> Distribution | None:
    """Read a member; None for a private one (never released)."""
    pyproject = path / "pyproject.toml"
    data = _read_toml(pyproject)
    project = _table(data, "project")
    version_path = _table(data, "tool", "hatch", "version").get("path")
    if not isinstance(project.get("name"), str):
        msg = "no [project] name"
    elif _PRIVATE in project.get("classifiers", []):
        return None
    elif not isinstance(version_path, str):
        msg = "no [tool.hatch.version] path (the file that holds the version)"
    elif not (path / version_path).resolve().is_relative_to((path / "src").resolve()):
        msg = f"[tool.hatch.version] path {version_path!r} is not under src/"
    else:
        try:
            reqs = tuple(Requirement(str(r)) for r in project.get("dependencies", []))
        except InvalidRequirement as error:
            msg = f"[project] dependencies: {str(error).splitlines()[0]}"
        else:
            return Distribution(canonicalize_name(project["name"]), path, path / version_path, reqs)
    msg = f"{pyproject}: {msg}"
    raise WorkspaceError(msg)


def load_workspace(root: Path = ROOT) -> list[Distribution]:
    """Return the ``[tool.uv.workspace] members`` to release, each after its siblings."""
    pyproject = root / "pyproject.toml"
    workspace = _table(_read_toml(pyproject), "tool", "uv", "workspace")
    if not isinstance(workspace.get("members"), list):
        msg = f"{pyproject}: no [tool.uv.workspace] members"
        raise WorkspaceError(msg)
    excluded = {p for glob in workspace.get("exclude", []) for p in root.glob(glob)}
    folders = dict.fromkeys(p for glob in workspace["members"] for p in sorted(root.glob(glob)))
    found = [_read(p) for p in folders if p not in excluded and (p / "pyproject.toml").is_file()]
    by_name = {d.name: d for d in found if d is not None}
    graph = {n: {canonicalize_name(r.name) for r in d.requirements} for n, d in by_name.items()}
    try:  # third-party names drop out of the order
        return [by_name[n] for n in TopologicalSorter(graph).static_order() if n in by_name]
    except CycleError as error:
        msg = f"circular dependencies between {sorted(set(error.args[1]))}"
        raise WorkspaceError(msg) from None


def name_prefix(dists: list[Distribution]) -> str:
    """Return the prefix of the names in the namespace (``mygame``), for tags and ``rename``."""
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
            if (have := versions.get(sibling := canonicalize_name(req.name))) is None:
                continue  # a third-party requirement: the resolver's business
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
