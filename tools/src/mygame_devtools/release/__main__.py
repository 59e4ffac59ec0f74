"""Release one distribution: bump its version, date its changelog, commit and tag; never push.

``python -m mygame_devtools.release DIST major|minor|patch [--widen] [--date D] [--resume]``
Ours: no tool releases one member with its dependents' ranges and resumes a killed
release. The bump stays here, not ``hatchling version``: nox's Python cannot import
hatchling, and hatchling writes as it computes, where this checks first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from mygame_devtools.release.changelog import add_unreleased_entry, release_unreleased
from mygame_devtools.release.history import GitError, changes, git, make_tag, refuse_changes
from mygame_devtools.workspace import (
    ROOT,
    Distribution,
    WorkspaceError,
    load_workspace,
    pretty,
    read_text,
    with_version,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

__all__ = ["PARTS", "bump", "main", "release", "widened"]

PARTS = ("major", "minor", "patch")
_QUOTED = re.compile(r'"(?P<req>[^"\n]+)"')


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
    if any(spec.operator in {"==", "===", "~="} for spec in req.specifier):
        return None
    parts = [*sorted(str(s) for s in req.specifier if s.operator not in {"<", "<="})]
    parts.append(f"<{version.major + 1}")
    if not SpecifierSet(",".join(parts)).contains(version, prereleases=True):
        return None  # an exclusion (!=) hits the new version itself
    extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
    marker = f"; {req.marker}" if req.marker else ""
    return f"{req.name}{extras}{','.join(parts)}{marker}"


@dataclass(frozen=True, slots=True)
class _Plan:
    """What a release writes, each file with its new text, before the first write."""

    target: Distribution
    new: Version
    files: dict[Path, str] = field(default_factory=dict)
    widened: list[tuple[str, str, str]] = field(default_factory=list)  # dependent, old, new


def _plan(  # noqa: PLR0913 - each argument is one decision of the release
    root: Path,
    dists: Sequence[Distribution],
    target: Distribution,
    new: Version,
    date: str,
    *,
    widen: bool,
) -> _Plan:
    """Plan the release of ``target``: refuse, naming each range to widen, or return the texts."""
    changelog = target.path / "CHANGELOG.md"
    plan = _Plan(target, new)
    plan.files[target.version_file] = with_version(
        read_text(target.version_file), new, target.version_file
    )
    plan.files[changelog] = release_unreleased(read_text(changelog), new, date)
    problems: list[str] = []
    for dependent in dists:
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
                    f"{excludes}: widen it to '{wider}' in {pyproject.relative_to(root)} once it "
                    "works with the new version (or rerun with --widen to do that and record it "
                    "in its CHANGELOG)"
                )
            else:
                text = plan.files.get(pyproject) or read_text(pyproject)
                plan.files[pyproject] = _with_requirement(text, req, wider)
                entry = (
                    f"Accept {target.name} {new}: the requirement is now `{wider}` (was `{was}`)."
                )
                text = plan.files.get(log) or read_text(log)
                plan.files[log] = add_unreleased_entry(text, "Changed", entry)
                plan.widened.append((dependent.name, was, wider))
    if problems:
        raise WorkspaceError("; ".join(problems) + ". Nothing was changed.")
    return plan


def _with_requirement(text: str, old: Requirement, new: str) -> str:
    """Replace each quoted requirement equal to ``old`` in a pyproject's text by ``new``."""

    def replace(match: re.Match[str]) -> str:
        try:
            return f'"{new}"' if Requirement(match["req"]) == old else match[0]
        except ValueError:
            return match[0]

    return _QUOTED.sub(replace, text)


def _journal(root: Path) -> Path:
    """Where a release keeps its decisions until it is tagged, as git keeps a rebase's."""
    return root / git(root, "rev-parse", "--git-path", "mygame-release.json")


def _command(state: dict[str, Any]) -> str:
    """Return the command that finishes the release ``state`` records."""
    widen = " --widen" if state["widen"] else ""
    return (
        f"nox -s release -- {state['dist']} {state['part']}{widen} --date {state['date']} --resume"
    )


def _interrupted(root: Path) -> dict[str, Any] | None:
    """Return the journal of a release left unfinished (``committed`` or not); drop a stale one."""
    path = _journal(root)
    try:
        state: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError:  # cut short before the first file was written
        state = {"head": None}
    head, subject = git(root, "log", "-1", "--format=%H %s").split(" ", 1)
    tag = f"{state.get('dist')}-v{state.get('version')}"
    if subject == f"Release {state.get('dist')} {state.get('version')}" and (
        git(root, "rev-parse", "HEAD~1") == state["head"] and not git(root, "tag", "-l", tag)
    ):
        return state | {"committed": True, "tag": tag}
    if head == state["head"] and set(changes(root)) & set(state["files"]):
        return state | {"committed": False, "tag": tag}
    path.unlink()  # undone, or overtaken by other commits
    return None


def _refuse(root: Path, state: dict[str, Any]) -> None:
    """Refuse to start over an interrupted release, saying how to finish or undo it."""
    if state["committed"]:
        short = git(root, "rev-parse", "--short", "HEAD")
        msg = (
            f"the release commit of {state['dist']} {state['version']} ({short}) has no tag "
            f"{state['tag']}: that release was interrupted; run '{_command(state)}' to tag it"
        )
        raise WorkspaceError(msg)
    dirty = [f for f in changes(root) if f in state["files"]]
    msg = (
        f"a release of {state['dist']} was interrupted before its commit ({', '.join(dirty)} "
        f"changed): finish it with '{_command(state)}', or undo it with "
        f"'git checkout HEAD -- {' '.join(dirty)}'"
    )
    raise WorkspaceError(msg)


