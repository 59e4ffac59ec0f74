"""Release one distribution: bump its version, date its changelog, commit and tag; never push.

``python -m mygame_devtools.release DIST major|minor|patch [--widen] [--date D] [--resume]``
Home-made: no tool releases one member with its dependents' ranges and resumes a
killed release. The bump stays here, not ``hatchling version``: nox's Python cannot
import hatchling, and hatchling writes as it computes, where this checks first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from mygame_devtools.release.changelog import (
    ChangelogError,
    add_unreleased_entry,
    newest_release,
    release_unreleased,
)
from mygame_devtools.release.history import GitError, git, make_tag, version_at
from mygame_devtools.workspace import (
    ROOT,
    Distribution,
    WorkspaceError,
    load_workspace,
    pretty,
    read_text,
    version_in,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["PARTS", "ReleaseError", "bump", "main", "release", "widened"]

PARTS = ("major", "minor", "patch")
_QUOTED = re.compile(r'"(?P<req>[^"\n]+)"')
_SUBJECT = re.compile(r"^Release (?P<name>\S+) (?P<version>\S+)$")
_VERSION_LINE = re.compile(r'^__version__ = "[^"]+"$', re.MULTILINE)


class ReleaseError(Exception):
    """The release cannot be made; the message says why and what to do."""


def bump(version: Version, part: str) -> Version:
    """Return ``version`` with ``part`` incremented and the parts after it reset to 0."""
    major, minor, patch = (*version.release, 0, 0, 0)[:3]
    if part == "major":
        return Version(f"{major + 1}.0.0")
    if part == "minor":
        return Version(f"{major}.{minor + 1}.0")
    return Version(f"{major}.{minor}.{patch + 1}")


def widened(req: Requirement, version: Version) -> str | None:
    """Return ``req`` with its upper bound moved to ``<major+1``; None for ``==``, ``~=``."""
    kept: list[str] = []
    for spec in req.specifier:
        if spec.operator in {"==", "===", "~="}:
            return None
        if spec.operator not in {"<", "<="}:
            kept.append(str(spec))
    parts = [*sorted(kept), f"<{version.major + 1}"]
    if not SpecifierSet(",".join(parts)).contains(version, prereleases=True):
        return None  # an exclusion (!=) hits the new version itself
    extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
    marker = f"; {req.marker}" if req.marker else ""
    return f"{req.name}{extras}{','.join(parts)}{marker}"


def _part(old: Version | None, new: Version | None) -> str | None:
    """Return the part that bumps ``old`` to ``new``, if one does."""
    return next((p for p in PARTS if old and new and bump(old, p) == new), None)


def _command(name: str, part: str | None, *extra: str) -> str:
    return " ".join(["nox -s release --", name, part or "PART", *extra])


def _today() -> str:
    return dt.datetime.now(tz=dt.UTC).date().isoformat()


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _dirty(root: Path) -> list[str]:
    return [line[3:] for line in git(root, "status", "--porcelain").splitlines() if line]


def _dependents(dists: Sequence[Distribution], target: Distribution) -> list[Distribution]:
    return [
        d for d in dists if any(canonicalize_name(r.name) == target.name for r in d.requirements)
    ]


@dataclass(frozen=True, slots=True)
class _Plan:
    """What a release writes, each file with its new text, before the first write."""

    target: Distribution
    new: Version
    part: str
    files: dict[Path, str] = field(default_factory=dict)
    widened: list[tuple[str, str, str]] = field(default_factory=list)  # dependent, old, new


def _plan(  # noqa: PLR0913 - each argument is one decision of the release
    root: Path,
    dists: Sequence[Distribution],
    target: Distribution,
    part: str,
    date: str,
    *,
    widen: bool,
) -> _Plan:
    """Plan the release of ``target``: refuse, naming each range to widen, or return the texts."""
    new = bump(target.version, part)
    text = read_text(target.version_file)
    version_in(text, target.version_file)  # refuses a file without the line
    changelog = target.path / "CHANGELOG.md"
    files = {
        target.version_file: _VERSION_LINE.sub(f'__version__ = "{new}"', text, count=1),
        changelog: release_unreleased(read_text(changelog), new, date),
    }
    problems: list[str] = []
    done: list[tuple[str, str, str]] = []
    for dependent in _dependents(dists, target):
        pyproject, log = dependent.path / "pyproject.toml", dependent.path / "CHANGELOG.md"
        for req in dependent.requirements:
            if canonicalize_name(req.name) != target.name or req.specifier.contains(
                new, prereleases=True
            ):
                continue
            was, wider = pretty(req), widened(req, new)
            excludes = f"{dependent.name} requires '{was}', which excludes {target.name} {new}"
            if wider is None:
                problems.append(f"{excludes}; rewrite that range by hand")
            elif not widen:
                problems.append(
                    f"{excludes}: widen it to '{wider}' in {_rel(root, pyproject)} once it works "
                    "with the new version (or rerun with --widen to do that and record it in "
                    "its CHANGELOG)"
                )
            else:
                text = files.get(pyproject) or read_text(pyproject)
                files[pyproject] = _with_requirement(text, req, wider)
                entry = (
                    f"Accept {target.name} {new}: the requirement is now `{wider}` (was `{was}`)."
                )
                files[log] = add_unreleased_entry(
                    files.get(log) or read_text(log), "Changed", entry
                )
                done.append((dependent.name, was, wider))
    if problems:
        raise ReleaseError("; ".join(problems) + ". Nothing was changed.")
    return _Plan(target, new, part, files, done)


def _with_requirement(text: str, old: Requirement, new: str) -> str:
    """Replace each quoted requirement equal to ``old`` in a pyproject's text by ``new``."""

    def replace(match: re.Match[str]) -> str:
        try:
            return f'"{new}"' if Requirement(match["req"]) == old else match[0]
        except ValueError:
            return match[0]

    return _QUOTED.sub(replace, text)


