"""The workspace's distributions, read from their pyproject files, in dependency order.

Every workflow that needs to know "which distributions, which versions, which
sibling ranges" (build, check, publish, release, consistency) asks this module,
so there is one reading of the tree.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

__all__ = [
    "ROOT",
    "Distribution",
    "WorkspaceError",
    "find_root",
    "load_workspace",
    "name_prefix",
    "read_version",
    "sibling_range_problems",
    "version_in",
    "write_version",
]

_VERSION_LINE = re.compile(r'^__version__ = "(?P<version>[^"]+)"$', re.MULTILINE)


class WorkspaceError(Exception):
    """The tree is not laid out as the workspace expects."""


def find_root(start: Path | None = None) -> Path:
    """Return the workspace the tools act on, found from ``start`` (the current folder).

    It is the folder at or above ``start`` whose pyproject.toml declares
    ``[tool.uv.workspace]``. As git finds its repository, the tools act on the tree
    they run in, never on the tree they were installed from: a release in a clone
    commits in the clone. Outside any workspace, ``start`` itself (its distributions
    will be missing).
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "workspace" in _uv_settings(pyproject):
            return folder
    return here


def _uv_settings(pyproject: Path) -> dict[str, object]:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    uv: dict[str, object] = data.get("tool", {}).get("uv", {})
    return uv


ROOT = find_root()
"""The workspace of the current folder, found once when the tools start."""


def version_in(text: str, where: str | Path) -> Version:
    """Return the version of a ``_version.py`` text: its line ``__version__ = "1.2.3"``.

    ``where`` names the file in the error raised when there is no such line.
    """
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
    return version_in(path.read_text(encoding="utf-8"), path)


def write_version(path: Path, version: Version) -> None:
    """Set the version line of a ``_version.py`` file to ``version``, keeping the rest."""
    text = path.read_text(encoding="utf-8")
    read = version_in(text, path)  # refuses a file without the line
    if read != version:
        new = _VERSION_LINE.sub(f'__version__ = "{version}"', text, count=1)
        path.write_text(new, encoding="utf-8")


@dataclass(frozen=True, slots=True)
class Distribution:
    """One distribution of the workspace, as its pyproject.toml describes it."""

    name: str
    path: Path
    version_file: Path
    requirements: tuple[Requirement, ...]

    @property
    def package(self) -> str:
        """The import name, where its version file lives: ``mygame.logic``.

        It does not follow the distribution's name: ``nox -s rename`` renames the
        distributions, and their code still imports as ``mygame.*``.
        """
        return ".".join(self.version_file.relative_to(self.path / "src").parent.parts)

    @property
    def short(self) -> str:
        """The subpackage name, also the name of its tests folder: ``logic``."""
        return self.package.rpartition(".")[2]

    @property
    def version(self) -> Version:
        """The version, read from the file hatchling reads."""
        return read_version(self.version_file)

    @property
    def tag(self) -> str:
        """The git tag of the version in the tree: ``mygame-logic-v1.4.0``."""
        return self.tag_for(self.version)

    def tag_for(self, version: Version) -> str:
        """Return the git tag of a release of this distribution: ``mygame-logic-v1.4.0``."""
        return f"{self.name}-v{version}"

    @property
    def dist_stem(self) -> str:
        """The file-name stem of its artifacts: ``mygame_logic-1.4.0``."""
        return f"{self.name.replace('-', '_')}-{self.version}"


def _read(path: Path) -> Distribution:
    data = tomllib.loads((path / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    version_path = data["tool"]["hatch"]["version"]["path"]
    return Distribution(
        name=canonicalize_name(project["name"]),
        path=path,
        version_file=path / version_path,
        requirements=tuple(Requirement(r) for r in project.get("dependencies", [])),
    )


def _dependency_order(dists: list[Distribution]) -> list[Distribution]:
    """Sort so that every distribution comes after the siblings it requires."""
    names = {d.name for d in dists}
    ordered: list[Distribution] = []
    pending = list(dists)
    while pending:
        placed = {d.name for d in ordered}
        ready = [
            d
            for d in pending
            if all(canonicalize_name(r.name) in placed for r in d.requirements if r.name in names)
        ]
        if not ready:
            msg = f"circular dependencies between {sorted(d.name for d in pending)}"
            raise WorkspaceError(msg)
        ordered.extend(ready)
        pending = [d for d in pending if d not in ready]
    return ordered


def load_workspace(root: Path = ROOT) -> list[Distribution]:
    """Return the workspace's distributions, each after the siblings it depends on."""
    found = [_read(p.parent) for p in sorted(root.glob("packages/*/pyproject.toml"))]
    return _dependency_order(found)


def name_prefix(dists: list[Distribution]) -> str:
    """Return the prefix the distributions share, ``mygame`` for ``mygame-logic``, ...

    Each name is the prefix and the subpackage name (``<prefix>-logic``); the release
    tags (``<prefix>-*-v*``) and ``nox -s rename`` rely on that.
    """
    prefixes = {d.name.removesuffix(f"-{d.short}") for d in dists}
    if len(prefixes) != 1 or any(d.name == p for d in dists for p in prefixes):
        shown = ", ".join(f"{d.name} ({d.package})" for d in dists)
        msg = f"the distributions are not named <prefix>-<subpackage> alike: {shown}"
        raise WorkspaceError(msg)
    return prefixes.pop()


def sibling_range_problems(dists: list[Distribution]) -> list[str]:
    """Say which sibling requirement does not admit the sibling's version in the tree.

    Each range must also have a lower and an upper bound, so that a new major
    version of a sibling is a decision, not an accident.
    """
    versions = {d.name: d.version for d in dists}
    problems: list[str] = []
    for dist in dists:
        for req in dist.requirements:
            sibling = canonicalize_name(req.name)
            if sibling not in versions:
                problems.append(f"{dist.name} depends on {req}, which is not a sibling")
                continue
            ops = {spec.operator for spec in req.specifier}
            if not ops & {">=", ">", "~=", "=="} or not ops & {"<", "<=", "~=", "=="}:
                problems.append(
                    f"{dist.name}: '{req}' needs a lower and an upper bound, "
                    f"e.g. '{sibling}>={versions[sibling].major}.{versions[sibling].minor},"
                    f"<{versions[sibling].major + 1}'"
                )
            if not req.specifier.contains(versions[sibling], prereleases=True):
                problems.append(
                    f"{dist.name}: '{req}' does not admit {sibling} {versions[sibling]} "
                    f"in the tree; widen the range in {dist.path / 'pyproject.toml'}"
                )
    return problems
