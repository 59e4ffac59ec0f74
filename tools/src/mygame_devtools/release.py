"""Release one distribution: bump its version, date its changelog, commit and tag; never push.

``python -m mygame_devtools.release DIST major|minor|patch [--widen] [--date DATE] [--resume]``
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

An interrupted release is found before anything else happens: a release commit
at HEAD without its tag (killed after the commit, or the tag failed on a stale
lock), or a version file changed in the work tree (killed before the commit).
The error says what to run: the same command with ``--resume`` (which makes the
missing tag, or starts the files again from HEAD, checks that what was found is
what the release writes, commits and tags), or the ``git checkout`` that undoes
it. ``--date`` must be a calendar date written YYYY-MM-DD.
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

from mygame_devtools.changelog import (
    ChangelogError,
    add_unreleased_entry,
    newest_release,
    release_unreleased,
)
from mygame_devtools.releases import version_at
from mygame_devtools.tags import GitError, git, make_tag
from mygame_devtools.workspace import (
    ROOT,
    Distribution,
    WorkspaceError,
    load_workspace,
    version_in,
    write_version,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["ReleaseError", "bump", "main", "pretty", "release", "widened"]

PARTS = ("major", "minor", "patch")
_QUOTED = re.compile(r'"(?P<req>[^"\n]+)"')
_RELEASE_SUBJECT = re.compile(r"^Release (?P<name>\S+) (?P<version>\S+)$")


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


def _command(name: str, part: str | None, *extra: str) -> str:
    """Return the ``nox -s release`` command line that does ``extra`` for ``name``."""
    return " ".join(["nox -s release --", name, part or "PART", *extra])


def _part(old: Version, new: Version) -> str | None:
    """Return the part that bumps ``old`` to ``new``, if one does."""
    return next((part for part in PARTS if bump(old, part) == new), None)


def _version_in(text: str) -> Version | None:
    """Return the version of a ``_version.py`` text, or None where it has none (cut short)."""
    try:
        return version_in(text, "_version.py")
    except WorkspaceError:
        return None


def _at_head(root: Path, path: Path) -> str:
    return git(root, "show", f"HEAD:{path.relative_to(root).as_posix()}")


@dataclass(frozen=True, slots=True)
class _Untagged:
    """A release commit at HEAD whose tag was never made."""

    dist: Distribution
    commit: str
    tag: str
    part: str | None


def _untagged_release(root: Path, dists: Sequence[Distribution]) -> _Untagged | None:
    """Find a release interrupted between its commit and its tag."""
    match = _RELEASE_SUBJECT.match(git(root, "log", "-1", "--format=%s"))
    by_name = {d.name: d for d in dists}
    dist = by_name.get(match["name"]) if match else None
    if match is None or dist is None or str(dist.version) != match["version"]:
        return None
    tag = dist.tag
    if git(root, "tag", "--list", tag):
        return None
    old = version_at(root, "HEAD~1", dist.version_file.relative_to(root).as_posix())
    part = _part(old, dist.version) if old else None
    return _Untagged(dist, git(root, "rev-parse", "--short", "HEAD"), tag, part)


def _release_files(dists: Sequence[Distribution], target: Distribution) -> dict[Path, bool]:
    """Map each file a release of ``target`` may write to whether it belongs to a widening."""
    files = {target.version_file: False, target.path / "CHANGELOG.md": False}
    for dependent in dists:
        if any(canonicalize_name(r.name) == target.name for r in dependent.requirements):
            files |= {
                dependent.path / "pyproject.toml": True,
                dependent.path / "CHANGELOG.md": True,
            }
    return files


@dataclass(frozen=True, slots=True)
class _HalfDone:
    """A release whose files were (partly) written, but not committed."""

    dist: Distribution
    files: list[str]  # relative to the root, as git names them
    part: str | None
    date: str | None
    widen: bool


def _half_done(root: Path, dists: Sequence[Distribution], dirty: list[str]) -> _HalfDone | None:
    """Find a release interrupted before its commit: a version file changed in the tree."""
    for dist in dists:
        version_file = dist.version_file.relative_to(root).as_posix()
        if version_file not in dirty:
            continue
        old = _version_in(_at_head(root, dist.version_file))
        new = _version_in(dist.version_file.read_text(encoding="utf-8"))
        part = _part(old, new) if old and new else None
        try:
            newest = newest_release((dist.path / "CHANGELOG.md").read_text(encoding="utf-8"))
        except ChangelogError:
            newest = None  # cut short by the kill: resuming rewrites it
        date = newest[1] if newest and newest[0] == new else None
        widened = [p for p, is_widening in _release_files(dists, dist).items() if is_widening]
        widen = any(
            p.name == "pyproject.toml" and p.relative_to(root).as_posix() in dirty for p in widened
        )
        return _HalfDone(dist, dirty, part, date, widen)
    return None


def _write_release(  # noqa: PLR0913 - each argument is one decision of the release
    root: Path,
    dists: Sequence[Distribution],
    target: Distribution,
    new: Version,
    *,
    date: str,
    widen: bool,
) -> tuple[list[Path], str]:
    """Write the version, the changelog and any widenings; return those files and a message."""
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
    message = f"Release {target.name} {new}"
    if widenings:
        message += "\n\nWidened: " + "; ".join(f"{w.dependent.name} {w.new}" for w in widenings)
    return changed, message


def _tag(root: Path, target: Distribution, new: Version, part: str) -> str:
    """Make the release's annotated tag; a failure says how to make it later."""
    tag_name = target.tag_for(new)
    try:
        make_tag(root, target, new)
    except GitError as error:
        commit = git(root, "rev-parse", "--short", "HEAD")
        reason = str(error).split(": ", 1)[-1]
        lock = (
            ""
            if ".lock" not in reason
            else ("; if no other git is running, delete that stale lock file")
        )
        msg = (
            f"committed 'Release {target.name} {new}' ({commit}) but could not tag it "
            f"{tag_name}: {reason}{lock}; then run "
            f"'{_command(target.name, part, '--resume')}' to make the tag"
        )
        raise ReleaseError(msg) from None
    return tag_name


