"""Build every distribution of the workspace: an sdist, then a wheel from that sdist.

``python -m mygame_devtools.checks.build OUTDIR [--root DIR] [--subprocess-hooks]``: pypa/build's
API in this environment (it must have hatchling), in dependency order, as ``python -m build
--no-isolation`` would, but each backend hook runs pyproject_hooks' own hook script in this
process, so Python and hatchling start once, not six times. The wheel is built from the
sdist, which proves the sdist complete. ``--subprocess-hooks``: pypa/build's own way.
Ours: pypa/build's CLI starts Python and hatchling once per artifact; this is its API.
"""

from __future__ import annotations

import argparse
import os
import runpy
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from build import BuildException, ProjectBuilder
from pyproject_hooks import quiet_subprocess_runner

from mygame_devtools.workspace import ROOT, WorkspaceError, load_workspace

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = ["build_all", "extract", "in_process_runner", "main"]


def in_process_runner(
    cmd: Sequence[str], cwd: str | None = None, extra_environ: Mapping[str, str] | None = None
) -> None:
    """Run a pyproject_hooks hook command (``python _in_process.py HOOK DIR``) in this process.

    The hook script talks to its caller only through files in DIR: the result is the same.
    """
    _python, script, hook, control_dir = cmd
    saved_cwd, saved_argv, saved_env = Path.cwd(), sys.argv, dict(os.environ)
    try:
        os.chdir(cwd or saved_cwd)
        os.environ.update(extra_environ or {})
        sys.argv = [script, hook, control_dir]
        runpy.run_path(script)["main"]()
    finally:
        os.chdir(saved_cwd)
        sys.argv = saved_argv
        os.environ.clear()
        os.environ.update(saved_env)


def extract(archive: tarfile.TarFile, folder: str) -> None:
    """Unpack only plain files and folders inside ``folder``; Python 3.11.2 has no tar filters."""
    root = Path(folder).resolve()
    for member in archive.getmembers():
        inside = (root / member.name).resolve().is_relative_to(root)
        if not inside or not (member.isfile() or member.isdir()):
            message = f"{member.name}: not a plain file inside the archive"
            raise tarfile.TarError(message)
    archive.extraction_filter = getattr(tarfile, "data_filter", None)  # tarfile's too, if any
    archive.extractall(folder)  # noqa: S202 - every member was checked above


def build_all(outdir: Path, root: Path = ROOT, *, subprocess_hooks: bool = False) -> list[Path]:
    """Build all distributions under ``root`` into ``outdir``; return the artifacts."""
    runner = quiet_subprocess_runner if subprocess_hooks else in_process_runner
    outdir.mkdir(parents=True, exist_ok=True)
    artifacts: list[Path] = []
    for dist in load_workspace(root):
        sdist = Path(ProjectBuilder(dist.path, runner=runner).build("sdist", outdir))
        with tempfile.TemporaryDirectory() as scratch, tarfile.open(sdist) as archive:
            extract(archive, scratch)
            unpacked = Path(scratch) / sdist.name.removesuffix(".tar.gz")
            wheel = ProjectBuilder(unpacked, runner=runner).build("wheel", outdir)
        artifacts += [sdist, Path(wheel)]
    return artifacts


def main(argv: Sequence[str] | None = None) -> int:
    """Build into OUTDIR (default ``dist``) and list the artifacts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", nargs="?", type=Path, default=ROOT / "dist")
    parser.add_argument("--root", type=Path, default=ROOT, help="the workspace to build")
    parser.add_argument(
        "--subprocess-hooks", action="store_true", help="run each hook in a new interpreter"
    )
    args = parser.parse_args(argv)
    try:
        built = build_all(args.outdir, args.root, subprocess_hooks=args.subprocess_hooks)
    except (WorkspaceError, BuildException, tarfile.TarError) as error:
        print(f"checks.build: {error}", file=sys.stderr)
        return 1
    for artifact in built:
        print(f"built {artifact.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
