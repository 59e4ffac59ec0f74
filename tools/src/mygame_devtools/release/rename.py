"""Rename the distributions, to publish your own copy: ``nox -s rename -- alice-mygame``.

Each ``<prefix>-<short>`` becomes ``PREFIX-<short>`` in every regular file git tracks (a
committed symlink is not followed); folders and import names stay, so ``git checkout .``
undoes it. Ours: no tool renames a workspace's members.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from typing import TYPE_CHECKING

from packaging.utils import InvalidName, canonicalize_name

from mygame_devtools.release.history import git, refuse_changes
from mygame_devtools.workspace import ROOT, WorkspaceError, in_tree, load_workspace, name_prefix

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from mygame_devtools.workspace import Distribution

__all__ = ["MAX_PREFIX", "import_note", "main", "rename_tree", "valid_prefix"]

MAX_PREFIX = 64  # any owner's name fits; file names built from it stay far below 255 bytes

_BEFORE = r"(?<![\w.-])"  # a name stands alone, not inside a longer one
_AFTER = r"(?![A-Za-z0-9_])"


def valid_prefix(text: str) -> str:
    """Return ``text`` as a canonical prefix (``alice-mygame``); raise WorkspaceError if invalid."""
    try:
        prefix = canonicalize_name(text, validate=True)  # packaging knows PEP 508's names
    except InvalidName:
        msg = (
            f"'{text}' is not a valid project name (PEP 508: letters, digits, '-', '_' and '.', "
            "starting and ending with a letter or digit); try e.g. 'alice-mygame'"
        )
        raise WorkspaceError(msg) from None
    if len(text) > MAX_PREFIX:
        msg = f"the prefix is {len(text)} characters long; at most {MAX_PREFIX} are accepted"
        raise WorkspaceError(msg)
    return prefix


def import_note(dists: Sequence[Distribution]) -> str:
    """Say what happens to import names (in the help, the output and the docs)."""
    spaces = sorted({d.package.partition(".")[0] for d in dists if "." in d.package})
    return (
        f"import names stay {', '.join(f'{s}.*' for s in spaces) or 'as they are'}: a renamed "
        "copy and another copy installed in one environment overwrite each other's files "
        "(use one virtual environment each)"
    )


def _replacements(root: Path, prefix: str) -> list[tuple[re.Pattern[str], str]]:
    dists = load_workspace(root)
    old = name_prefix(dists)
    found = [("", f"{old}-*", f"{prefix}-*")]  # the release tags' pattern, mygame-*-v*
    for dist in dists:
        if dist.name == f"{old}-{dist.short}":  # a member outside the namespace keeps its name
            new = f"{prefix}-{dist.short}"
            # Folders keep their names (packages/mygame-logic), so git checkout . undoes it all.
            parent = re.escape(dist.path.parent.name)
            folder = rf"(?<!{parent}/)" if dist.path.name == dist.name else ""
            found += [
                (folder, dist.name, new),
                ("", dist.name.replace("-", "_"), new.replace("-", "_")),
            ]
    return [(re.compile(_BEFORE + f + re.escape(a) + _AFTER), b) for f, a, b in found if a != b]


def _new_texts(root: Path, prefix: str) -> dict[str, tuple[str, int]]:
    """Map each tracked text file that changes to (new text, replacements)."""
    replacements = _replacements(root, prefix)
    changed = {}
    for name in filter(None, git(root, "ls-files", "-z").split("\0")):
        path = root / name
        if not in_tree(root, path):
            continue  # write only the tree's own regular files
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue  # not text
        count = 0
        for pattern, new in replacements:
            text, n = pattern.subn(new, text)
            count += n
        if count:
            changed[name] = (text, count)
        try:  # every pyproject still reads and names a valid project (the root's names none)
            if count and name.endswith("pyproject.toml"):
                project = tomllib.loads(text).get("project", {})
                canonicalize_name(str(project.get("name", "x")), validate=True)
        except (tomllib.TOMLDecodeError, InvalidName) as error:
            msg = f"{name} would not read after the rename ({error}); nothing was renamed"
            raise WorkspaceError(msg) from None
    return changed


def rename_tree(root: Path, prefix: str) -> list[tuple[str, int]]:
    """Rename the members of ``root``; return (file, replacements) of each file changed.

    Every new text is made and checked before the first write; after a failed write,
    ``git checkout .`` puts back what was written (the tree was clean).
    """
    root = root.resolve()
    changed = _new_texts(root, prefix)
    try:
        for name, (text, _) in changed.items():
            (root / name).write_bytes(text.encode("utf-8"))
    except OSError as error:
        msg = (
            f"could not write {error.filename}: {error.strerror}; 'git checkout .' undoes the rest"
        )
        raise WorkspaceError(msg) from None
    return [(name, count) for name, (_, count) in changed.items()]


def main(argv: Sequence[str] | None = None) -> int:
    """Rename the distributions; print what changed; return the exit status."""
    try:
        note = import_note(load_workspace(ROOT))
    except WorkspaceError:
        note = import_note([])
    parser = argparse.ArgumentParser(
        prog="rename",
        description=__doc__.splitlines()[0],
        epilog=f"Undo: git checkout . -- Note: {note}.",
    )
    parser.add_argument("prefix", metavar="PREFIX", help="e.g. alice-mygame")
    args = parser.parse_args(argv)
    try:
        prefix = valid_prefix(args.prefix)
        advice = "; commit or stash them first, so that 'git checkout .' can undo the rename"
        refuse_changes(ROOT, advice, untracked=False)
        before = load_workspace(ROOT)
        changed = rename_tree(ROOT, prefix)
        after = [d.name for d in load_workspace(ROOT)]
    except WorkspaceError as error:
        print(f"rename: error: {error}", file=sys.stderr)
        return 1
    if not changed:
        print(f"rename: nothing to change: the distributions are already {', '.join(after)}")
        return 0
    pairs = zip((d.name for d in before), after, strict=True)
    print(f"rename: {', '.join(f'{a} -> {b}' for a, b in pairs if a != b)}")
    for name, count in changed:
        print(f"rename: changed {name} ({count})")
    print(f"rename: {len(changed)} files changed; 'git diff' shows them, 'git checkout .' undoes")
    print(f"rename: note: {import_note(before)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