def _finish(root: Path, plan: _Plan, state: dict[str, Any]) -> str:
    """Write the planned files and commit them (if any), then tag; a failed tag says what next."""
    message = f"Release {plan.target.name} {plan.new}"
    for dependent, was, wider in plan.widened:
        print(f"release: widened {dependent}: '{was}' -> '{wider}'")
    if plan.widened:
        message += "\n\nWidened: " + "; ".join(f"{d} {w}" for d, _, w in plan.widened)
    if plan.files:
        for path, text in plan.files.items():
            path.write_text(text, encoding="utf-8")
        git(root, "add", "--", *state["files"])
        git(root, "commit", "--quiet", "-m", message, "--", *state["files"])
    try:
        tag = make_tag(root, plan.target, plan.new)
    except GitError as error:
        reason = str(error).split(": ", 1)[-1]
        if ".lock" in reason:
            reason += "; if no other git is running, delete that stale lock file"
        msg = (
            f"committed '{message.splitlines()[0]}' ({git(root, 'rev-parse', '--short', 'HEAD')}) "
            f"but could not tag it {plan.target.tag_for(plan.new)}: {reason}; then run "
            f"'{_command(state)}' to make the tag"
        )
        raise WorkspaceError(msg) from None
    _journal(root).unlink()
    return tag


def _same_as_kept(root: Path, plan: _Plan, kept: dict[str, str]) -> None:
    """Refuse where the tree held more than what the release writes (or a start of it)."""
    if strange := [f for f, text in kept.items() if not plan.files[root / f].startswith(text)]:
        msg = (
            f"{', '.join(strange)} differ from what the release of {plan.target.name} "
            f"{plan.new} writes: look at them, then undo them with "
            f"'git checkout HEAD -- {' '.join(kept)}' and release again"
        )
        raise WorkspaceError(msg)


def _resume(root: Path, target: Distribution, part: str, state: dict[str, Any]) -> str:
    """Finish the interrupted release ``state`` records: its tag, or its files, commit and tag."""
    new = Version(state["version"])
    if state["part"] != part:
        msg = f"the interrupted release of {target.name} was a {state['part']} release, not {part}"
        raise WorkspaceError(msg)
    if state["committed"]:
        return _finish(root, _Plan(target, new), state)
    dirty = changes(root)
    if others := ", ".join(f for f in dirty if f not in state["files"]):
        msg = f"other changes in the work tree ({others}): commit or stash them, then resume"
        raise WorkspaceError(msg)
    # Plan from the last commit; what the tree holds must be what the release writes,
    # or a start of it (a write the kill cut short).
    kept = {f: read_text(root / f) for f in dirty}
    git(root, "checkout", "HEAD", "--", *dirty)
    try:
        plan = _plan(root, load_workspace(root), target, new, state["date"], widen=state["widen"])
        _same_as_kept(root, plan, kept)
    except WorkspaceError:
        for f, text in kept.items():
            (root / f).write_text(text, encoding="utf-8")
        raise
    return _finish(root, plan, state)


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
        raise WorkspaceError(msg)
    dists = load_workspace(root)
    if (target := next((d for d in dists if d.name == canonicalize_name(name)), None)) is None:
        msg = f"unknown distribution '{name}': choose one of {', '.join(d.name for d in dists)}"
        raise WorkspaceError(msg)
    state = _interrupted(root)
    if resume and (state is None or state["dist"] != target.name):
        msg = f"nothing to resume for {target.name}: no release of it was interrupted"
        raise WorkspaceError(msg)
    if resume and state is not None:
        return Version(state["version"]), _resume(root, target, part, state)
    if state is not None:
        _refuse(root, state)
    refuse_changes(root, ": commit them first")
    new = bump(target.version, part)
    if git(root, "tag", "--list", target.tag_for(new)):
        msg = f"tag {target.tag_for(new)} already exists: {target.name} {new} was released before"
        raise WorkspaceError(msg)
    date = date or dt.datetime.now(tz=dt.UTC).date().isoformat()
    plan = _plan(root, dists, target, new, date, widen=widen)
    files = [p.relative_to(root).as_posix() for p in plan.files]
    state = {"dist": target.name, "part": part, "version": str(new), "date": date}
    state |= {"widen": widen, "files": files, "head": git(root, "rev-parse", "HEAD")}
    _journal(root).write_text(json.dumps(state), encoding="utf-8")
    return new, _finish(root, plan, state)


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
    args = parser.parse_args(argv)
    if args.date is not None and not _iso_date(args.date):
        msg = f"--date {args.date!r} is not a date: write it YYYY-MM-DD"
        print(f"release: error: {msg}", file=sys.stderr)
        return 2
    try:
        new, tag = release(
            ROOT, args.dist, args.part, date=args.date, widen=args.widen, resume=args.resume
        )
    except WorkspaceError as error:
        print(f"release: error: {error}", file=sys.stderr)
        return 1
    print(f"release: committed 'Release {canonicalize_name(args.dist)} {new}' and tagged {tag}")
    print(f"release: nothing was pushed; when ready: git push origin HEAD {tag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
