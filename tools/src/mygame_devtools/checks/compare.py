"""Compare two folders of built distributions: same files, same contents, same bytes.

``python -m mygame_devtools.checks.compare EXPECTED ACTUAL [--only NAME ...] [--identical]``
fails, one line per problem, when an artifact is on one side only, when two archives list
other files, or when a file inside differs (``METADATA``, ``RECORD``, code). Otherwise it
says, per artifact, whether the archives are byte-identical or which of their headers
differ; with ``--identical`` any difference in the bytes is a problem (reproducible builds).
Ours: no packaging tool compares two builds archive by archive and names what differs.
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

Archive = dict[str, tuple[bytes, dict[str, object]]]
"""Each regular file's name: its contents, and the header fields that leave them unchanged."""


def read_archive(path: Path) -> Archive:
    """Every regular file of a wheel or an sdist, with its header fields."""
    members: Archive = {}
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as zipped:
            for i in zipped.infolist():
                header = {"file times": i.date_time, "compression": i.compress_type}
                members[i.filename] = (zipped.read(i), header | {"permissions": i.external_attr})
        return members
    with tarfile.open(path) as archive:
        for m in archive.getmembers():
            if data := archive.extractfile(m):
                header = {"file times": m.mtime, "permissions": m.mode}
                members[m.name] = (data.read(), header | {"owners": (m.uid, m.gid, m.uname)})
    return members


def _one(expected: Path, actual: Path) -> tuple[list[str], str]:
    """Compare two archives: (their problems, or else how their bytes compare)."""
    left, right = read_archive(expected), read_archive(actual)
    if left.keys() != right.keys():
        ours, theirs = sorted(left.keys() - right.keys()), sorted(right.keys() - left.keys())
        problem = (
            f"{actual.name}: other files than {expected.parent.name}/{expected.name}: "
            f"only in {expected.parent.name}: {ours or '-'}; "
            f"only in {actual.parent.name}: {theirs or '-'}"
        )
        return [problem], ""
    if differ := sorted(name for name in left if left[name][0] != right[name][0]):
        return [f"{actual.name}: contents differ from {expected.name} in {', '.join(differ)}"], ""
    if expected.read_bytes() == actual.read_bytes():
        return [], "byte-identical"
    fields = {f for n, (_, head) in left.items() for f, v in head.items() if right[n][1][f] != v}
    where = ", ".join(sorted(fields)) or "the archive's own headers"
    return [], f"same files and contents; the bytes differ in {where}"


def _project(path: Path) -> str | None:
    if path.suffix == ".whl":
        return parse_wheel_filename(path.name)[0]
    return parse_sdist_filename(path.name)[0] if path.name.endswith(".tar.gz") else None


def compare(expected: Path, actual: Path, only: Sequence[str] = ()) -> tuple[list[str], list[str]]:
    """Return (problems, one verdict line per artifact) for two folders of artifacts."""
    wanted = {canonicalize_name(name) for name in only}
    left, right = (
        {p.name: p for p in folder.iterdir() if (n := _project(p)) and (not wanted or n in wanted)}
        for folder in (expected, actual)
    )
    problems = [f"{n}: in {expected} but not in {actual}" for n in sorted(left.keys() - right)]
    problems += [f"{n}: in {actual} but not in {expected}" for n in sorted(right.keys() - left)]
    verdicts: list[str] = []
    for name in sorted(left.keys() & right.keys()):
        found, verdict = _one(left[name], right[name])
        problems += found
        verdicts += [f"{name}: {verdict}"] if verdict else []
    return problems, verdicts


def main(argv: Sequence[str] | None = None) -> int:
    """Compare EXPECTED with ACTUAL; exit 1 naming each problem."""
    parser = argparse.ArgumentParser("checks.compare", description=__doc__.splitlines()[0])
    parser.add_argument("expected", type=Path)
    parser.add_argument("actual", type=Path)
    parser.add_argument("--only", nargs="*", default=[], help="compare these projects only")
    parser.add_argument("--identical", action="store_true", help="the bytes must be equal too")
    args = parser.parse_args(argv)
    for folder in (args.expected, args.actual):
        if not folder.is_dir():
            parser.error(f"no folder {folder}; build into it first")
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
