"""Build the oldest sibling releases a dependent's ranges admit, from their release commits.

Each is built in a git worktree; its pin is printed (``mygame-logic==1.2.0``), or why it is
``skipped:``. Ours: ``uv --resolution lowest`` picks from an index, which holds no release
a fork never published; the history holds them all.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.utils import canonicalize_name

from mygame_devtools.release import history
from mygame_devtools.release.rename import rename_tree
from mygame_devtools.workspace import ROOT, WorkspaceError, load_workspace, name_prefix, pretty

if TYPE_CHECKING:
    from collections.abc import Sequence

    from packaging.version import Version

__all__ = ["lowest_cases", "main"]


def lowest_cases(root: Path, dependent: str) -> tuple[list[tuple[str, Version, str]], list[str]]:
    """Return ((sibling, oldest admitted release, its tag or commit), ...) and skip reasons."""
    dists = {d.name: d for d in load_workspace(root)}
    if (dist := dists.get(canonicalize_name(dependent))) is None:
        msg = f"unknown distribution '{dependent}': choose one of {', '.join(dists)}"
        raise WorkspaceError(msg)
    tagged, cut_off = history.release_tags(root, list(dists.values())), history.shallow(root)
    cases: list[tuple[str, Version, str]] = []
    skipped = [cut_off] if cut_off else []
    for req in dist.requirements:
        if (sibling := canonicalize_name(req.name)) not in dists:
            continue  # a third-party requirement: the resolver's business
        released = {} if cut_off else history.release_commits(root, dists[sibling])
        released |= tagged.get(sibling, {})  # a tag names its release best
        if admitted := sorted(v for v in released if req.specifier.contains(v, prereleases=True)):
            cases.append((sibling, admitted[0], released[admitted[0]]))
            continue
        where = "tag" if cut_off else "release (tag, or dated changelog entry in the history)"
        skipped.append(
            f"{dist.name} requires '{pretty(req)}', but no {where} of {sibling} "
            "falls in that range: its lower bound cannot be tested yet"
        )
    return cases, skipped


def _build_from(root: Path, ref: str, sibling: str, wheelhouse: Path) -> None:
    """Build ``sibling`` as it was at ``ref`` (a tag or a commit), under today's names."""
    dists = load_workspace(root)
    folder = next(d.path for d in dists if d.name == sibling).relative_to(root)
    with tempfile.TemporaryDirectory(prefix="lowest-") as scratch:
        tree = Path(scratch) / "tree"
        history.git(root, "worktree", "add", "--detach", "--quiet", str(tree), ref)
        try:
            if name_prefix(load_workspace(tree)) != name_prefix(dists):
                rename_tree(tree, name_prefix(dists))  # released before a rename
            proc = subprocess.run(
                [sys.executable, "-m", "build", "--wheel", "--no-isolation",
                 "--skip-dependency-check", "--outdir", str(wheelhouse), str(tree / folder)],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            if proc.returncode != 0:
                lines = (proc.stderr or proc.stdout).strip().splitlines()
                msg = f"building {sibling} from {ref} failed: {lines[-1] if lines else '?'}"
                raise WorkspaceError(msg)
        finally:
            history.git(root, "worktree", "remove", "--force", str(tree))


def main(argv: Sequence[str] | None = None) -> int:
    """Build the oldest admitted sibling wheels; print their pins."""
    parser = argparse.ArgumentParser(prog="lowest", description=__doc__.splitlines()[0])
    parser.add_argument("dependent", metavar="DEPENDENT", help="e.g. mygame-draw")
    parser.add_argument("--wheelhouse", type=Path, required=True, help="where wheels go")
    parser.add_argument("--pins", type=Path, help="also write the pins to this file")
    args = parser.parse_args(argv)
    try:
        cases, skipped = lowest_cases(ROOT, args.dependent)
        for sibling, version, ref in cases:
            shown = f"tag {ref}" if history.parse_tag(ref) else f"its release commit {ref[:12]}"
            print(f"lowest: building {sibling} {version} from {shown}", file=sys.stderr)
            _build_from(ROOT, ref, sibling, args.wheelhouse)
    except WorkspaceError as error:
        print(f"lowest: error: {error}", file=sys.stderr)
        return 1
    for reason in skipped:
        print(f"lowest: skipped: {reason}", file=sys.stderr)
    pins = [f"{sibling}=={version}\n" for sibling, version, _ in cases]
    print("".join(pins), end="")
    if args.pins:
        args.pins.write_text("".join(pins), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
