"""Check built distributions against the namespace and the workspace's promises.

``python -m mygame_devtools.checks.dists DIST_DIR`` names each problem that twine and
check-wheel-contents do not look for, and exits 1: a wheel that ships ``mygame/__init__.py``
(it would make the PEP 420 namespace one distribution's package and hide the others), or
anything but ``mygame/<its subpackage>/`` and its ``.dist-info``, or a file another wheel
ships too; an sdist with ``src/mygame/__init__.py``; an artifact missing, or not of the
version in the tree; a wheel that requires a third-party distribution, or a sibling range
that excludes the sibling in the tree; metadata without PEP 794's ``Import-Name`` and
``Import-Namespace`` (an older build backend drops them without a word).
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

from mygame_devtools.workspace import ROOT, Distribution, load_workspace, sibling_range_problems

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
    for name in names:
        if name == "mygame/__init__.py":
            problems.append(
                f"{wheel.name}: ships mygame/__init__.py, which would make the shared "
                "namespace 'mygame' a regular package and hide the other portions; "
                "delete the file and keep only-include = ['src/mygame/<name>']"
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
                "the mygame distributions use the standard library only"
            )
        elif not req.specifier.contains(versions[sibling], prereleases=True):
            problems.append(
                f"{wheel.name}: requires '{req}', which excludes {sibling} "
                f"{versions[sibling]} in the tree"
            )
    return problems


def _import_name_problems(wheel: str, dist: Distribution, headers: Message) -> list[str]:
    declared = {
        "Import-Name": [dist.package],
        "Import-Namespace": [dist.package.rpartition(".")[0]],
    }
    return [
        f"{wheel}: metadata has {field} {found or 'nothing'}, expected {expected}; "
        "declare it in [project] and build with hatchling>=1.32"
        for field, expected in declared.items()
        if (found := headers.get_all(field) or []) != expected
    ]


def _sdist_problems(sdist: Path) -> list[str]:
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    return [
        f"{sdist.name}: carries {name}, which the namespace must never have"
        for name in names
        if name.endswith("src/mygame/__init__.py")
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
            problems += _sdist_problems(path)
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
    problems = problems_in(dist_dir)
    for problem in problems:
        print(f"checks.dists: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"checks.dists: {len(list(dist_dir.iterdir()))} artifacts pass the namespace checks")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
