"""The releases in the git history: the commit that made each version of a distribution.

Tags name releases only where someone pushed them; a fork, a CI checkout or a
repository whose first releases were never tagged has none. The history always
knows: the release commit of version X is the oldest commit at which the
distribution's ``_version.py`` says X *and* the newest dated entry of its
``CHANGELOG.md`` is X (``nox -s release`` changes both in that one commit). A tag,
where there is one, must point at that same commit (``nox -s consistency``).

A shallow clone lacks that history: :func:`shallow` says so, and the tools then
say that they could not look, rather than finding nothing.

``python -m mygame_devtools.releases`` lists the releases the history holds, each
with its release commit and its tag; ``--tag`` gives each untagged release its tag
(annotated, on its release commit, as ``nox -s release`` would have), so a clone
without tags (a fork, a CI checkout, a renamed copy) gets the ones it lacks. Nothing
is pushed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mygame_devtools.changelog import ChangelogError, newest_release, release_dates
from mygame_devtools.tags import GitError, git, make_tag, release_tags
from mygame_devtools.workspace import ROOT, WorkspaceError, load_workspace, version_in

if TYPE_CHECKING:
    from collections.abc import Sequence

    from packaging.version import Version

    from mygame_devtools.workspace import Distribution

__all__ = ["SHALLOW", "main", "release_commits", "shallow", "tag_releases", "version_at"]

SHALLOW = (
    "this is a shallow clone, without the history that holds the releases; "
    "'git fetch --unshallow' brings it"
)
"""What the tools say when :func:`shallow` is true."""


def shallow(root: Path) -> bool:
    """Say whether ``root`` is a shallow clone (its history is cut off)."""
    return git(root, "rev-parse", "--is-shallow-repository") == "true"


def _show(root: Path, commit: str, path: str) -> str | None:
    try:
        return git(root, "show", f"{commit}:{path}")
    except GitError:
        return None  # the file does not exist at that commit


def version_at(root: Path, commit: str, path: str) -> Version | None:
    """Return the version ``path`` (a ``_version.py``) held at ``commit``, or None if none."""
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
    """Map each released version of ``dist`` in the history of HEAD to its release commit.

    Raises :class:`GitError` when git cannot read the history.
    """
    version_file = dist.version_file.relative_to(root).as_posix()
    changelog = (dist.path / "CHANGELOG.md").relative_to(root).as_posix()
    try:
        dates = release_dates((root / changelog).read_text(encoding="utf-8"))
    except OSError:
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
    """Describe each release in the history (commit and tag); with ``make``, tag the untagged.

    Raises :class:`GitError` when git cannot read the history or make a tag.
    """
    if shallow(root):
        raise GitError(SHALLOW)
    tagged = release_tags(root)
    lines = []
    for dist in load_workspace(root):
        for version, commit in sorted(release_commits(root, dist).items()):
            tag = tagged.get(dist.name, {}).get(version)
            if tag is None and make:
                tag = make_tag(root, dist, version, commit)
            shown = f"tag {tag}" if tag else "no tag ('--tag' makes it)"
            lines.append(f"{dist.name} {version}: release commit {commit[:12]}, {shown}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """List the releases in the history; with ``--tag``, tag those without a tag."""
    parser = argparse.ArgumentParser(prog="releases", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tag", action="store_true", help="tag each untagged release on its release commit"
    )
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        lines = tag_releases(args.root, make=args.tag)
    except (GitError, WorkspaceError) as error:
        print(f"releases: error: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines) if lines else "releases: the history holds no release yet")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
