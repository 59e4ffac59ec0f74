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
from packaging.version import Version

__all__ = [
    "ROOT",
    "Distribution",
    "WorkspaceError",
    "load_workspace",
    "sibling_range_problems",
]

ROOT = Path(__file__).resolve().parent.parent
_VERSION_LINE = re.compile(r'^__version__ = "(?P<version>[^"]+)"$', re.MULTILINE)


class WorkspaceError(Exception):
    """The tree is not laid out as the workspace expects."""


@dataclass(frozen=True, slots=True)
class Distribution:
    """One distribution of the workspace, as its pyproject.toml describes it."""

    name: str
    path: Path
    version_file: Path
    requirements: tuple[Requirement, ...]

    @property
    def short(self) -> str:
        """The subpackage name: ``logic`` for ``mygame-logic``."""
        return self.name.removeprefix("mygame-")

    @property
    def version(self) -> Version:
        """The version, read from the file hatchling reads."""
        match = _VERSION_LINE.search(self.version_file.read_text(encoding="utf-8"))
        if match is None:
            msg = f"{self.version_file}: no line like '__version__ = \"1.2.3\"'"
            raise WorkspaceError(msg)
        return Version(match["version"])

    @property
    def tag(self) -> str:
        """The git tag of the version in the tree: ``mygame-logic-v1.4.0``."""
        return f"{self.name}-v{self.version}"

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
