"""Which distributions a change affects: those it touches and every one that depends on them.

A member is touched by a file in its folder or ``tests/<short>/``; a shared file selects
all, documentation none. Ours: uv and nox know no reverse dependencies between members.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from packaging.utils import canonicalize_name

from mygame_devtools.release.history import GitError, git
from mygame_devtools.workspace import ROOT, WorkspaceError, load_workspace

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

    from mygame_devtools.workspace import Distribution

__all__ = ["Selection", "affected", "changed_files", "choose", "main", "quick_python", "select"]

_DOCS = re.compile(r"docs/.*|mkdocs\.yml|LICENSE|[^/]+\.(md|rst)")  # README.md at the top too


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

    def explain(self) -> list[str]:
        """One line per selected distribution saying why, or why nothing is selected."""
        lines = [f"{name}: {why}" for name, why in self.reasons.items()]
        if self.shared:
            shown = ", ".join(self.shared[:5]) + (" ..." if len(self.shared) > 5 else "")
            lines.insert(0, f"shared files changed ({shown}): every distribution is selected")
        elif not lines and self.docs:
            lines = [f"documentation only ({len(self.docs)} files): no distribution is selected"]
        return lines or ["no distribution is affected"]


def changed_files(root: Path, since: str) -> list[str]:
    """Return the paths changed since the branch left ``since``: committed, uncommitted, new."""
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}")
    except GitError:
        msg = f"'{since}' is not a commit git knows here; pass --since a branch, tag or commit"
        raise GitError(msg) from None
    changed = git(root, "diff", "--name-only", "--no-renames", "--merge-base", since)
    untracked = git(root, "ls-files", "--others", "--exclude-standard")
    return sorted({line for line in f"{changed}\n{untracked}".splitlines() if line})


def select(changed: Iterable[str], dists: Sequence[Distribution], root: Path) -> Selection:
    """Select the distributions that ``changed`` (paths relative to ``root``) affects."""
    shared: list[str] = []
    docs: list[str] = []
    direct: dict[str, list[str]] = {}
    owners = {d.path.relative_to(root).parts: d.name for d in dists}  # its folder, its tests
    owners |= {("tests", d.short): d.name for d in dists}
    for path in changed:
        parts = PurePosixPath(path).parts
        if owner := next((name for f, name in owners.items() if parts[: len(f)] == f), None):
            direct.setdefault(owner, []).append(path)
        elif _DOCS.fullmatch(path):
            docs.append(path)
        elif not path.startswith("benchmarks/"):  # they measure and test nothing
            shared.append(path)
    if shared:
        return Selection({d.name: "a shared file changed" for d in dists}, (*shared,), (*docs,))
    why = {
        name: f"changed ({paths[0]}{f' and {len(paths) - 1} more' if len(paths) > 1 else ''})"
        for name, paths in direct.items()
    }
    for dist in dists:  # dependency order: what a member requires is decided before it
        causes = [n for r in dist.requirements if (n := canonicalize_name(r.name)) in why]
        if causes and dist.name not in why:
            why[dist.name] = f"depends on {causes[0]}"
    return Selection({d.name: why[d.name] for d in dists if d.name in why}, (), (*docs,))


def affected(root: Path, since: str) -> Selection:
    """Select the distributions of the workspace at ``root`` changed since ``since``."""
    dists = load_workspace(root)  # a malformed pyproject is named before git is asked
    return select(changed_files(root, since), dists, root)


def choose(
    listing: Iterable[dict[str, Any]], selection: Selection, *, quick: bool, python: str
) -> list[str]:
    """Return the sessions of a ``nox -l --json`` listing that check ``selection``.

    Those of a selected ``distribution``, those tagged ``workspace`` (any member selected) or
    ``pages`` (docs), all for a shared file; ``quick``: the ``quick`` ones, ``tests`` on ``python``.
    """
    chosen = []
    for session in listing:
        tags, member = set(session["tags"]), session["call_spec"].get("distribution")
        if quick:
            ours = member in selection.names and session["name"] == "tests"
            keep = "quick" in tags or (ours and session["python"] == python)
        elif selection.shared or member is not None:
            keep = bool(selection.shared) or member in selection.names
        else:
            keep = bool(
                (selection.names and "workspace" in tags) or (selection.docs and "pages" in tags)
            )
        if keep:
            chosen.append(session["session"])
    return chosen


def quick_python(listing: Iterable[dict[str, Any]]) -> str:
    """Pick the quick loop's Python: the newest installed one but nox's own (which measures).

    Untraced, and without the tests marked ``once``, the loop is quicker; CI runs the rest.
    """
    own = f"{sys.version_info.major}.{sys.version_info.minor}"
    pythons = {str(s["python"]) for s in listing if s["name"] == "tests" and s.get("python")}
    others = [v for v in pythons - {own} if shutil.which(f"python{v}")]
    return max(others, key=lambda v: tuple(map(int, v.split(".")))) if others else own


def main(argv: Sequence[str] | None = None) -> int:
    """Print the distributions a change affects and why (or only names); run their sessions."""
    parser = argparse.ArgumentParser(prog="affected", description=__doc__.splitlines()[0])
    parser.add_argument("--since", default="HEAD", metavar="REF", help="a git ref, e.g. main")
    parser.add_argument("--list", action="store_true", help="print only the names, one a line")
    parser.add_argument("--noxfile", type=Path, help="run the sessions that check the selection")
    parser.add_argument("--quick", action="store_true", help="only the quick loop's sessions")
    parser.add_argument("--sessions", action="store_true", help="print the sessions, run none")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        selection = affected(args.root, args.since)
    except WorkspaceError as error:
        print(f"affected: error: {error}", file=sys.stderr)
        return 1
    for line in selection.names if args.list else selection.explain():
        print(line if args.list else f"affected: {line}")
    if args.list or args.noxfile is None:
        return 0
    nox = [sys.executable, "-m", "nox", "-f", str(args.noxfile)]
    try:
        listing = json.loads(
            subprocess.run([*nox, "-l", "--json"], capture_output=True, check=True).stdout
        )
        sessions = choose(listing, selection, quick=args.quick, python=quick_python(listing))
    except (OSError, subprocess.CalledProcessError, ValueError) as error:
        print(f"affected: error: nox could not list the sessions: {error}", file=sys.stderr)
        return 1
    print(f"affected: sessions: {', '.join(sessions) or 'none'}", flush=True)
    if args.sessions or not sessions:
        return 0
    jobs = str((os.cpu_count() or 1) + 1)  # side by side, as `nox` alone runs them
    return subprocess.run([*nox, "-j", jobs, "-s", *sessions], check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
