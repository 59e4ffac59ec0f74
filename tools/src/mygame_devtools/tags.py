"""The release tags of the repository: ``mygame-logic-v1.4.0`` names a release of one distribution.

One tag per released version of each distribution; the release, consistency and
lowest-version tools read them through this module, and through :func:`git`, the
one way they run git.

``python -m mygame_devtools.tags TAG`` is what the publish workflow runs on a pushed
tag: it prints ``dist=``, ``version=`` and ``path=`` lines (for ``$GITHUB_OUTPUT``),
or exits 1 saying why the tag names no release in the tree (no such distribution,
or its ``_version.py`` says another version).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.version import InvalidVersion, Version

from mygame_devtools.workspace import ROOT, WorkspaceError, load_workspace, name_prefix

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mygame_devtools.workspace import Distribution

__all__ = ["GitError", "git", "main", "make_tag", "parse_tag", "release_tags"]

_TAG = re.compile(r"^(?P<name>[a-z0-9]+(?:-[a-z0-9]+)*)-v(?P<version>\d\S*)$")


class GitError(Exception):
    """A git command failed; the message carries git's own words."""


def git(root: Path, *args: str) -> str:
    """Run ``git args`` in ``root`` and return its output, without trailing blank lines."""
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        msg = "git is not installed or not on PATH"
        raise GitError(msg) from None
    if proc.returncode != 0:
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        # git's reason is its fatal:/error: line; hints after it ("remove the file manually
        # to continue") make no sense without it.
        reasons = [line for line in lines if line.startswith(("fatal:", "error:"))] or lines
        msg = f"git {' '.join(args)}: {reasons[-1] if reasons else f'exit {proc.returncode}'}"
        raise GitError(msg)
    return proc.stdout.rstrip()


def make_tag(root: Path, dist: Distribution, version: Version, commit: str = "HEAD") -> str:
    """Tag ``commit`` as the release of ``dist`` ``version`` (annotated); return the tag's name."""
    name = dist.tag_for(version)
    git(root, "tag", "--annotate", name, commit, "--message", f"{dist.name} {version}")
    return name


def parse_tag(tag: str) -> tuple[str, Version] | None:
    """Split ``mygame-logic-v1.4.0`` into ``("mygame-logic", Version("1.4.0"))``."""
    match = _TAG.match(tag)
    if match is None:
        return None
    try:
        return match["name"], Version(match["version"])
    except InvalidVersion:
        return None


def release_tags(root: Path) -> dict[str, dict[Version, str]]:
    """Map each distribution name to its tagged versions (and their tag names).

    Release tags are those of the workspace's prefix: ``mygame-*-v*``, or after
    ``nox -s rename -- alice-mygame``, ``alice-mygame-*-v*``.
    """
    found: dict[str, dict[Version, str]] = {}
    pattern = f"{name_prefix(load_workspace(root))}-*-v*"
    for tag in git(root, "tag", "--list", pattern).splitlines():
        parsed = parse_tag(tag.strip())
        if parsed is not None:
            name, version = parsed
            found.setdefault(name, {})[version] = tag.strip()
    return found


def _describe(root: Path, tag: str) -> list[str]:
    parsed = parse_tag(tag)
    dists = {d.name: d for d in load_workspace(root)}
    if parsed is None or parsed[0] not in dists:
        msg = f"tag {tag} names no distribution of this workspace ({', '.join(dists)})"
        raise WorkspaceError(msg)
    name, version = parsed
    dist = dists[name]
    if dist.version != version:
        msg = (
            f"tag {tag} is not on its release commit: "
            f"{dist.version_file.relative_to(root).as_posix()} says {dist.version}"
        )
        raise WorkspaceError(msg)
    return [f"dist={name}", f"version={version}", f"path={dist.path.relative_to(root).as_posix()}"]


def main(argv: Sequence[str] | None = None) -> int:
    """Print what a release tag names in the tree (dist, version, path); 1 if nothing."""
    parser = argparse.ArgumentParser(prog="tags", description=__doc__.splitlines()[0])
    parser.add_argument("tag", metavar="TAG", help="e.g. mygame-logic-v1.4.0")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        lines = _describe(args.root, args.tag)
    except WorkspaceError as error:
        print(f"tags: error: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