def _refuse_interrupted(root: Path, dists: Sequence[Distribution], dirty: list[str]) -> None:
    """Refuse to start a release over one that was interrupted; say how to finish or undo it."""
    untagged = _untagged_release(root, dists)
    if untagged is not None:
        d = untagged.dist
        msg = (
            f"the release commit of {d.name} {d.version} ({untagged.commit}) has no tag "
            f"{untagged.tag}: that release was interrupted; run "
            f"'{_command(d.name, untagged.part, '--resume')}' to tag it"
        )
        raise ReleaseError(msg)
    half = _half_done(root, dists, dirty) if dirty else None
    if half is not None:
        d = half.dist
        extra = [
            *(["--widen"] if half.widen else []),
            *(["--date", half.date] if half.date else []),
        ]
        msg = (
            f"a release of {d.name} was interrupted before its commit ({', '.join(half.files)} "
            f"changed): finish it with '{_command(d.name, half.part, *extra, '--resume')}', "
            f"or undo it with 'git checkout HEAD -- {' '.join(half.files)}'"
        )
        raise ReleaseError(msg)
    if dirty:
        shown = ", ".join(dirty[:3]) + (", ..." if len(dirty) > 3 else "")
        msg = f"the work tree has uncommitted changes ({shown}): commit them first"
        raise ReleaseError(msg)


