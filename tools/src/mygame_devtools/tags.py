"""The release tags of the repository: ``mygame-logic-v1.4.0`` names a release of one distribution.

One tag per released version of each distribution; the release, consistency and
lowest-version tools read them through this module, and through :func:`git`, the
one way they run git.
"""

from __future__ import annotations

import re
import subprocess
from typing import TYPE_CHECKING

from packaging.version import InvalidVersion, Version

from mygame_devtools.workspace import load_workspace, name_prefix

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["GitError", "git", "parse_tag", "release_tags"]

_TAG = re.compile(r"^(?P<name>[a-z0-9]+(?:-[a-z0-9]+)*)-v(?P<version>\d\S*)$")


class GitError(Exception):
    """A git command failed; the message carries git's own words."""


def git(root: Path, *args: str) -> str:
    """Run ``git args`` in ``root`` and return its output, without trailing blank lines."""
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        msg = "git is not installed or not on PATH"
        raise GitError(msg) from None
    if proc.returncode != 0:
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        msg = f"git {' '.join(args)}: {lines[-1] if lines else f'exit {proc.returncode}'}"
        raise GitError(msg)
    return proc.stdout.rstrip()


def parse_tag(tag: str) -> tuple[str, Version] | None:
    """Split ``mygame-logic-v1.4.0`` into ``("mygame-logic", Version("1.4.0"))``."""
    match = _TAG.match(tag)
    if match is None:
        return None
    try:
        return match["name"], Version(match["version"])
    except InvalidVersion:
        return None


def release_tags(root: Path) -> dict[str, dict[Version, str]]:
    """Map each distribution name to its tagged versions (and their tag names).

    Release tags are those of the workspace's prefix: ``mygame-*-v*``, or after
    ``nox -s rename -- alice-mygame``, ``alice-mygame-*-v*``.
    """
    found: dict[str, dict[Version, str]] = {}
    pattern = f"{name_prefix(load_workspace(root))}-*-v*"
    for tag in git(root, "tag", "--list", pattern).splitlines():
        parsed = parse_tag(tag.strip())
        if parsed is not None:
            name, version = parsed
            found.setdefault(name, {})[version] = tag.strip()
    return found
