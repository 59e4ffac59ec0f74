"""Check that versions, ranges, changelogs and tags tell one story.

``python -m mygame_devtools.consistency`` (``nox -s consistency``, a default session) exits 1,
naming each problem, when:

- a sibling range does not admit the sibling's version in the tree, or lacks a
  lower or an upper bound (``workspace.sibling_range_problems``);
- a CHANGELOG has no ``[Unreleased]`` section, or its newest release heading is
  not the version in the tree;
- a release tag ``mygame-<name>-v<version>`` names no distribution of the
  workspace, names a version newer than the tree's, points at a commit whose
  ``_version.py`` says another version, or is not on the release commit the
  history shows (``mygame_devtools.releases``: the commit that set that version in
  ``_version.py`` and dated it in ``CHANGELOG.md``).

A version in the tree that has no tag yet is reported as a note, not an error:
it is the state between a version bump and its tag, and of a repository whose
first releases were never tagged. A checkout without git history (an unpacked
sdist, a shallow clone without tags) gets a note that tags were not checked, or
not compared with the history.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mygame_devtools.changelog import ChangelogError, newest_release, unreleased_entries
from mygame_devtools.releases import SHALLOW, release_commits, shallow
from mygame_devtools.tags import GitError, git, release_tags
from mygame_devtools.workspace import (
    ROOT,
    Distribution,
    WorkspaceError,
    load_workspace,
    sibling_range_problems,
    version_in,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from packaging.version import Version

__all__ = ["check", "main"]


def _changelog_problems(dist: Distribution, root: Path) -> list[str]:
    path = dist.path / "CHANGELOG.md"
    shown = path.relative_to(root)
    if not path.is_file():
        return [f"{shown} is missing"]
    text = path.read_text(encoding="utf-8")
    try:
        unreleased_entries(text)  # the release tool needs the section to be there
        newest = newest_release(text)
    except ChangelogError as error:
        return [f"{shown}: {error}"]
    if newest is None:
        return [f"{shown} has no release entry; add '## [{dist.version}] - YYYY-MM-DD'"]
    version, date = newest
    problems = []
    if version != dist.version:
        problems.append(
            f"{shown}: newest entry is {version} but {dist.name} is {dist.version} in "
            f"{dist.version_file.relative_to(root)}; move its entries under "
            f"'## [{dist.version}] - YYYY-MM-DD' (nox -s release does this)"
        )
    if date is None:
        problems.append(f"{shown}: the entry for {version} has no date ('- YYYY-MM-DD')")
    return problems


def _history_problems(dists: Sequence[Distribution], root: Path) -> tuple[list[str], list[str]]:
    """Return (problems, notes): which tag is not on the release commit the history shows."""
    try:
        tagged = release_tags(root)
        if tagged and shallow(root):
            return [], [f"tags not compared with the history: {SHALLOW}"]
        return [p for d in dists for p in _tags_off_history(root, d, tagged.get(d.name, {}))], []
    except GitError as error:
        return [], [f"tags not compared with the history: {error}"]


def _tags_off_history(root: Path, dist: Distribution, tags: dict[Version, str]) -> list[str]:
    released = release_commits(root, dist) if tags else {}
    problems = []
    for version, tag in sorted(tags.items()):
        commit = git(root, "rev-parse", f"{tag}^{{commit}}")
        if version not in released:
            problems.append(
                f"tag {tag}: no commit in the history sets {version} in "
                f"{dist.version_file.relative_to(root).as_posix()} with a dated changelog entry"
            )
        elif released[version] != commit:
            problems.append(
                f"tag {tag} is on {commit[:12]}, but {dist.name} {version} was released by "
                f"{released[version][:12]} (the commit that set and dated it): move the tag there"
            )
    return problems


def _tag_problems(dists: Sequence[Distribution], root: Path) -> tuple[list[str], list[str]]:
    """Return (problems, notes) about release tags."""
    try:
        git(root, "rev-parse", "--git-dir")
        tagged = release_tags(root)
    except GitError as error:
        return [], [f"tags not checked: {error}"]
    by_name = {d.name: d for d in dists}
    problems: list[str] = []
    notes: list[str] = []
    for name, versions in sorted(tagged.items()):
        dist = by_name.get(name)
        if dist is None:
            shown = ", ".join(sorted(versions.values()))
            problems.append(f"tag(s) {shown} name no distribution of this workspace")
            continue
        version_file = dist.version_file.relative_to(root).as_posix()
        for version, tag in sorted(versions.items()):
            if version > dist.version:
                problems.append(
                    f"tag {tag} is newer than {name} {dist.version} in the tree: "
                    "was the version bump lost?"
                )
            try:
                text = git(root, "show", f"{tag}:{version_file}")
            except GitError:
                notes.append(f"tag {tag}: its commit has no {version_file}; not compared")
                continue
            try:
                tagged_version = version_in(text, f"{tag}:{version_file}")
            except WorkspaceError as error:
                problems.append(f"tag {tag}: {error}")
                continue
            if tagged_version != version:
                problems.append(
                    f"tag {tag} points at a commit whose {version_file} is not {version}: "
                    "move the tag to the release commit"
                )
    notes.extend(
        f"{d.name} {d.version} has no tag {d.tag} yet"
        for d in dists
        if d.version not in tagged.get(d.name, {})
    )
    return problems, notes


def check(root: Path = ROOT) -> tuple[list[str], list[str]]:
    """Return (problems, notes) for the workspace at ``root``."""
    dists = load_workspace(root)
    problems = list(sibling_range_problems(dists))
    for dist in dists:
        problems += _changelog_problems(dist, root)
    tag_problems, notes = _tag_problems(dists, root)
    if not tag_problems:  # each tag on a commit of its version: is it the release commit?
        tag_problems, more_notes = _history_problems(dists, root)
        notes += more_notes
    return problems + tag_problems, notes


def main(argv: Sequence[str] | None = None) -> int:
    """Run the consistency check; return 1 if anything disagrees."""
    parser = argparse.ArgumentParser(prog="consistency", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        problems, notes = check(args.root)
    except WorkspaceError as error:
        print(f"consistency: error: {error}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"consistency: note: {note}")
    for problem in problems:
        print(f"consistency: error: {problem}", file=sys.stderr)
    if problems:
        return 1
    names = ", ".join(f"{d.name} {d.version}" for d in load_workspace(args.root))
    print(f"consistency: ok: ranges, changelogs and tags agree ({names})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
