"""Release one distribution: bump its version, date its changelog, commit and tag; never push.

``python -m mygame_devtools.release DIST major|minor|patch [--widen] [--date YYYY-MM-DD]``
(``nox -s release -- mygame-logic minor``):

1. refuses on a dirty work tree (the release commit must hold only the release);
2. bumps only ``DIST``'s ``_version.py`` (the one place its version lives);
3. moves its CHANGELOG's ``[Unreleased]`` entries under ``## [new] - date``
   (refuses if there are none);
4. checks every dependent's range: one that would exclude the new version is
   named with the exact range to write, and nothing is changed; with ``--widen``
   the range is widened in the dependent's pyproject.toml and the change is
   recorded in the dependent's CHANGELOG under ``[Unreleased]``;
5. commits and makes the annotated tag ``DIST-v<new>``; prints the push command
   for you to run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from mygame_devtools.changelog import ChangelogError, add_unreleased_entry, release_unreleased
from mygame_devtools.tags import GitError, git
from mygame_devtools.workspace import (
    ROOT,
    Distribution,
    WorkspaceError,
    load_workspace,
    write_version,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["ReleaseError", "bump", "main", "pretty", "release", "widened"]

PARTS = ("major", "minor", "patch")
_QUOTED = re.compile(r'"(?P<req>[^"\n]+)"')


class ReleaseError(Exception):
    """The release cannot be made; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class _Widening:
    dependent: Distribution
    old: Requirement
    new: str


def bump(version: Version, part: str) -> Version:
    """Return ``version`` with ``part`` incremented and the parts after it reset to 0."""
    major, minor, patch = (*version.release, 0, 0, 0)[:3]
    if part == "major":
        return Version(f"{major + 1}.0.0")
    if part == "minor":
        return Version(f"{major}.{minor + 1}.0")
    return Version(f"{major}.{minor}.{patch + 1}")


def widened(req: Requirement, version: Version) -> str | None:
    """Return ``req`` with its upper bound moved to admit ``version`` (``<major+1``).

    Lower bounds and exclusions stay as they are. None when the range has a form
    this cannot widen safely (``==``, ``~=``): a human has to rewrite it.
    """
    kept: list[str] = []
    for spec in req.specifier:
        if spec.operator in {"==", "===", "~="}:
            return None
        if spec.operator not in {"<", "<="}:
            kept.append(str(spec))  # lower bounds and exclusions stay
    parts = [*sorted(kept), f"<{version.major + 1}"]
    if not SpecifierSet(",".join(parts)).contains(version, prereleases=True):
        return None  # an exclusion (!=) hits the new version itself
    extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
    marker = f"; {req.marker}" if req.marker else ""
    return f"{req.name}{extras}{','.join(parts)}{marker}"


def pretty(req: Requirement) -> str:
    """Write a range as people do, lower bound first: ``mygame-logic>=1.2,<2``."""
    specs = sorted(req.specifier, key=lambda s: (s.operator in {"<", "<="}, str(s)))
    return f"{req.name}{','.join(str(s) for s in specs)}"


def _dirty(root: Path) -> list[str]:
    return [line[3:] for line in git(root, "status", "--porcelain").splitlines() if line]


def _widenings(
    dists: Sequence[Distribution], target: Distribution, new: Version
) -> tuple[list[_Widening], list[str]]:
    """Find each dependent range that excludes ``new``: how to widen it, or why not."""
    widenings: list[_Widening] = []
    problems: list[str] = []
    for dependent in dists:
        for req in dependent.requirements:
            if canonicalize_name(req.name) != target.name or req.specifier.contains(
                new, prereleases=True
            ):
                continue
            wider = widened(req, new)
            if wider is None:
                problems.append(
                    f"{dependent.name} requires '{pretty(req)}', which excludes "
                    f"{target.name} {new}; rewrite that range by hand"
                )
            else:
                widenings.append(_Widening(dependent, req, wider))
    return widenings, problems


