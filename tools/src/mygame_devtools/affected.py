"""Which distributions a change affects: the ones it touches and every one that depends on them.

``python -m mygame_devtools.affected --since REF`` (``nox -s affected -- --since REF``)
reads the files changed since ``REF`` (``git diff --name-only REF...HEAD``, plus
what is modified, staged or untracked in the work tree) and selects:

- the distribution whose folder (``packages/<name>/``) or tests (``tests/<short>/``)
  holds a changed file;
- every distribution that depends on a selected one, directly or through others
  (the reverse of the workspace's dependency graph);
- every distribution when a shared file changed: the root ``pyproject.toml``, the
  noxfile, ``uv.lock``, the dev tools, CI, the shared tests, or any file this
  module does not know (a new kind of file is shared until said otherwise);
- none for documentation alone (``docs/``, Markdown, ``mkdocs.yml``), and says so.

It prints each selected distribution and why; ``--list`` prints only the names,
one per line, for CI to build a job matrix from.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from packaging.utils import canonicalize_name

from mygame_devtools.tags import GitError, git
from mygame_devtools.workspace import ROOT, Distribution, WorkspaceError, load_workspace

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = ["Selection", "affected", "changed_files", "main", "parse_args", "select"]

# Documentation: no distribution's code or tests; the docs session covers it.
_DOCS_DIRS = ("docs/",)
_DOCS_FILES = frozenset({"mkdocs.yml", "LICENSE"})
_DOCS_SUFFIXES = (".md", ".rst")
# Benchmarks measure, they test nothing: a change to one selects no distribution.
_MEASURE_DIRS = ("benchmarks/",)


@dataclass(frozen=True, slots=True)
class Selection:
    """The distributions a change affects, each with the reason, in dependency order."""

    reasons: dict[str, str] = field(default_factory=dict)
    shared: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        """The selected distribution names, in the workspace's dependency order."""
        return list(self.reasons)

    @property
    def everything(self) -> bool:
        """Whether a shared file changed, so every distribution and session is selected."""
        return bool(self.shared)

    def explain(self) -> list[str]:
        """One line per selected distribution saying why, or why nothing is selected."""
        lines = []
        if self.shared:
            shown = ", ".join(self.shared[:5]) + (" ..." if len(self.shared) > 5 else "")
            lines.append(f"shared files changed ({shown}): every distribution is selected")
        lines.extend(f"{name}: {why}" for name, why in self.reasons.items())
        if not self.reasons:
            if self.docs:
                lines.append(
                    f"documentation only ({len(self.docs)} files): no distribution is selected"
                )
            else:
                lines.append("no distribution is affected")
        return lines


def changed_files(root: Path, since: str) -> list[str]:
    """Return the paths (relative, POSIX) changed since ``since``, committed or not.

    Committed: ``git diff --name-only since...HEAD`` (from where the branch left
    ``since``, as a pull request shows it). Not committed: staged, modified,
    deleted and untracked files. Renames count on both sides.
    """
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


def _owner(path: str, dists: list[Distribution], root: Path) -> Distribution | None:
    parts = PurePosixPath(path).parts
    for dist in dists:
        folder = dist.path.relative_to(root).parts
        if parts[: len(folder)] == folder or parts[:2] == ("tests", dist.short):
            return dist
    return None


def _dependents(dists: list[Distribution]) -> dict[str, set[str]]:
    """Map each distribution to the siblings that require it directly."""
    names = {d.name for d in dists}
    users: dict[str, set[str]] = {d.name: set() for d in dists}
    for dist in dists:
        for req in dist.requirements:
            name = canonicalize_name(req.name)
            if name in names:
                users[name].add(dist.name)
    return users


def select(changed: Iterable[str], dists: list[Distribution], root: Path) -> Selection:
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
        return Selection(
            {d.name: "a shared file changed" for d in dists}, tuple(shared), tuple(docs)
        )
    why: dict[str, str] = {}
    for name, paths in direct.items():
        more = f" and {len(paths) - 1} more" if len(paths) > 1 else ""
        why[name] = f"changed ({paths[0]}{more})"
    users = _dependents(dists)
    pending = list(why)
    while pending:
        name = pending.pop()
        for user in sorted(users[name]):
            if user not in why:
                why[user] = f"depends on {name}"
                pending.append(user)
    return Selection({d.name: why[d.name] for d in dists if d.name in why}, (), tuple(docs))


def affected(root: Path, since: str) -> Selection:
    """Select the distributions of the workspace at ``root`` changed since ``since``."""
    return select(changed_files(root, since), load_workspace(root), root)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line: ``--since REF [--list]``; the nox session reads it too."""
    parser = argparse.ArgumentParser(prog="affected", description=__doc__.splitlines()[0])
    parser.add_argument("--since", required=True, metavar="REF", help="a git ref, e.g. main")
    parser.add_argument("--list", action="store_true", help="print only the names, one a line")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the distributions a change affects, and why (or only their names)."""
    args = parse_args(argv)
    try:
        selection = affected(args.root, args.since)
    except (GitError, WorkspaceError) as error:
        print(f"affected: error: {error}", file=sys.stderr)
        return 1
    if args.list:
        for name in selection.names:
            print(name)
    else:
        for line in selection.explain():
            print(f"affected: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
