"""The releases in git: release tags, and the release commit of each version, tagged or not.

Ours: a fork or a CI checkout may have no tags, and the history still knows each release
(the oldest commit whose ``_version.py`` says X and whose changelog dates X).
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
from typing import TYPE_CHECKING

from packaging.version import InvalidVersion, Version

from mygame_devtools.release.changelog import ChangelogError, releases
from mygame_devtools.workspace import (
    ROOT,
    WorkspaceError,
    load_workspace,
    name_prefix,
    read_text,
    version_in,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from mygame_devtools.workspace import Distribution

__all__ = [
    "GitError",
    "changes",
    "git",
    "main",
    "make_tag",
    "parse_tag",
    "refuse_changes",
    "release_commits",
    "release_tags",
    "shallow",
    "texts_at",
    "version_at",
]


class GitError(WorkspaceError):
    """A git command failed; the message carries git's own reason."""


_LOCKED = (
    "{lock} exists: another git command is running, or one was killed and left it; "
    "if no git runs, delete it and run again"
)


def _run(root: Path, args: Sequence[str], given: bytes | None = None) -> bytes:
    """Run ``git args`` in ``root`` (fed ``given``); return its output or raise its reason."""
    try:
        proc = subprocess.run(
            ["git", *args], cwd=root, input=given, capture_output=True, check=False
        )
    except FileNotFoundError:
        msg = "git is not installed or not on PATH"
        raise GitError(msg) from None
    if proc.returncode != 0:
        said = (proc.stderr or proc.stdout).decode(errors="replace")
        lines = said.strip().splitlines()
        # The fatal:/error: line is the reason; git's hints make no sense without it.
        reasons = [line for line in lines if line.startswith(("fatal:", "error:"))] or lines
        msg = f"git {' '.join(args)}: {reasons[-1] if reasons else f'exit {proc.returncode}'}"
        if "index.lock': File exists" in msg:
            msg = _LOCKED.format(lock=msg.split("'")[1])
        raise GitError(msg)
    return proc.stdout


def git(root: Path, *args: str) -> str:
    """Run ``git args`` in ``root`` and return its output, without trailing blank lines."""
    return _text(_run(root, args).decode(errors="surrogateescape")).rstrip()  # paths round-trip


def _text(decoded: str) -> str:
    """Universal newlines, as ``text=True`` and ``Path.read_text`` give."""
    return decoded.replace("\r\n", "\n").replace("\r", "\n")


def texts_at(root: Path, specs: Sequence[str]) -> list[str | None]:
    """Return the text of each ``commit:path``, read by one ``git cat-file --batch``.

    None where there is no such file, or it is no UTF-8 text: one git for a whole history,
    not one ``git show`` per commit.
    """
    if not specs:
        return []
    if broken := [spec for spec in specs if "\n" in spec]:  # the batch reads a name a line
        msg = f"{broken[0]!r}: git cannot read a path with a line break; rename it"
        raise GitError(msg)
    asked = "".join(f"{spec}\n" for spec in specs).encode(errors="surrogateescape")
    out = _run(root, ["cat-file", "--batch"], asked)
    found: list[str | None] = []
    at = 0
    for _ in specs:  # "<oid> <type> <size>" then the object, or "<spec> missing"
        end = out.index(b"\n", at)
        header, at = out[at:end].split(b" "), end + 1
        if len(header) != 3 or not header[2].isdigit():
            found.append(None)
            continue
        body, at = out[at : at + int(header[2])], at + int(header[2]) + 1
        try:
            found.append(_text(body.decode()) if header[1] == b"blob" else None)
        except UnicodeDecodeError:
            found.append(None)
    return found


def changes(root: Path, *, untracked: bool = True) -> list[str]:
    """Return the paths with uncommitted changes (``git status``), untracked ones too."""
    status = git(root, "status", "--porcelain", "-unormal" if untracked else "-uno")
    return [line[3:] for line in status.splitlines() if line]


def refuse_changes(root: Path, advice: str, *, untracked: bool = True) -> None:
    """Refuse to go on over uncommitted changes, naming the first three and what to do."""
    lock = root / git(root, "rev-parse", "--git-path", "index.lock")
    if lock.exists():  # git would refuse the commit after our files were written
        raise GitError(_LOCKED.format(lock=lock))
    if dirty := changes(root, untracked=untracked):
        shown = ", ".join(dirty[:3]) + (", ..." if len(dirty) > 3 else "")
        msg = f"uncommitted changes ({shown}){advice}"
        raise WorkspaceError(msg)


