"""The releases in git: release tags, and the release commit of each version, tagged or not.

``python -m mygame_devtools.release.history [--tag | --describe TAG]``. Home-made:
a fork or a CI checkout may have no tags, and the history still knows each release
(the oldest commit whose ``_version.py`` says X and whose changelog dates X).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.version import InvalidVersion, Version

from mygame_devtools.release.changelog import ChangelogError, newest_release, release_dates
from mygame_devtools.workspace import ROOT, WorkspaceError, load_workspace, name_prefix, version_in

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mygame_devtools.workspace import Distribution

__all__ = [
    "SHALLOW",
    "GitError",
    "describe",
    "git",
    "main",
    "make_tag",
    "parse_tag",
    "release_commits",
    "release_tags",
    "shallow",
    "tag_releases",
    "version_at",
]

SHALLOW = (
    "this is a shallow clone, without the history that holds the releases; "
    "'git fetch --unshallow' brings it"
)
_TAG = re.compile(r"^(?P<name>[a-z0-9]+(?:-[a-z0-9]+)*)-v(?P<version>\d\S*)$")


class GitError(Exception):
    """A git command failed; the message carries git's own reason."""


def git(root: Path, *args: str) -> str:
    """Run ``git args`` in ``root`` and return its output, without trailing blank lines."""
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        msg = "git is not installed or not on PATH"
        raise GitError(msg) from None
    if proc.returncode != 0:
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        # The fatal:/error: line is the reason; git's hints make no sense without it.
        reasons = [line for line in lines if line.startswith(("fatal:", "error:"))] or lines
        msg = f"git {' '.join(args)}: {reasons[-1] if reasons else f'exit {proc.returncode}'}"
        raise GitError(msg)
    return proc.stdout.rstrip()


def shallow(root: Path) -> bool:
    """Say whether ``root`` is a shallow clone (its history is cut off)."""
    return git(root, "rev-parse", "--is-shallow-repository") == "true"


def make_tag(root: Path, dist: Distribution, version: Version, commit: str = "HEAD") -> str:
    """Tag ``commit`` as the release of ``dist`` ``version`` (annotated); return the tag."""
    name = dist.tag_for(version)
    git(root, "tag", "--annotate", name, commit, "--message", f"{dist.name} {version}")
    return name


def parse_tag(tag: str) -> tuple[str, Version] | None:
    """Split ``mygame-logic-v1.4.0`` into ``("mygame-logic", Version("1.4.0"))``."""
    match = _TAG.match(tag)
    try:
        return (match["name"], Version(match["version"])) if match else None
    except InvalidVersion:
        return None


def release_tags(root: Path, dists: Sequence[Distribution]) -> dict[str, dict[Version, str]]:
    """Map each name to its tagged versions: tags of a member, or of the namespace's prefix."""
    patterns = [f"{d.name}-v*" for d in dists]
    with contextlib.suppress(WorkspaceError):  # without a shared prefix, the members' own
        patterns.append(f"{name_prefix(list(dists))}-*-v*")
    found: dict[str, dict[Version, str]] = {}
    for tag in git(root, "tag", "--list", *patterns).splitlines():
        parsed = parse_tag(tag.strip())
        if parsed is not None:
            found.setdefault(parsed[0], {})[parsed[1]] = tag.strip()
    return found


def _show(root: Path, commit: str, path: str) -> str | None:
    try:
        return git(root, "show", f"{commit}:{path}")
    except GitError:
        return None  # no such file at that commit


def version_at(root: Path, commit: str, path: str) -> Version | None:
    """Return the version ``path`` (a ``_version.py``) held at ``commit``, or None."""
    text = _show(root, commit, path)
    try:
        return None if text is None else version_in(text, path)
    except WorkspaceError:
        return None


def _newest_at(root: Path, commit: str, path: str) -> tuple[Version, str | None] | None:
    text = _show(root, commit, path)
    try:
        return None if text is None else newest_release(text)
    except ChangelogError:
        return None


def release_commits(root: Path, dist: Distribution) -> dict[Version, str]:
    """Map each released version of ``dist`` in the history of HEAD to its release commit."""
    version_file = dist.version_file.relative_to(root).as_posix()
    changelog = (dist.path / "CHANGELOG.md").relative_to(root).as_posix()
    try:
        dates = release_dates((root / changelog).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        dates = {}
    log = git(
        root, "log", "--topo-order", "--reverse", "--format=%H", "--", version_file, changelog
    )
    found: dict[Version, str] = {}
    for commit in log.split():
        version = version_at(root, commit, version_file)
        if version is None or version in found or version not in dates:
            continue
        if _newest_at(root, commit, changelog) == (version, dates[version]):
            found[version] = commit
    return found


def tag_releases(root: Path, *, make: bool) -> list[str]:
    """Describe each release in the history (commit and tag); with ``make``, tag the untagged."""
    if shallow(root):
        raise GitError(SHALLOW)
    dists = load_workspace(root)
    tagged = release_tags(root, dists)
    lines = []
    for dist in dists:
        for version, commit in sorted(release_commits(root, dist).items()):
            tag = tagged.get(dist.name, {}).get(version)
            if tag is None and make:
                tag = make_tag(root, dist, version, commit)
            shown = f"tag {tag}" if tag else "no tag ('--tag' makes it)"
            lines.append(f"{dist.name} {version}: release commit {commit[:12]}, {shown}")
    return lines


def describe(root: Path, tag: str) -> list[str]:
    """Return ``dist=``, ``version=``, ``path=`` of a tag whose version is the tree's."""
    parsed = parse_tag(tag)
    dists = {d.name: d for d in load_workspace(root)}
    if parsed is None or parsed[0] not in dists:
        msg = f"tag {tag} names no distribution of this workspace ({', '.join(dists)})"
        raise WorkspaceError(msg)
    dist = dists[parsed[0]]
    if dist.version != parsed[1]:
        shown = dist.version_file.relative_to(root).as_posix()
        msg = f"tag {tag} is not on its release commit: {shown} says {dist.version}"
        raise WorkspaceError(msg)
    path = dist.path.relative_to(root).as_posix()
    return [f"dist={dist.name}", f"version={dist.version}", f"path={path}"]


def main(argv: Sequence[str] | None = None) -> int:
    """List the releases in the history, tag the untagged, or describe one tag."""
    parser = argparse.ArgumentParser(prog="history", description=__doc__.splitlines()[0])
    parser.add_argument("--tag", action="store_true", help="tag each untagged release")
    parser.add_argument("--describe", metavar="TAG", help="print dist=, version=, path=")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        if args.describe is not None:
            lines = describe(args.root, args.describe)
        else:
            lines = tag_releases(args.root, make=args.tag)
    except (GitError, WorkspaceError) as error:
        print(f"history: error: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines) if lines else "history: the history holds no release yet")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