def _finish(root: Path, plan: _Plan) -> str:
    """Write the planned files and commit them (if any), then tag; a failed tag says what next."""
    message = f"Release {plan.target.name} {plan.new}"
    for dependent, was, wider in plan.widened:
        print(f"release: widened {dependent}: '{was}' -> '{wider}'")
    if plan.widened:
        message += "\n\nWidened: " + "; ".join(f"{d} {w}" for d, _, w in plan.widened)
    if plan.files:
        for path, text in plan.files.items():
            path.write_text(text, encoding="utf-8")
        names = [_rel(root, p) for p in plan.files]
        git(root, "add", "--", *names)
        git(root, "commit", "--quiet", "-m", message, "--", *names)
    try:
        return make_tag(root, plan.target, plan.new)
    except GitError as error:
        reason = str(error).split(": ", 1)[-1]
        if ".lock" in reason:
            reason += "; if no other git is running, delete that stale lock file"
        msg = (
            f"committed '{message.splitlines()[0]}' ({git(root, 'rev-parse', '--short', 'HEAD')}) "
            f"but could not tag it {plan.target.tag_for(plan.new)}: {reason}; then run "
            f"'{_command(plan.target.name, plan.part, '--resume')}' to make the tag"
        )
        raise ReleaseError(msg) from None


@dataclass(frozen=True, slots=True)
class _Interrupted:
    """A release found half done: committed without its tag, or written without its commit."""

    dist: Distribution
    part: str | None
    committed: bool = False
    widen: bool = False
    date: str | None = None
    files: tuple[str, ...] = ()

    def command(self) -> str:
        """Return the command that finishes it."""
        widen = ["--widen"] if self.widen else []
        date = ["--date", self.date] if self.date else []
        return _command(self.dist.name, self.part, *widen, *date, "--resume")


def _interrupted(
    root: Path, dists: Sequence[Distribution], dirty: list[str]
) -> _Interrupted | None:
    """Find a release commit at HEAD without its tag, or a version file changed in the tree."""
    subject = _SUBJECT.match(git(root, "log", "-1", "--format=%s"))
    name, version = subject.groups() if subject else ("", "")
    for dist in dists:  # read the version only where the subject names it: it may be cut short
        if (
            dist.name == name
            and str(dist.version) == version
            and not git(root, "tag", "-l", dist.tag)
        ):
            old = version_at(root, "HEAD~1", _rel(root, dist.version_file))
            return _Interrupted(dist, _part(old, dist.version), committed=True)
    for dist in dists:
        if _rel(root, dist.version_file) not in dirty:
            continue
        new = _text_version(read_text(dist.version_file))
        old = _text_version(git(root, "show", f"HEAD:{_rel(root, dist.version_file)}"))
        try:
            newest = newest_release(read_text(dist.path / "CHANGELOG.md"))
        except ChangelogError:
            newest = None  # cut short by the kill: resuming rewrites it
        return _Interrupted(
            dist,
            _part(old, new),
            widen=any(
                _rel(root, d.path / "pyproject.toml") in dirty for d in _dependents(dists, dist)
            ),
            date=newest[1] if newest and newest[0] == new else None,
            files=tuple(dirty),
        )
    return None


def _text_version(text: str) -> Version | None:
    try:
        return version_in(text, "_version.py")
    except WorkspaceError:
        return None  # cut short by a kill


