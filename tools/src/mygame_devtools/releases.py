"""The releases in the git history: the commit that made each version of a distribution.

Tags name releases only where someone pushed them; a fork, a CI checkout or a
repository whose first releases were never tagged has none. The history always
knows: the release commit of version X is the oldest commit at which the
distribution's ``_version.py`` says X *and* the newest dated entry of its
``CHANGELOG.md`` is X (``nox -s release`` changes both in that one commit). A tag,
where there is one, must point at that same commit (``nox -s consistency``).

A shallow clone lacks that history: :func:`shallow` says so, and the tools then
say that they could not look, rather than finding nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mygame_devtools.changelog import ChangelogError, newest_release, release_dates
from mygame_devtools.tags import GitError, git
from mygame_devtools.workspace import WorkspaceError, version_in

if TYPE_CHECKING:
    from pathlib import Path

    from packaging.version import Version

    from mygame_devtools.workspace import Distribution

__all__ = ["SHALLOW", "release_commits", "shallow", "version_at"]

SHALLOW = (
    "this is a shallow clone, without the history that holds the releases; "
    "'git fetch --unshallow' brings it"
)
"""What the tools say when :func:`shallow` is true."""


def shallow(root: Path) -> bool:
    """Say whether ``root`` is a shallow clone (its history is cut off)."""
    return git(root, "rev-parse", "--is-shallow-repository") == "true"


def _show(root: Path, commit: str, path: str) -> str | None:
    try:
        return git(root, "show", f"{commit}:{path}")
    except GitError:
        return None  # the file does not exist at that commit


def version_at(root: Path, commit: str, path: str) -> Version | None:
    """Return the version ``path`` (a ``_version.py``) held at ``commit``, or None if none."""
    text = _show(root, commit, path)
    try:
        return None if text is None else version_in(text, path)
    except WorkspaceError:
        return None


def _newest_at(root: Path, commit: str, path: str) -> tuple[Version, str | None] | None:
    text = _show(root, commit, path)
    try:
        return None if text is None else newest_release(text)
    except ChangelogError:
        return None


def release_commits(root: Path, dist: Distribution) -> dict[Version, str]:
    """Map each released version of ``dist`` in the history of HEAD to its release commit.

    Raises :class:`GitError` when git cannot read the history.
    """
    version_file = dist.version_file.relative_to(root).as_posix()
    changelog = (dist.path / "CHANGELOG.md").relative_to(root).as_posix()
    try:
        dates = release_dates((root / changelog).read_text(encoding="utf-8"))
    except OSError:
        dates = {}
    log = git(
        root, "log", "--topo-order", "--reverse", "--format=%H", "--", version_file, changelog
    )
    found: dict[Version, str] = {}
    for commit in log.split():
        version = version_at(root, commit, version_file)
        if version is None or version in found or version not in dates:
            continue
        if _newest_at(root, commit, changelog) == (version, dates[version]):
            found[version] = commit
    return found
