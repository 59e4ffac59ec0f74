"""The oldest build and upload tools the workspace's ranges admit, as pins.

``python -m mygame_devtools.tool_floors [NAME ...]`` (``nox -s lowest_tools``) prints one
pin per line (``twine==7.0.0``): for each tool, the lowest lower bound (``>=X``) found
in the root pyproject's dependency groups and in the distributions'
``[build-system] requires``. The session installs exactly those versions, builds with
them and runs ``twine check --strict``: a range that admits a tool too old for what
we build fails there, not in a user's hands.

A tool declared without a lower bound has no floor to test: that is an error.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from mygame_devtools.workspace import ROOT, load_workspace

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = ["TOOLS", "FloorError", "floors", "main", "tool_requirements"]

TOOLS = ("build", "hatchling", "twine")


class FloorError(Exception):
    """A tool is declared without a lower bound."""


def _group_strings(groups: dict[str, list[object]]) -> Iterable[str]:
    for entries in groups.values():
        yield from (entry for entry in entries if isinstance(entry, str))


def tool_requirements(root: Path = ROOT) -> list[Requirement]:
    """Every requirement in the groups and the build-system tables of ``root``."""
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    found = [Requirement(text) for text in _group_strings(data.get("dependency-groups", {}))]
    for dist in load_workspace(root):
        table = tomllib.loads((dist.path / "pyproject.toml").read_text(encoding="utf-8"))
        found += [Requirement(text) for text in table["build-system"]["requires"]]
    return found


def floors(requirements: Iterable[Requirement], names: Iterable[str] = TOOLS) -> list[str]:
    """Pin each tool in ``names`` to the lowest ``>=`` bound among ``requirements``."""
    wanted = {canonicalize_name(name) for name in names}
    lowest: dict[str, Version] = {}
    for req in requirements:
        name = canonicalize_name(req.name)
        if name not in wanted:
            continue
        bounds = [Version(s.version) for s in req.specifier if s.operator in {">=", "=="}]
        if not bounds:
            msg = f"{req} has no lower bound: give it one (>=X) so its oldest version is tested"
            raise FloorError(msg)
        lowest[name] = min(lowest.get(name, bounds[0]), *bounds)
    if missing := sorted(wanted - lowest.keys()):
        msg = f"not declared anywhere: {', '.join(missing)}"
        raise FloorError(msg)
    return [f"{name}=={lowest[name]}" for name in sorted(lowest)]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the floor pins of the named tools (default: build, hatchling, twine)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=list(TOOLS))
    parser.add_argument("--root", type=Path, default=ROOT, help="the workspace to read")
    args = parser.parse_args(argv)
    try:
        pins = floors(tool_requirements(args.root), args.names)
    except FloorError as error:
        print(f"tool_floors: error: {error}", file=sys.stderr)
        return 1
    print("\n".join(pins))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
