"""Compare two folders of built distributions: same files, same contents, same bytes.

``python -m mygame_devtools.checks.compare EXPECTED ACTUAL [--only NAME ...] [--identical]``
(``nox -s check`` compares a second build with the first; the packaging tests compare
what ``uv build --all-packages`` makes with what the build session made). It fails,
one line per problem, when an artifact is missing on one side, when two archives list
different files, or when a file inside differs (``METADATA``, ``PKG-INFO``, ``RECORD``,
code). When everything inside is equal it passes and says, per artifact, whether the
archives are byte-identical or only their headers differ (file times, order, permissions
or compression), and which;
``--identical`` makes any difference in the bytes a problem (a reproducible build).
"""

from __future__ import annotations

import argparse
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.utils import canonicalize_name, parse_sdist_filename, parse_wheel_filename

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Archive", "compare", "main", "read_archive"]

# name -> (contents, header fields that do not change the contents)
Archive = dict[str, tuple[bytes, tuple[object, ...]]]


def read_archive(path: Path) -> Archive:
    """Every regular file of a wheel or an sdist, with its header fields."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as archive:
            return {
                info.filename: (
                    archive.read(info),
                    (info.date_time, info.compress_type, info.external_attr >> 16),
                )
                for info in archive.infolist()
            }
    with tarfile.open(path) as archive:
        members: Archive = {}
        for member in archive.getmembers():
            data = archive.extractfile(member)
            if data is not None:
                header = (member.mtime, member.mode, member.uid, member.gid, member.uname)
                members[member.name] = (data.read(), header)
        return members


def _header_difference(left: Archive, right: Archive) -> str:
    if list(left) != list(right):
        return "the order of the files"
    fields = (
        ("file times", "permissions", "owners")
        if any(len(h) > 3 for _, h in left.values())
        else ("file times", "compression", "permissions")
    )
    differ = {
        field
        for name, (_, header) in left.items()
        for field, a, b in zip(fields, header, right[name][1], strict=False)
        if a != b
    }
    return ", ".join(sorted(differ)) or "the archive's own headers"


def _one(expected: Path, actual: Path) -> tuple[list[str], str]:
    left, right = read_archive(expected), read_archive(actual)
    if sorted(left) != sorted(right):
        only_left = sorted(set(left) - set(right))
        only_right = sorted(set(right) - set(left))
        problem = (
            f"{actual.name}: other files than {expected.parent.name}/{expected.name}: "
            f"only in {expected.parent.name}: {only_left or '-'}; "
            f"only in {actual.parent.name}: {only_right or '-'}"
        )
        return [problem], ""
    differ = sorted(name for name in left if left[name][0] != right[name][0])
    if differ:
        return [f"{actual.name}: contents differ from {expected.name} in {', '.join(differ)}"], ""
    if expected.read_bytes() == actual.read_bytes():
        return [], "byte-identical"
    return [], f"same files and contents; the bytes differ in {_header_difference(left, right)}"


def _project(path: Path) -> str | None:
    if path.suffix == ".whl":
        return canonicalize_name(parse_wheel_filename(path.name)[0])
    if path.name.endswith(".tar.gz"):
        return canonicalize_name(parse_sdist_filename(path.name)[0])
    return None


def compare(expected: Path, actual: Path, only: Sequence[str] = ()) -> tuple[list[str], list[str]]:
    """Return (problems, one verdict line per artifact) for two folders of artifacts."""
    wanted = {canonicalize_name(name) for name in only}

    def artifacts(folder: Path) -> dict[str, Path]:
        return {
            p.name: p
            for p in sorted(folder.iterdir())
            if (project := _project(p)) is not None and (not wanted or project in wanted)
        }

    left, right = artifacts(expected), artifacts(actual)
    problems = [
        f"{name}: in {expected} but not in {actual}" for name in sorted(left - right.keys())
    ]
    problems += [
        f"{name}: in {actual} but not in {expected}" for name in sorted(right - left.keys())
    ]
    verdicts: list[str] = []
    for name in sorted(left.keys() & right.keys()):
        found, verdict = _one(left[name], right[name])
        problems += found
        if verdict:
            verdicts.append(f"{name}: {verdict}")
    return problems, verdicts


def main(argv: Sequence[str] | None = None) -> int:
    """Compare EXPECTED with ACTUAL; exit 1 naming each problem."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("expected", type=Path)
    parser.add_argument("actual", type=Path)
    parser.add_argument("--only", nargs="*", default=[], help="compare these projects only")
    parser.add_argument("--identical", action="store_true", help="the bytes must be equal too")
    args = parser.parse_args(argv)
    for folder in (args.expected, args.actual):
        if not folder.is_dir():
            print(f"checks.compare: no folder {folder}; build into it first", file=sys.stderr)
            return 2
    problems, verdicts = compare(args.expected, args.actual, args.only)
    if args.identical:
        problems += [v for v in verdicts if not v.endswith(": byte-identical")]
    for problem in problems:
        print(f"checks.compare: {problem}", file=sys.stderr)
    for verdict in verdicts:
        print(f"checks.compare: {verdict}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
