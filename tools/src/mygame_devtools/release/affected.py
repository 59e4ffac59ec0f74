"""Which distributions a change affects: those it touches and every one that depends on them.

``python -m mygame_devtools.release.affected --since REF [--list | --json]`` reads the
files changed since ``REF`` (committed since the branch left it, and uncommitted)
and selects each member whose folder or ``tests/<short>/`` holds one, then its
dependents, transitively; every member when a shared or unknown file changed;
none for documentation alone. ``--json`` prints ``{"names", "everything", "docs"}``.
Home-made: uv and nox know no reverse dependencies between workspace members.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from packaging.utils import canonicalize_name

from mygame_devtools.release.history import GitError, git
from mygame_devtools.workspace import ROOT, Distribution, WorkspaceError, load_workspace

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = ["Selection", "affected", "changed_files", "main", "select"]

_DOCS_DIRS = ("docs/",)
_DOCS_FILES = frozenset({"mkdocs.yml", "LICENSE"})
_DOCS_SUFFIXES = (".md", ".rst")
_MEASURE_DIRS = ("benchmarks/",)  # benchmarks measure and test nothing


@dataclass(frozen=True, slots=True)
class Selection:
    """The distributions a change affects, each with its reason, in dependency order."""

    reasons: dict[str, str] = field(default_factory=dict)
    shared: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        """The selected names, in the workspace's dependency order."""
        return list(self.reasons)

    @property
    def everything(self) -> bool:
        """Whether a shared file changed, so everything is selected."""
        return bool(self.shared)

    def explain(self) -> list[str]:
        """One line per selected distribution saying why, or why nothing is selected."""
        lines = []
        if self.shared:
            shown = ", ".join(self.shared[:5]) + (" ..." if len(self.shared) > 5 else "")
            lines.append(f"shared files changed ({shown}): every distribution is selected")
        lines.extend(f"{name}: {why}" for name, why in self.reasons.items())
        if not self.reasons and self.docs:
            lines.append(
                f"documentation only ({len(self.docs)} files): no distribution is selected"
            )
        elif not self.reasons:
            lines.append("no distribution is affected")
        return lines

    def as_json(self) -> str:
        """Return the selection for the noxfile: names, everything (bool), docs (bool)."""
        return json.dumps(
            {"names": self.names, "everything": self.everything, "docs": bool(self.docs)}
        )


def changed_files(root: Path, since: str) -> list[str]:
    """Return the paths changed since ``since`` (``since...HEAD``), committed or not."""
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}")
    except GitError:
        msg = f"'{since}' is not a commit git knows here; pass --since a branch, tag or commit"
        raise GitError(msg) from None
    committed = git(root, "diff", "--name-only", "--no-renames", f"{since}...HEAD")
    uncommitted = git(root, "diff", "--name-only", "--no-renames", "HEAD")
    untracked = git(root, "ls-files", "--others", "--exclude-standard")
    lines = f"{committed}\n{uncommitted}\n{untracked}".splitlines()
    return sorted({line.strip() for line in lines if line.strip()})


def _is_docs(path: str) -> bool:
    if path.startswith(_DOCS_DIRS) or path in _DOCS_FILES:
        return True
    return "/" not in path and path.endswith(_DOCS_SUFFIXES)


def _owner(path: str, dists: Sequence[Distribution], root: Path) -> Distribution | None:
    parts = PurePosixPath(path).parts
    for dist in dists:
        folder = dist.path.relative_to(root).parts
        if parts[: len(folder)] == folder or parts[:2] == ("tests", dist.short):
            return dist
    return None


def select(changed: Iterable[str], dists: Sequence[Distribution], root: Path) -> Selection:
    """Select the distributions that ``changed`` (paths relative to ``root``) affects."""
    shared: list[str] = []
    docs: list[str] = []
    direct: dict[str, list[str]] = {}
    for path in changed:
        owner = _owner(path, dists, root)
        if owner is not None:
            direct.setdefault(owner.name, []).append(path)
        elif _is_docs(path):
            docs.append(path)
        elif not path.startswith(_MEASURE_DIRS):
            shared.append(path)
    if shared:
        return Selection({d.name: "a shared file changed" for d in dists}, (*shared,), (*docs,))
    why = {
        name: f"changed ({paths[0]}{f' and {len(paths) - 1} more' if len(paths) > 1 else ''})"
        for name, paths in direct.items()
    }
    for dist in dists:  # dependency order: what a member requires is decided before it
        cause = next(
            (n for r in dist.requirements if (n := canonicalize_name(r.name)) in why), None
        )
        if dist.name not in why and cause is not None:
            why[dist.name] = f"depends on {cause}"
    return Selection({d.name: why[d.name] for d in dists if d.name in why}, (), (*docs,))


def affected(root: Path, since: str) -> Selection:
    """Select the distributions of the workspace at ``root`` changed since ``since``."""
    dists = load_workspace(root)  # a malformed pyproject is named before git is asked
    return select(changed_files(root, since), dists, root)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the distributions a change affects and why (or only names, or JSON)."""
    parser = argparse.ArgumentParser(prog="affected", description=__doc__.splitlines()[0])
    parser.add_argument("--since", required=True, metavar="REF", help="a git ref, e.g. main")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--list", action="store_true", help="print only the names, one a line")
    output.add_argument("--json", action="store_true", help="print names, everything, docs")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        selection = affected(args.root, args.since)
    except (GitError, WorkspaceError) as error:
        print(f"affected: error: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(selection.as_json())
    else:
        for line in selection.names if args.list else selection.explain():
            print(line if args.list else f"affected: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
