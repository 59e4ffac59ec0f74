"""Check that versions, ranges, changelogs and tags tell one story; exit 1 naming each problem.

Sibling ranges admit the tree's versions, each changelog's newest release is its version,
each release tag is on its release commit. Ours: no tool knows all three together.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from mygame_devtools.release import history
from mygame_devtools.release.changelog import releases, unreleased
from mygame_devtools.workspace import ROOT, WorkspaceError, load_workspace, sibling_range_problems

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from packaging.version import Version

    from mygame_devtools.workspace import Distribution

__all__ = ["check", "main"]


def _changelog_problems(dist: Distribution, root: Path) -> list[str]:
    path = dist.path / "CHANGELOG.md"
    shown = path.relative_to(root)
    try:
        text = path.read_text(encoding="utf-8")
        unreleased(text)  # the release needs the section
        newest = releases(text)[:1]
    except (OSError, ValueError, WorkspaceError) as error:  # unreadable, or not a changelog
        return [f"{shown}: {error}"]
    if not newest:
        return [f"{shown} has no release entry; add '## [{dist.version}] - YYYY-MM-DD'"]
    [(version, date)] = newest
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


def _tag_problems(
    root: Path, dist: Distribution, versions: dict[Version, str], *, cut_off: str
) -> tuple[list[str], list[str]]:
    """Say which tag of ``dist`` is newer than the tree, or is off its release commit."""
    version_file = dist.version_file.relative_to(root).as_posix()
    released = {} if cut_off else history.release_commits(root, dist)
    problems, notes = [], []
    for version, tag in sorted(versions.items()):
        at = history.version_at(root, tag, version_file)
        commit = history.git(root, "rev-parse", f"{tag}^{{}}")
        if version > dist.version:
            problems.append(
                f"tag {tag} is newer than {dist.name} {dist.version} in the tree: "
                "was the version bump lost?"
            )
        if at is None:
            notes.append(f"tag {tag}: its commit has no {version_file}; not compared")
        elif at != version:
            problems.append(
                f"tag {tag} points at a commit whose {version_file} is not {version}: "
                "move the tag to the release commit"
            )
        elif not cut_off and version not in released:
            problems.append(
                f"tag {tag}: no commit in the history sets {version} in "
                f"{version_file} with a dated changelog entry"
            )
        elif not cut_off and released[version] != commit:
            problems.append(
                f"tag {tag} is on {commit[:12]}, but {dist.name} {version} was released "
                f"by {released[version][:12]} (the commit that set and dated it): "
                "move the tag there"
            )
    return problems, notes


def check(root: Path = ROOT) -> tuple[list[str], list[str]]:
    """Return (problems, notes) for the workspace at ``root``."""
    dists = load_workspace(root)
    problems = sibling_range_problems(dists)
    problems += [problem for dist in dists for problem in _changelog_problems(dist, root)]
    try:
        tagged, cut_off = history.release_tags(root, dists), history.shallow(root)
    except history.GitError as error:
        return problems, [f"tags not checked: {error}"]
    notes = [f"tags not compared with the history: {cut_off}"] if cut_off and tagged else []
    by_name = {d.name: d for d in dists}
    for name, versions in sorted(tagged.items()):
        if name not in by_name:
            problems.append(f"tag(s) {', '.join(sorted(versions.values()))} name no distribution")
            continue
        more, noted = _tag_problems(root, by_name[name], versions, cut_off=cut_off)
        problems, notes = problems + more, notes + noted
    untagged = [d for d in dists if d.version not in tagged.get(d.name, {})]
    return problems, notes + [
        f"{d.name} {d.version} has no tag {d.tag_for(d.version)} yet" for d in untagged
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the consistency check; return 1 if anything disagrees."""
    parser = argparse.ArgumentParser(prog="consistency", description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    try:
        problems, notes = check(ROOT)
        names = ", ".join(f"{d.name} {d.version}" for d in load_workspace(ROOT))
    except WorkspaceError as error:
        print(f"consistency: error: {error}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"consistency: note: {note}")
    for problem in problems:
        print(f"consistency: error: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"consistency: ok: ranges, changelogs and tags agree ({names})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
