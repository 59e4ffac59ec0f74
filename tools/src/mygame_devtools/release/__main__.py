"""Release one distribution: bump its version, date its changelog, commit and tag; never push.

Ours: no tool releases one member with its dependents' ranges and resumes a killed release.
Not ``hatchling version``: nox's Python cannot import it, and it writes before this checks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
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
    in_tree,
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
    at, numbers = PARTS.index(part), (*version.release, 0, 0)[:3]
    kept = [n + 1 if i == at else n for i, n in enumerate(numbers[: at + 1])]
    return Version(".".join(map(str, kept + [0] * (2 - at))))


def widened(req: Requirement, version: Version) -> str | None:
    """Return ``req`` with its upper bound moved to ``<major+1``; None for ``==``, ``~=``."""
    if any(spec.operator in {"==", "===", "~="} for spec in req.specifier):
        return None
    parts = [*sorted(str(s) for s in req.specifier if s.operator not in {"<", "<="})]
    parts.append(f"<{version.major + 1}")
    if version not in SpecifierSet(",".join(parts)):
        return None  # an exclusion (!=) hits the new version itself
    extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
    marker = f"; {req.marker}" if req.marker else ""
    return f"{req.name}{extras}{','.join(parts)}{marker}"


def _plan(  # noqa: PLR0913 - each argument is one decision of the release
    root: Path,
    dists: list[Distribution],
    target: Distribution,
    part: str,
    date: str,
    *,
    widen: bool,
) -> dict[str, Any]:
    """Plan the release of ``target``: refuse, naming each range to widen, or return its journal."""
    new, changelog = bump(target.version, part), target.path / "CHANGELOG.md"
    files = {
        target.version_file: with_version(read_text(target.version_file), new, target.version_file),
        changelog: release_unreleased(read_text(changelog), new, date),
    }
    problems, done = [], []
    for dependent, req in [(d, r) for d in dists for r in d.requirements]:
        if canonicalize_name(req.name) != target.name or new in req.specifier:
            continue  # new is a final release: ``in`` is ``contains(new, prereleases=True)``
        toml, notes = dependent.path / "pyproject.toml", dependent.path / "CHANGELOG.md"
        was, wider = pretty(req), widened(req, new)
        excludes = f"{dependent.name} requires '{was}', which excludes {target.name} {new}"
        if wider is None:
            problems.append(f"{excludes}; rewrite that range by hand")
        elif not widen:
            problems.append(
                f"{excludes}: widen it to '{wider}' in {toml.relative_to(root)} once it works "
                "with the new version (or rerun with --widen to do that and record it in its "
                "CHANGELOG)"
            )
        else:
            files[toml] = _with_requirement(files.get(toml) or read_text(toml), req, wider)
            entry = f"Accept {target.name} {new}: the requirement is now `{wider}` (was `{was}`)."
            files[notes] = add_unreleased_entry(
                files.get(notes) or read_text(notes), "Changed", entry
            )
            done.append((dependent.name, was, wider))
    problems += [
        f"{p.relative_to(root)} is a symlink or not in the tree: release writes only its own files"
        for p in files
        if not in_tree(root, p)
    ]
    if problems:
        raise WorkspaceError("; ".join(problems) + ". Nothing was changed.")
    subject = f"Release {target.name} {new}"
    body = "\n\nWidened: " + "; ".join(f"{d} {w}" for d, _, w in done) if done else ""
    return {
        "dist": target.name, "part": part, "version": str(new), "tag": target.tag_for(new),
        "subject": subject, "message": subject + body, "widened": done,
        "resume": f"nox -s release -- {target.name} {part} --resume",
        "head": git(root, "rev-parse", "HEAD"),
        "files": {p.relative_to(root).as_posix(): text for p, text in files.items()},
    }  # fmt: skip


def _with_requirement(text: str, old: Requirement, new: str) -> str:
    """Replace each quoted requirement equal to ``old`` in a pyproject's text by ``new``."""

    def replace(match: re.Match[str]) -> str:
        try:
            return f'"{new}"' if Requirement(match["req"]) == old else match[0]
        except ValueError:
            return match[0]

    return _QUOTED.sub(replace, text)


def _journal(root: Path) -> Path:
    """Where a release keeps its journal (its decisions, each file's new text) until it is tagged.

    Written before the first file, as git keeps a rebase's state, so a killed release resumes.
    """
    return root / git(root, "rev-parse", "--git-path", "mygame-release.json")


def _interrupted(root: Path) -> dict[str, Any] | None:
    """Return the journal of a release left unfinished, ``committed`` or not; drop a stale one."""
    path = _journal(root)
    try:
        state: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError:  # cut short while written, before any file was
        state = {"head": None, "subject": None, "files": {}}
    head, _, subject = git(root, "log", "-1", "--format=%H %s").partition(" ")
    if subject == state["subject"] and git(root, "rev-parse", "HEAD~1") == state["head"]:
        if not git(root, "tag", "--list", state["tag"]):
            return state | {"committed": True}
    elif head == state["head"] and set(changes(root)) & state["files"].keys():
        return state | {"committed": False}
    path.unlink()  # finished, undone, or overtaken by other commits
    return None


