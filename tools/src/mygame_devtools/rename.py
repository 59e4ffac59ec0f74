"""Rename the distributions, to publish your own copy: ``nox -s rename -- alice-mygame``.

``python -m mygame_devtools.rename PREFIX`` renames ``mygame-logic``, ``mygame-draw``
and ``mygame-cli`` to ``PREFIX-logic``, ``PREFIX-draw`` and ``PREFIX-cli`` in every
file git tracks: project names, sibling requirements, changelog headers, release
tag prefixes (``PREFIX-logic-v1.2.0``, the publish workflow's ``PREFIX-*-v*``),
READMEs, docs, tests, wheel file names (``PREFIX_logic-1.2.0``). Folder names
(``packages/mygame-logic``) stay, so ``git checkout .`` undoes it all; that is also
why it refuses a tree with uncommitted changes.

Import names do NOT change: the code still imports as ``mygame.logic``,
``mygame.draw`` and ``mygame.cli``, and the command is still ``mygame``. A renamed
copy and the original (or two renamed copies) installed in one environment write
the same files under ``site-packages/mygame/`` and overwrite each other: install
each in its own virtual environment.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.utils import canonicalize_name

from mygame_devtools.tags import GitError, git
from mygame_devtools.workspace import ROOT, WorkspaceError, load_workspace, name_prefix

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["IMPORT_NAMES", "main", "rename_tree", "valid_prefix"]

IMPORT_NAMES = (
    "import names stay mygame.*: a renamed copy and another copy installed in one "
    "environment overwrite each other's files (use one virtual environment each)"
)
"""What the rename says about import names, in its help, its output and the docs."""

# PEP 508 names: letters, digits, '-', '_' and '.', starting and ending with a letter or digit.
_PEP508_NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)
# A name stands alone: not inside a longer name, not a folder of packages/ (folders stay).
_BEFORE = r"(?<![\w.-])(?<!packages/)"
_AFTER = r"(?![A-Za-z0-9_])"


def valid_prefix(text: str) -> str:
    """Return ``text`` as a canonical prefix (``alice-mygame``); raise ValueError if invalid."""
    if not _PEP508_NAME.match(text):
        msg = (
            f"'{text}' is not a valid project name (PEP 508: letters, digits, '-', '_' and '.', "
            "starting and ending with a letter or digit); try e.g. 'alice-mygame'"
        )
        raise ValueError(msg)
    return canonicalize_name(text)


def _replacements(root: Path, prefix: str) -> list[tuple[re.Pattern[str], str]]:
    dists = load_workspace(root)
    old = name_prefix(dists)
    pairs = [(f"{old}-*", f"{prefix}-*")]  # the release tags' pattern, mygame-*-v*
    for dist in dists:
        new = f"{prefix}-{dist.short}"
        pairs += [(dist.name, new), (dist.name.replace("-", "_"), new.replace("-", "_"))]
    return [(re.compile(_BEFORE + re.escape(a) + _AFTER), b) for a, b in pairs if a != b]


def rename_tree(root: Path, prefix: str) -> list[tuple[str, int]]:
    """Rename the distributions of ``root`` to ``<prefix>-<subpackage>`` in its tracked files.

    Return (file, number of replacements) for each file changed. Every new text is
    made before the first file is written.
    """
    replacements = _replacements(root, prefix)
    changed: list[tuple[str, bytes, int]] = []
    for name in git(root, "ls-files", "-z").split("\0"):
        path = root / name
        if not name or not path.is_file():
            continue
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue  # not text
        count = 0
        for pattern, new in replacements:
            text, n = pattern.subn(new, text)
            count += n
        if count:
            changed.append((name, text.encode("utf-8"), count))
    for name, data, _ in changed:
        (root / name).write_bytes(data)
    return [(name, count) for name, _, count in changed]


def _refuse_a_dirty_tree(root: Path) -> None:
    dirty = git(root, "status", "--porcelain", "--untracked-files=no").splitlines()
    if dirty:
        shown = ", ".join(line[3:] for line in dirty[:3]) + (", ..." if len(dirty) > 3 else "")
        msg = (
            f"uncommitted changes ({shown}); commit or stash them first, "
            "so that 'git checkout .' can undo the rename"
        )
        raise WorkspaceError(msg)


def main(argv: Sequence[str] | None = None) -> int:
    """Rename the distributions; print what changed; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="rename",
        description=__doc__.splitlines()[0],
        epilog=f"Undo: git checkout . -- Note: {IMPORT_NAMES}.",
    )
    parser.add_argument("prefix", metavar="PREFIX", help="e.g. alice-mygame")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        prefix = valid_prefix(args.prefix)
        _refuse_a_dirty_tree(args.root)
        before = [d.name for d in load_workspace(args.root)]
        changed = rename_tree(args.root, prefix)
        after = [d.name for d in load_workspace(args.root)]
    except (GitError, WorkspaceError, ValueError) as error:
        print(f"rename: error: {error}", file=sys.stderr)
        return 1
    if not changed:
        print(f"rename: nothing to change: the distributions are already {', '.join(after)}")
        return 0
    print(f"rename: {', '.join(f'{a} -> {b}' for a, b in zip(before, after, strict=True))}")
    for name, count in changed:
        print(f"rename: changed {name} ({count})")
    print(f"rename: {len(changed)} files changed; 'git diff' shows them, 'git checkout .' undoes")
    print(f"rename: note: {IMPORT_NAMES}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