def _resume(  # noqa: PLR0913 - each argument is one decision of the release
    root: Path,
    dists: list[Distribution],
    target: Distribution,
    part: str,
    *,
    date: str | None,
    widen: bool,
) -> tuple[Version, str]:
    """Finish an interrupted release of ``target``: the tag, or the files, commit and tag."""
    untagged = _untagged_release(root, dists)
    if untagged is not None and untagged.dist == target:
        return target.version, _tag(root, target, target.version, untagged.part or part)
    dirty = _dirty(root)
    half = _half_done(root, dists, dirty) if dirty else None
    if untagged is not None or half is None or half.dist != target:
        _refuse_interrupted(root, dists, dirty)
        msg = (
            f"nothing to resume for {target.name}: no release commit without its tag, "
            "no release half written in the work tree"
        )
        raise ReleaseError(msg)
    allowed = _release_files(dists, target)
    others = [f for f in dirty if root / f not in allowed]
    if others:
        shown = ", ".join(others)
        msg = f"other changes in the work tree ({shown}): commit or stash them, then resume"
        raise ReleaseError(msg)
    if half.part is not None and half.part != part:
        msg = f"the interrupted release of {target.name} was a {half.part} release, not {part}"
        raise ReleaseError(msg)
    # Start again from the last commit, then check that nothing found in the tree
    # differs from what the release writes (a file cut short by the kill is fine).
    found = {f: (root / f).read_text(encoding="utf-8") for f in dirty}
    git(root, "checkout", "HEAD", "--", *dirty)
    dists = load_workspace(root)
    target = next(d for d in dists if d.name == target.name)
    before = {f: (root / f).read_text(encoding="utf-8") for f in dirty}
    new = bump(target.version, part)
    changed, message = _write_release(
        root, dists, target, new, date=date or half.date or _today(), widen=widen or half.widen
    )
    strange = [
        f for f in dirty
        if found[f] != before[f] and not (root / f).read_text(encoding="utf-8").startswith(found[f])
    ]  # fmt: skip
    if strange:
        for f, text in found.items():
            (root / f).write_text(text, encoding="utf-8")
        msg = (
            f"{', '.join(strange)} differ from what the release of {target.name} {new} writes: "
            f"look at them, then undo them with 'git checkout HEAD -- {' '.join(dirty)}' "
            "and release again"
        )
        raise ReleaseError(msg)
    _commit(root, changed, message)
    return new, _tag(root, target, new, part)


def _commit(root: Path, changed: list[Path], message: str) -> None:
    files = [str(p.relative_to(root)) for p in changed]
    git(root, "add", "--", *files)
    git(root, "commit", "--quiet", "-m", message, "--", *files)


def _today() -> str:
    return dt.datetime.now(tz=dt.UTC).date().isoformat()


def release(  # noqa: PLR0913 - each argument is one decision of the release
    root: Path,
    name: str,
    part: str,
    *,
    date: str | None = None,
    widen: bool,
    tag: bool = True,
    resume: bool = False,
) -> tuple[Version, str]:
    """Make the release commit (and tag) of ``name``; return its version and tag name.

    With ``resume``, finish a release of ``name`` that was interrupted instead.
    """
    if part not in PARTS:
        msg = f"unknown part '{part}': choose one of {', '.join(PARTS)}"
        raise ReleaseError(msg)
    dists = load_workspace(root)
    by_name = {d.name: d for d in dists}
    target = by_name.get(canonicalize_name(name))
    if target is None:
        msg = f"unknown distribution '{name}': choose one of {', '.join(by_name)}"
        raise ReleaseError(msg)
    if resume:
        return _resume(root, dists, target, part, date=date, widen=widen)
    _refuse_interrupted(root, dists, _dirty(root))

    new = bump(target.version, part)
    tag_name = target.tag_for(new)
    if git(root, "tag", "--list", tag_name):
        msg = f"tag {tag_name} already exists: {target.name} {new} was released before"
        raise ReleaseError(msg)
    changed, message = _write_release(root, dists, target, new, date=date or _today(), widen=widen)
    _commit(root, changed, message)
    if tag:
        _tag(root, target, new, part)
    return new, tag_name


def _iso_date(text: str) -> str | None:
    """Return ``text`` if it is a calendar date written YYYY-MM-DD, else None."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


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
    parser.add_argument("--date", help="the release date, YYYY-MM-DD (default: today)")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="finish a release that was interrupted (killed, or its tag failed)",
    )
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.date is not None and _iso_date(args.date) is None:
        print(
            f"release: error: --date {args.date!r} is not a date: write it YYYY-MM-DD",
            file=sys.stderr,
        )
        return 2
    try:
        new, tag_name = release(
            args.root, args.dist, args.part, date=args.date, widen=args.widen, resume=args.resume
        )
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