def _refuse_interrupted(root: Path, dists: Sequence[Distribution], dirty: list[str]) -> None:
    """Refuse to start over an interrupted release, saying how to finish or undo it."""
    found = _interrupted(root, dists, dirty)
    if found is not None and found.committed:
        d, commit = found.dist, git(root, "rev-parse", "--short", "HEAD")
        msg = (
            f"the release commit of {d.name} {d.version} ({commit}) has no tag {d.tag}: "
            f"that release was interrupted; run '{found.command()}' to tag it"
        )
        raise ReleaseError(msg)
    if found is not None:
        msg = (
            f"a release of {found.dist.name} was interrupted before its commit "
            f"({', '.join(found.files)} changed): finish it with '{found.command()}', "
            f"or undo it with 'git checkout HEAD -- {' '.join(found.files)}'"
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
    """Finish an interrupted release of ``target``: its tag, or its files, commit and tag."""
    dirty = _dirty(root)
    found = _interrupted(root, dists, dirty)
    if found is None or found.dist != target:
        _refuse_interrupted(root, dists, dirty)
        msg = (
            f"nothing to resume for {target.name}: no release commit without its tag, "
            "no release half written in the work tree"
        )
        raise ReleaseError(msg)
    if found.committed:
        return target.version, _finish(root, _Plan(target, target.version, found.part or part))
    allowed = {target.version_file, target.path / "CHANGELOG.md"}
    for d in _dependents(dists, target):
        allowed |= {d.path / "pyproject.toml", d.path / "CHANGELOG.md"}
    others = ", ".join(f for f in dirty if root / f not in allowed)
    if others:
        msg = f"other changes in the work tree ({others}): commit or stash them, then resume"
        raise ReleaseError(msg)
    if found.part not in {None, part}:
        msg = f"the interrupted release of {target.name} was a {found.part} release, not {part}"
        raise ReleaseError(msg)
    # Plan from the last commit; what the tree holds must be what the release writes,
    # or a start of it (a write the kill cut short).
    kept = {f: read_text(root / f) for f in dirty}
    git(root, "checkout", "HEAD", "--", *dirty)
    try:
        dists = load_workspace(root)
        target = next(d for d in dists if d.name == target.name)
        day = date or found.date or _today()
        plan = _plan(root, dists, target, part, day, widen=widen or found.widen)
        _same_as_found(root, plan, kept)
    except (ReleaseError, ChangelogError, WorkspaceError):
        for f, text in kept.items():
            (root / f).write_text(text, encoding="utf-8")
        raise
    return plan.new, _finish(root, plan)


def _same_as_found(root: Path, plan: _Plan, kept: dict[str, str]) -> None:
    """Refuse where the tree held more than what the release writes (or a start of it)."""
    planned = {f: plan.files.get(root / f) or read_text(root / f) for f in kept}
    strange = [f for f in kept if not planned[f].startswith(kept[f])]
    if strange:
        msg = (
            f"{', '.join(strange)} differ from what the release of {plan.target.name} "
            f"{plan.new} writes: look at them, then undo them with "
            f"'git checkout HEAD -- {' '.join(kept)}' and release again"
        )
        raise ReleaseError(msg)


def release(  # noqa: PLR0913 - each argument is one decision of the release
    root: Path,
    name: str,
    part: str,
    *,
    date: str | None = None,
    widen: bool = False,
    resume: bool = False,
) -> tuple[Version, str]:
    """Make the release commit and tag of ``name``, or finish an interrupted one (``resume``)."""
    if part not in PARTS:
        msg = f"unknown part '{part}': choose one of {', '.join(PARTS)}"
        raise ReleaseError(msg)
    dists = load_workspace(root)
    target = next((d for d in dists if d.name == canonicalize_name(name)), None)
    if target is None:
        msg = f"unknown distribution '{name}': choose one of {', '.join(d.name for d in dists)}"
        raise ReleaseError(msg)
    if resume:
        return _resume(root, dists, target, part, date=date, widen=widen)
    _refuse_interrupted(root, dists, _dirty(root))
    new = bump(target.version, part)
    if git(root, "tag", "--list", target.tag_for(new)):
        msg = f"tag {target.tag_for(new)} already exists: {target.name} {new} was released before"
        raise ReleaseError(msg)
    plan = _plan(root, dists, target, part, date or _today(), widen=widen)
    return plan.new, _finish(root, plan)


def _iso_date(text: str) -> bool:
    """Whether ``text`` is a calendar date written YYYY-MM-DD."""
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) and dt.date.fromisoformat(text))
    except ValueError:
        return False


def main(argv: Sequence[str] | None = None) -> int:
    """Run the release command line; return its exit status."""
    parser = argparse.ArgumentParser(prog="release", description=__doc__.splitlines()[0])
    parser.add_argument("dist", metavar="DIST", help="e.g. mygame-logic")
    parser.add_argument("part", metavar="PART", help="major, minor or patch")
    parser.add_argument("--widen", action="store_true", help="widen dependents' ranges")
    parser.add_argument("--date", help="the release date, YYYY-MM-DD (default: today)")
    parser.add_argument("--resume", action="store_true", help="finish an interrupted release")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.date is not None and not _iso_date(args.date):
        msg = f"--date {args.date!r} is not a date: write it YYYY-MM-DD"
        print(f"release: error: {msg}", file=sys.stderr)
        return 2
    try:
        new, tag = release(
            args.root, args.dist, args.part, date=args.date, widen=args.widen, resume=args.resume
        )
    except (ReleaseError, ChangelogError, GitError, WorkspaceError) as error:
        print(f"release: error: {error}", file=sys.stderr)
        return 1
    print(f"release: committed 'Release {canonicalize_name(args.dist)} {new}' and tagged {tag}")
    print(f"release: nothing was pushed; when ready: git push origin HEAD {tag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