def _refuse(root: Path, state: dict[str, Any]) -> None:
    """Refuse to start over an interrupted release, saying how to finish or undo it."""
    dirty = [f for f in changes(root) if f in state["files"]]
    what = f"before its commit ({', '.join(dirty)} changed)"
    undo = f", or undo it with 'git checkout HEAD -- {' '.join(dirty)}'"
    if state["committed"]:
        what, undo = f"its commit {git(root, 'rev-parse', '--short', 'HEAD')} has no tag", ""
    msg = (
        f"the release {state['subject']!r} was interrupted: {what}; "
        f"finish it with '{state['resume']}'{undo}"
    )
    raise WorkspaceError(msg)


def _finish(root: Path, target: Distribution, state: dict[str, Any]) -> tuple[str, str]:
    """Write and commit the journal's files (unless done), then tag; a failed tag says what next."""
    if not state.get("committed"):
        if outside := [name for name in state["files"] if not in_tree(root, root / name)]:
            msg = f"{', '.join(outside)}: not a file of the tree itself; nothing was written"
            raise WorkspaceError(msg)
        for name, text in state["files"].items():
            (root / name).write_text(text, encoding="utf-8")
        git(root, "add", "--", *state["files"])
        git(root, "commit", "--quiet", "-m", state["message"], "--", *state["files"])
    try:
        tag = make_tag(root, target, Version(state["version"]))
    except GitError as error:
        reason = str(error).split(": ", 1)[-1]
        if ".lock" in reason:
            reason += "; if no other git is running, delete that stale lock file"
        msg = (
            f"committed '{state['subject']}' ({git(root, 'rev-parse', '--short', 'HEAD')}) but "
            f"could not tag it {state['tag']}: {reason}; then run '{state['resume']}' to make it"
        )
        raise WorkspaceError(msg) from None
    _journal(root).unlink()
    return state["subject"], tag


def _resume(root: Path, target: Distribution, state: dict[str, Any]) -> tuple[str, str]:
    """Finish the interrupted release of the journal: its files (or a start of them) and tag."""
    dirty = [] if state["committed"] else changes(root)
    if others := ", ".join(f for f in dirty if f not in state["files"]):
        msg = f"other changes in the work tree ({others}): commit or stash them, then resume"
        raise WorkspaceError(msg)
    if strange := [f for f in dirty if not state["files"][f].startswith(read_text(root / f))]:
        msg = (
            f"{', '.join(strange)} differ from what the release writes: look at them, then "
            f"undo them with 'git checkout HEAD -- {' '.join(dirty)}' and release again"
        )
        raise WorkspaceError(msg)
    return _finish(root, target, state)


def release(  # noqa: PLR0913 - each argument is one decision of the release
    root: Path, name: str, part: str, *, date: str = "", widen: bool = False, resume: bool = False
) -> tuple[str, str]:
    """Release ``name`` (``date`` "": today; ``resume``: finish it); return the subject, the tag."""
    if part not in PARTS:
        msg = f"unknown part '{part}': choose one of {', '.join(PARTS)}"
        raise WorkspaceError(msg)
    dists = load_workspace(root)
    if (target := next((d for d in dists if d.name == canonicalize_name(name)), None)) is None:
        msg = f"unknown distribution '{name}': choose one of {', '.join(d.name for d in dists)}"
        raise WorkspaceError(msg)
    state = _interrupted(root)
    if resume and (state is None or (state["dist"], state["part"]) != (target.name, part)):
        msg = f"nothing to resume for {target.name} {part}: no such release was interrupted"
        raise WorkspaceError(msg)
    if resume and state is not None:
        return _resume(root, target, state)
    if state is not None:
        _refuse(root, state)
    refuse_changes(root, ": commit them first")
    if git(root, "tag", "--list", tag := target.tag_for(new := bump(target.version, part))):
        msg = f"tag {tag} already exists: {target.name} {new} was released before"
        raise WorkspaceError(msg)
    day = date or dt.datetime.now(tz=dt.UTC).date().isoformat()
    state = _plan(root, dists, target, part, day, widen=widen)
    for dependent, was, wider in state["widened"]:
        print(f"release: widened {dependent}: '{was}' -> '{wider}'")
    _journal(root).write_text(json.dumps(state), encoding="utf-8")
    return _finish(root, target, state)


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
        print(f"release: error: --date {args.date!r}: write a date YYYY-MM-DD", file=sys.stderr)
        return 2
    try:
        subject, tag = release(
            ROOT, args.dist, args.part, date=args.date or "", widen=args.widen, resume=args.resume
        )
    except WorkspaceError as error:
        print(f"release: error: {error}", file=sys.stderr)
        return 1
    print(f"release: committed '{subject}' and tagged {tag}")
    print(f"release: nothing was pushed; when ready: git push origin HEAD {tag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
