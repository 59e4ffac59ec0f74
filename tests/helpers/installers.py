"""Fresh virtual environments filled by real installers, hermetically.

The tests install the built wheels with real pip and uv into fresh virtual
environments, hermetically: no pip or uv configuration of this machine applies,
and the only place packages come from is the folder under test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest
from mygame_devtools.hermetic import hermetic_env
from mygame_devtools.workspace import ROOT

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["ROOT", "Env", "make_env", "run"]


# uv caches wheels by file name; ours are rebuilt under the same version.
_NO_UV_CACHE = {"UV_NO_CACHE": "1"}


def run(
    *cmd: str | Path, cwd: Path | None = None, ok: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run a command hermetically; unless ``ok`` is false, fail the test if it fails.

    (Under nox, Python caches the bytecode of the installers started many times: the
    noxfile sets that for every session.)
    """
    proc = subprocess.run(
        [str(c) for c in cmd],
        capture_output=True,
        text=True,
        env=hermetic_env(**_NO_UV_CACHE),
        cwd=cwd,
        check=False,
    )
    if ok and proc.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{proc.stdout}{proc.stderr}"
        )
    return proc


@dataclass(frozen=True, slots=True)
class Env:
    """A fresh virtual environment and the installer that fills it."""

    path: Path
    installer: str

    @property
    def bin(self) -> Path:
        """The folder of its executables."""
        return self.path / ("Scripts" if os.name == "nt" else "bin")

    @property
    def python(self) -> Path:
        """Its interpreter."""
        return self.bin / ("python.exe" if os.name == "nt" else "python")

    @property
    def pip(self) -> list[str | Path]:
        """The command that runs pip on this environment: ``[*env.pip, "install", ...]``.

        The tests' own pip, pointed at it with ``--python`` (pip 22.3+): the environment
        holds only what was installed into it, and no seconds go to bootstrapping a
        pip of its own (``ensurepip``) for every test.
        """
        return [sys.executable, "-m", "pip", "--python", self.python]

    def install(self, *args: str | Path, find_links: Path | None = None) -> None:
        """Install with this env's installer, from ``find_links`` only (never an index)."""
        links = ["--no-index"] + (["--find-links", str(find_links)] if find_links else [])
        if self.installer == "uv":
            run("uv", "pip", "install", "--python", self.python, *links, *args)
        else:
            run(*self.pip, "install", "--quiet", *links, *args)

    def uninstall(self, name: str) -> None:
        """Remove a distribution."""
        if self.installer == "uv":
            run("uv", "pip", "uninstall", "--python", self.python, name)
        else:
            run(*self.pip, "uninstall", "--yes", "--quiet", name)

    def python_c(self, code: str) -> subprocess.CompletedProcess[str]:
        """Run ``python -c code`` in this environment from a neutral folder."""
        return subprocess.run(
            [str(self.python), "-c", code],
            capture_output=True,
            text=True,
            env=hermetic_env(**_NO_UV_CACHE),
            cwd=self.path,
            check=False,
        )


def make_env(path: Path, installer: str) -> Env:
    """Create a fresh, empty environment: ``python -m venv --without-pip`` or ``uv venv``.

    pip fills it from outside (:attr:`Env.pip`), as uv does.
    """
    if installer == "uv":
        run("uv", "venv", "--quiet", "--python", sys.executable, path)
    else:
        run(sys.executable, "-m", "venv", "--without-pip", path)
    return Env(path, installer)