def shallow(root: Path) -> str:
    """Say why the history cannot be read where ``root`` is a shallow clone; else ``""``."""
    cut_off = git(root, "rev-parse", "--is-shallow-repository") == "true"
    why = "this is a shallow clone, without the history that holds the releases"
    return f"{why}; 'git fetch --unshallow' brings it" if cut_off else ""


def make_tag(root: Path, dist: Distribution, version: Version, commit: str = "HEAD") -> str:
    """Tag ``commit`` as the release of ``dist`` ``version`` (annotated); return the tag."""
    tag = dist.tag_for(version)
    git(root, "tag", "--annotate", tag, commit, "--message", f"{dist.name} {version}")
    return tag


def parse_tag(tag: str) -> tuple[str, Version] | None:
    """Split ``mygame-logic-v1.4.0`` into ``("mygame-logic", Version("1.4.0"))``."""
    name, _, version = tag.rpartition("-v")
    try:
        return (name, Version(version)) if name else None
    except InvalidVersion:
        return None


def release_tags(root: Path, dists: Sequence[Distribution]) -> dict[str, dict[Version, str]]:
    """Map each name to its tagged versions: tags of a member, or of the namespace's prefix."""
    patterns = [f"{d.name}-v*" for d in dists]
    with contextlib.suppress(WorkspaceError):  # without a shared prefix, the members' own
        patterns.append(f"{name_prefix(list(dists))}-*-v*")
    found: dict[str, dict[Version, str]] = {}
    for tag in git(root, "tag", "--list", *patterns).split():
        if parsed := parse_tag(tag):
            found.setdefault(parsed[0], {})[parsed[1]] = tag
    return found


def version_at(root: Path, commit: str, path: str) -> Version | None:
    """Return the version ``path`` (a ``_version.py``) held at ``commit``, or None."""
    return _version(texts_at(root, [f"{commit}:{path}"])[0], path)


def _version(text: str | None, path: str) -> Version | None:
    with contextlib.suppress(WorkspaceError):
        return None if text is None else version_in(text, path)
    return None


def release_commits(root: Path, dist: Distribution) -> dict[Version, str]:
    """Map each released version of ``dist`` in the history of HEAD to its release commit."""
    version_file = dist.version_file.relative_to(root).as_posix()
    changelog = (dist.path / "CHANGELOG.md").relative_to(root).as_posix()
    try:  # the tree's changelog must be readable: a release it hides would go untested
        dates = {v: d for v, d in reversed(releases(read_text(root / changelog))) if d}
    except ChangelogError as error:
        msg = f"{root / changelog}: {error}"
        raise WorkspaceError(msg) from None
    log = ["log", "--topo-order", "--reverse", "--format=%H", "--", version_file, changelog]
    commits = git(root, *log).split()
    versions = [
        _version(t, version_file) for t in texts_at(root, [f"{c}:{version_file}" for c in commits])
    ]
    dated = [(c, v) for c, v in zip(commits, versions, strict=True) if v in dates]
    found: dict[Version, str] = {}
    for (commit, version), text in zip(
        dated, texts_at(root, [f"{c}:{changelog}" for c, _ in dated]), strict=True
    ):
        if version in found or text is None:
            continue
        with contextlib.suppress(ChangelogError):  # not a changelog there
            if releases(text)[:1] == [(version, dates[version])]:
                found[version] = commit
    return found


def _list(root: Path, *, make: bool) -> list[str]:
    """Describe each release in the history (commit and tag); with ``make``, tag the untagged."""
    if cut_off := shallow(root):
        raise GitError(cut_off)
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
    return lines or ["history: the history holds no release yet"]


def _describe(root: Path, tag: str) -> list[str]:
    """Return ``dist=``, ``version=``, ``path=`` of a tag whose version is the tree's."""
    parsed = parse_tag(tag)
    dists = {d.name: d for d in load_workspace(root)}
    if parsed is None or (dist := dists.get(parsed[0])) is None:
        msg = f"tag {tag} names no distribution of this workspace ({', '.join(dists)})"
        raise WorkspaceError(msg)
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
    args = parser.parse_args(argv)
    try:
        lines = _describe(ROOT, args.describe) if args.describe else _list(ROOT, make=args.tag)
    except WorkspaceError as error:
        print(f"history: error: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