def _apply_widening(widening: _Widening, target: Distribution, new: Version) -> list[Path]:
    dependent = widening.dependent
    pyproject = dependent.path / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")

    def replace(match: re.Match[str]) -> str:
        try:
            req = Requirement(match["req"])
        except ValueError:
            return match[0]
        if canonicalize_name(req.name) == target.name and req == widening.old:
            return f'"{widening.new}"'
        return match[0]

    pyproject.write_text(_QUOTED.sub(replace, text), encoding="utf-8")
    changelog = dependent.path / "CHANGELOG.md"
    entry = (
        f"Accept {target.name} {new}: the requirement is now `{widening.new}` "
        f"(was `{pretty(widening.old)}`)."
    )
    changelog.write_text(
        add_unreleased_entry(changelog.read_text(encoding="utf-8"), "Changed", entry),
        encoding="utf-8",
    )
    return [pyproject, changelog]


def release(  # noqa: PLR0913 - each argument is one decision of the release
    root: Path, name: str, part: str, *, date: str, widen: bool, tag: bool = True
) -> tuple[Version, str]:
    """Make the release commit (and tag) of ``name``; return its version and tag name."""
    if part not in PARTS:
        msg = f"unknown part '{part}': choose one of {', '.join(PARTS)}"
        raise ReleaseError(msg)
    dists = load_workspace(root)
    by_name = {d.name: d for d in dists}
    target = by_name.get(canonicalize_name(name))
    if target is None:
        msg = f"unknown distribution '{name}': choose one of {', '.join(by_name)}"
        raise ReleaseError(msg)
    dirty = _dirty(root)
    if dirty:
        shown = ", ".join(dirty[:3]) + (", ..." if len(dirty) > 3 else "")
        msg = f"the work tree has uncommitted changes ({shown}): commit them first"
        raise ReleaseError(msg)

    new = bump(target.version, part)
    tag_name = f"{target.name}-v{new}"
    if git(root, "tag", "--list", tag_name):
        msg = f"tag {tag_name} already exists: {target.name} {new} was released before"
        raise ReleaseError(msg)
    changelog_path = target.path / "CHANGELOG.md"
    changelog = release_unreleased(changelog_path.read_text(encoding="utf-8"), new, date)

    widenings, problems = _widenings(dists, target, new)
    if widenings and not widen:
        problems += [
            f"{w.dependent.name} requires '{pretty(w.old)}', which excludes {target.name} {new}: "
            f"widen it to '{w.new}' in {w.dependent.path.relative_to(root) / 'pyproject.toml'} "
            "once it works with the new version (or rerun with --widen to do that and "
            "record it in its CHANGELOG)"
            for w in widenings
        ]
    if problems:
        raise ReleaseError("; ".join(problems) + ". Nothing was changed.")

    write_version(target.version_file, new)
    changelog_path.write_text(changelog, encoding="utf-8")
    changed = [target.version_file, changelog_path]
    for widening in widenings:
        changed += _apply_widening(widening, target, new)
        old_range = pretty(widening.old)
        print(f"release: widened {widening.dependent.name}: '{old_range}' -> '{widening.new}'")

    files = [str(p.relative_to(root)) for p in changed]
    git(root, "add", "--", *files)
    message = f"Release {target.name} {new}"
    if widenings:
        message += "\n\nWidened: " + "; ".join(f"{w.dependent.name} {w.new}" for w in widenings)
    git(root, "commit", "--quiet", "-m", message, "--", *files)
    if tag:
        git(root, "tag", "--annotate", tag_name, "--message", f"{target.name} {new}")
    return new, tag_name


def main(argv: Sequence[str] | None = None) -> int:
    """Run the release command line; return its exit status."""
    parser = argparse.ArgumentParser(
        prog="release", description="Release one distribution: bump, changelog, commit, tag."
    )
    parser.add_argument("dist", metavar="DIST", help="e.g. mygame-logic")
    parser.add_argument("part", metavar="PART", help="major, minor or patch")
    parser.add_argument(
        "--widen", action="store_true", help="widen dependents' ranges that exclude the release"
    )
    parser.add_argument(
        "--date", default=dt.datetime.now(tz=dt.UTC).date().isoformat(), help="default: today"
    )
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        new, tag_name = release(args.root, args.dist, args.part, date=args.date, widen=args.widen)
    except (ReleaseError, ChangelogError, GitError, WorkspaceError) as error:
        print(f"release: error: {error}", file=sys.stderr)
        return 1
    print(
        f"release: committed 'Release {canonicalize_name(args.dist)} {new}' and tagged {tag_name}"
    )
    print(f"release: nothing was pushed; when ready: git push origin HEAD {tag_name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
