"""Check built distributions against the namespace and the workspace's promises.

``python -m mygame_devtools.checks.dists DIST_DIR`` exits non-zero, naming each problem, when:

- a wheel ships its namespace's ``__init__.py`` (``mygame/__init__.py``: that would turn
  the shared PEP 420 namespace into a regular package and hide every other portion);
- a wheel holds anything but its own package (``mygame/logic/``) and its ``.dist-info``;
- two wheels ship the same file;
- an sdist carries ``src/<namespace>/__init__.py``;
- an artifact's version is not the version in the tree, or one is missing;
- a wheel requires a third-party distribution (the workspace uses the standard library
  only: drop this check if yours do not);
- a wheel's metadata does not declare its import name (``Import-Name: mygame.logic``)
  and its namespace, if it has one (``Import-Namespace: mygame``), PEP 794: an older
  build backend drops them without a word;
- a sibling range (in the tree or in a wheel's metadata) does not admit the sibling's
  version in the tree, or lacks a lower or upper bound.

Ours: check-wheel-contents (run in ``check`` too) reads RECORD and knows no namespace,
sibling range or PEP 794 field; this reads the archives themselves, where RECORD can lie.
"""

from __future__ import annotations

import sys
import tarfile
import zipfile
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_sdist_filename, parse_wheel_filename

from mygame_devtools.workspace import (
    ROOT,
    Distribution,
    WorkspaceError,
    load_workspace,
    sibling_range_problems,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from email.message import Message

__all__ = ["main", "problems_in"]


def _wheel_problems(
    wheel: Path, dist: Distribution, owners: dict[str, str], versions: dict[str, str]
) -> list[str]:
    problems: list[str] = []
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = f"{dist.dist_stem}.dist-info/"
        requirements: list[Requirement] = []
        if f"{info}METADATA" not in names:
            problems.append(f"{wheel.name}: no {info}METADATA")
        else:
            headers = BytesHeaderParser().parsebytes(archive.read(f"{info}METADATA"))
            requirements = [Requirement(r) for r in headers.get_all("Requires-Dist") or []]
            problems += _import_name_problems(wheel.name, dist, headers)
    own = f"{dist.package.replace('.', '/')}/"
    namespace = dist.package.rpartition(".")[0]
    for name in names:
        if namespace and name == f"{namespace.replace('.', '/')}/__init__.py":
            problems.append(
                f"{wheel.name}: ships {name}, which would make the shared namespace "
                f"'{namespace}' a regular package and hide the other portions; delete the "
                f"file and keep only-include = ['src/{own}']"
            )
        elif not (name.startswith((own, info))):
            problems.append(f"{wheel.name}: {name} is outside {own} and {info}")
        if not name.startswith(info):
            if name in owners:
                problems.append(f"{name} is shipped by both {owners[name]} and {wheel.name}")
            owners[name] = wheel.name
    for req in requirements:
        sibling = canonicalize_name(req.name)
        if sibling not in versions:
            problems.append(
                f"{wheel.name}: requires the third-party '{req}'; "
                "the workspace's distributions use the standard library only"
            )
        elif not req.specifier.contains(versions[sibling], prereleases=True):
            problems.append(
                f"{wheel.name}: requires '{req}', which excludes {sibling} "
                f"{versions[sibling]} in the tree"
            )
    return problems


def _import_name_problems(wheel: str, dist: Distribution, headers: Message) -> list[str]:
    namespace = dist.package.rpartition(".")[0]  # none for a top-level package
    declared = {"Import-Name": [dist.package], "Import-Namespace": [namespace] if namespace else []}
    return [
        f"{wheel}: metadata has {field} {found or 'nothing'}, expected {expected}; "
        "declare it in [project] and build with hatchling>=1.32"
        for field, expected in declared.items()
        if (found := headers.get_all(field) or []) != expected
    ]


def _sdist_problems(sdist: Path, dist: Distribution) -> list[str]:
    namespace = dist.package.rpartition(".")[0]
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    return [
        f"{sdist.name}: carries {name}, which the namespace must never have"
        for name in names
        if namespace and name.endswith(f"src/{namespace.replace('.', '/')}/__init__.py")
    ]


def problems_in(dist_dir: Path, root: Path = ROOT) -> list[str]:
    """Return every problem found with the artifacts in ``dist_dir`` (empty when all is well)."""
    dists = load_workspace(root)
    by_name = {d.name: d for d in dists}
    versions = {d.name: str(d.version) for d in dists}
    problems = sibling_range_problems(dists)
    owners: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    for path in sorted(dist_dir.iterdir()):
        if path.suffix == ".whl":
            name, version, *_ = parse_wheel_filename(path.name)
            kind = "wheel"
        elif path.name.endswith(".tar.gz"):
            name, version = parse_sdist_filename(path.name)
            kind = "sdist"
        else:
            continue
        dist = by_name.get(name)
        if dist is None:
            problems.append(f"{path.name}: not a distribution of this workspace")
            continue
        if str(version) != versions[name]:
            problems.append(f"{path.name}: version {version}, but the tree has {versions[name]}")
            continue
        seen.add((name, kind))
        if kind == "wheel":
            problems += _wheel_problems(path, dist, owners, versions)
        else:
            problems += _sdist_problems(path, dist)
    problems += [
        f"no {kind} of {d.name} {d.version} in {dist_dir}"
        for d in dists
        for kind in ("sdist", "wheel")
        if (d.name, kind) not in seen
    ]
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """Check the artifacts in the folder named by ``argv`` (default ``dist``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    dist_dir = Path(args[0]) if args else ROOT / "dist"
    if not dist_dir.is_dir():
        print(f"checks.dists: no folder {dist_dir}; run 'nox -s build' first", file=sys.stderr)
        return 2
    try:
        problems = problems_in(dist_dir)
    except WorkspaceError as error:
        print(f"checks.dists: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(f"checks.dists: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"checks.dists: {len(list(dist_dir.iterdir()))} artifacts pass the namespace checks")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
