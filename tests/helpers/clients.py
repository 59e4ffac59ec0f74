"""The client matrix: install and use the built distributions with every real client.

``tests/clients`` (``nox -s clients``) tries what users do, each in a fresh place,
hermetically (no pip or uv configuration of this machine applies), and ends with a
table, client by result:

- install ``mygame-cli`` from the built wheels only (``--no-index``) with the oldest
  pip the project supports (:data:`OLDEST_PIP`), the current pip, the oldest uv the
  project admits (:data:`OLDEST_UV`), the current uv, pipx, ``uv tool install`` and
  ``uvx --from mygame-cli``; then run ``mygame --version``, ``mygame info`` and a short
  ``mygame simulate`` with what each installed;
- type-check a consumer program with mypy ``--strict`` and pyright (strict) against
  a wheel install and an editable install of the three packages;
- publish with the project's own publish tool to pypiserver and to devpi-server (on
  loopback, with a password), then pip-install ``mygame-cli`` from each and run it.

The old pip and uv are installed from the index into environments of their own;
everything else comes from the environment that runs the tests.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mygame_devtools.hermetic import hermetic_env
from mygame_devtools.publish.servers import LocalIndex, LocalIndexError
from mygame_devtools.workspace import ROOT, load_workspace

from helpers.devpi import DevpiServer, PackageIndex

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = ["CONSUMER", "OLDEST_PIP", "OLDEST_UV", "ClientError", "Matrix", "run"]

#: pip 21.3 is the first with PEP 660 editable installs, which hatchling projects need.
OLDEST_PIP = "21.3"
#: The floor of the root pyproject's ``uv>=0.8`` (the packaging group).
OLDEST_UV = "0.8.0"
_BIN = "Scripts" if os.name == "nt" else "bin"
_EXE = ".exe" if os.name == "nt" else ""

#: A program that uses each package as its users would; strict for both checkers.
CONSUMER = '''\
# pyright: strict
"""Use each mygame package as a program that depends on them would."""

from mygame.cli import __version__, main
from mygame.draw import ColorDepth, TerminalRenderer, draw_game, render_svg
from mygame.logic import ComputerPlayer, Difficulty, GameResult, HumanPlayer, Match, play_game

result: GameResult = play_game(seed=1, target=2)
match = Match(seed=3)
score: int = match.left_score
ball: float = match.ball_x
computer = ComputerPlayer(Difficulty.HARD, seed=2)
level: Difficulty = computer.difficulty
renderer = TerminalRenderer(ColorDepth.NONE)
synchronized: bool = renderer.sync
text: str = draw_game(match)
picture: str = render_svg(match)
status: int = main(["--version"])
print(result.winner, score, ball, HumanPlayer().current, level, synchronized, len(text))
print(len(picture), __version__, status)
'''


class ClientError(Exception):
    """One step of one client failed; the message is its first telling line."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One client's result for one check."""

    client: str
    check: str
    ok: bool
    detail: str


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    return (errors or lines or ["(no output)"])[-1][:160]


def run(*cmd: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    """Run ``cmd`` hermetically; return its output, or raise :class:`ClientError`."""
    proc = subprocess.run(
        [str(c) for c in cmd],
        capture_output=True,
        text=True,
        env=hermetic_env(UV_NO_CACHE="1", **(env or {})),
        cwd=cwd,
        check=False,
    )
    if proc.returncode != 0:
        name = Path(str(cmd[0])).name
        msg = f"{name} exited {proc.returncode}: {_first_line(proc.stderr + proc.stdout)}"
        raise ClientError(msg)
    return proc.stdout


class Matrix:
    """Runs the checks, records a :class:`Cell` for each, prints the table."""

    def __init__(self, dist_dir: Path, work: Path) -> None:
        """Use the artifacts in ``dist_dir``; make environments under ``work``."""
        self.dist_dir = dist_dir.resolve()
        self.work = work.resolve()
        self.cells: list[Cell] = []
        self.local = ("--no-index", "--find-links", str(self.dist_dir))
        # The application: the last distribution in dependency order (``mygame-cli``),
        # whatever the distributions are called; its command is ``mygame``.
        self.app = load_workspace(ROOT)[-1].name

    def check(self, client: str, check: str, step: Callable[[], str]) -> bool:
        """Run one step; record it as passed (with what it says) or failed (with why)."""
        try:
            detail = step()
        except (ClientError, LocalIndexError, OSError) as error:
            self.cells.append(Cell(client, check, ok=False, detail=str(error)))
            print(f"clients: {client}: {check}: FAILED: {error}", flush=True)
            return False
        self.cells.append(Cell(client, check, ok=True, detail=detail))
        print(f"clients: {client}: {check}: ok {detail}", flush=True)
        return True

    def _fresh(self, name: str) -> Path:
        folder = self.work / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder

    def venv(self, name: str) -> Path:
        """Create a fresh virtual environment (with pip) named ``name``; return its folder."""
        folder = self._fresh(name)
        run(sys.executable, "-m", "venv", folder / "venv")
        return folder / "venv"

    def use_command(self, client: str, mygame: Path | Sequence[str]) -> None:
        """Run ``mygame --version``, ``info`` and a short ``simulate`` as ``client`` put it."""
        command = [str(mygame)] if isinstance(mygame, Path) else list(mygame)
        cwd = self.work
        names = [d.name for d in load_workspace(ROOT)]

        def version() -> str:
            out = run(*command, "--version", cwd=cwd)
            missing = [n for n in names if n not in out]
            if missing:
                msg = f"--version does not name {', '.join(missing)}: {out.strip()!r}"
                raise ClientError(msg)
            return out.split()[1] if len(out.split()) > 1 else out.strip()

        def info() -> str:
            out = run(*command, "info", cwd=cwd)
            if "is a PEP 420 namespace" not in out or "(declares mygame." not in out:
                msg = "info does not show the namespace with its declared import names"
                raise ClientError(msg)
            return "namespace and import names shown"

        def simulate() -> str:
            out = run(*command, "simulate", "--games", "2", "--target", "3", cwd=cwd)
            return _first_line(out)

        if self.check(client, "mygame --version", version):
            self.check(client, "mygame info", info)
            self.check(client, "mygame simulate", simulate)

    # --- installers ---

    def pip(self, label: str, version: str | None) -> None:
        """Install with pip ``version`` (None: the newest) into a fresh venv; use it."""
        env = self.venv(label.replace(" ", "-"))
        python = env / _BIN / f"python{_EXE}"
        pin = f"pip=={version}" if version else "pip"

        def install() -> str:
            run(python, "-m", "pip", "install", "--quiet", "--upgrade", pin)
            run(python, "-m", "pip", "install", "--quiet", *self.local, self.app)
            return run(python, "-m", "pip", "--version").split()[1]

        if self.check(label, "install", install):
            self.use_command(label, env / _BIN / f"mygame{_EXE}")

    def uv(self, label: str, version: str | None) -> None:
        """``uv venv`` and ``uv pip install`` with uv ``version`` (None: the newest, on PATH).

        An older uv is first installed with pip into an environment of its own.
        """
        folder = self._fresh(label.replace(" ", "-"))
        binary = "uv"

        def install() -> str:
            nonlocal binary
            if version is not None:
                run(sys.executable, "-m", "venv", folder / "uv")
                pip = folder / "uv" / _BIN / f"python{_EXE}"
                run(pip, "-m", "pip", "install", "--quiet", f"uv=={version}")
                binary = str(folder / "uv" / _BIN / f"uv{_EXE}")
            run(binary, "venv", "--quiet", "--python", sys.executable, folder / "venv")
            python = folder / "venv" / _BIN / f"python{_EXE}"
            run(binary, "pip", "install", "--python", python, *self.local, self.app)
            return run(binary, "--version").split()[1]

        if self.check(label, "install", install):
            self.use_command(label, folder / "venv" / _BIN / f"mygame{_EXE}")

    def pipx(self) -> None:
        """``pipx install mygame-cli`` from the wheels; use its ``mygame``."""
        home = self._fresh("pipx")
        env = {"PIPX_HOME": str(home / "home"), "PIPX_BIN_DIR": str(home / "bin")}
        pip_args = " ".join(self.local)

        def install() -> str:
            run(
                sys.executable,
                "-m",
                "pipx",
                "install",
                "--pip-args",
                pip_args,
                self.app,
                env=env,
            )
            return run(sys.executable, "-m", "pipx", "--version").strip()

        if self.check("pipx", "install", install):
            self.use_command("pipx", home / "bin" / f"mygame{_EXE}")

    def uv_tool(self) -> None:
        """``uv tool install mygame-cli`` and ``uvx --from mygame-cli mygame``."""
        home = self._fresh("uv-tool-install")
        env = {"UV_TOOL_DIR": str(home / "tools"), "UV_TOOL_BIN_DIR": str(home / "bin")}

        def install() -> str:
            run(
                "uv",
                "tool",
                "install",
                "--python",
                sys.executable,
                *self.local,
                self.app,
                env=env,
            )
            return "mygame on the tool bin dir"

        if self.check("uv tool install", "install", install):
            self.use_command("uv tool install", home / "bin" / f"mygame{_EXE}")
        uvx = ["uvx", "--python", sys.executable, *self.local, "--from", self.app, "mygame"]
        self.use_command(f"uvx --from {self.app}", uvx)

    # --- type checkers ---

    def type_checkers(self) -> None:
        """Type-check :data:`CONSUMER` (mypy, pyright; strict) in wheel and editable installs."""
        wheel = self.venv("typed-wheel")
        editable = self.venv("typed-editable")
        consumer = self.work / "consumer.py"
        consumer.write_text(CONSUMER, encoding="utf-8")
        dists = [str(d.path) for d in load_workspace(ROOT)]
        installs = {
            "wheel": (wheel, [*self.local, self.app]),
            "editable": (editable, [arg for path in dists for arg in ("-e", path)]),
        }
        for kind, (env, args) in installs.items():
            self._type_check(f"{kind} install", env, args, consumer)

    def _type_check(self, client: str, env: Path, args: list[str], consumer: Path) -> None:
        python = env / _BIN / f"python{_EXE}"

        def install() -> str:
            run(python, "-m", "pip", "install", "--quiet", *args)
            return "ok"

        def mypy() -> str:
            return _first_line(
                run(sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                    "--python-executable", python, consumer, cwd=self.work)
            )  # fmt: skip

        def pyright() -> str:
            # pyright finds the environment to check from VIRTUAL_ENV and PATH.
            env_vars = {
                "VIRTUAL_ENV": str(env),
                "PATH": f"{env / _BIN}{os.pathsep}{os.environ['PATH']}",
            }
            return _first_line(
                run(sys.executable, "-m", "pyright", consumer, env=env_vars, cwd=self.work)
            )

        if self.check(client, "install", install):
            self.check(client, "mypy --strict", mypy)
            self.check(client, "pyright strict", pyright)

    # --- indexes ---

    def publish_and_install(self, label: str, index: PackageIndex, password: str) -> None:
        """Publish with the project's tool to ``index``; pip-install mygame-cli from it; use it."""
        creds = {"TWINE_USERNAME": index.username, "TWINE_PASSWORD": password,
                 "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}  # fmt: skip

        def publish() -> str:
            out = run(sys.executable, "-m", "mygame_devtools.publish", "--repository-url",
                      index.upload_url, "--dist-dir", self.dist_dir, env=creds)  # fmt: skip
            return _first_line(out)

        if not self.check(label, "publish", publish):
            return
        env = self.venv(label.replace(" ", "-") + "-install")
        python = env / _BIN / f"python{_EXE}"

        def install() -> str:
            run(python, "-m", "pip", "install", "--quiet", "--index-url", index.simple_url,
                self.app)  # fmt: skip
            return "ok"

        installed = self.check(label, "pip install from it", install)
        if installed:
            self.use_command(label, env / _BIN / f"mygame{_EXE}")

    def indexes(self) -> None:
        """Publish to pypiserver and to devpi-server, each on loopback with a password."""
        password = secrets.token_urlsafe(16)
        try:
            with LocalIndex(self._fresh("pypiserver"), "tester", password) as index:
                self.publish_and_install("pypiserver", index, password)
        except LocalIndexError as error:
            self.cells.append(Cell("pypiserver", "start", ok=False, detail=str(error)))
        try:
            with DevpiServer(self._fresh("devpi")) as server:
                self.publish_and_install("devpi", server.new_index("tester", password), password)
        except LocalIndexError as error:
            self.cells.append(Cell("devpi", "start", ok=False, detail=str(error)))

    def table(self) -> str:
        """Return the closing summary: one row per client, one column per check."""
        clients = list(dict.fromkeys(c.client for c in self.cells))
        checks = list(dict.fromkeys(c.check for c in self.cells))
        result = {(c.client, c.check): "ok" if c.ok else "FAILED" for c in self.cells}
        width = max(len(c) for c in clients)
        head = f"{'client':<{width}} | " + " | ".join(checks)
        rows = [head, "-" * len(head)]
        for client in clients:
            cells = [f"{result.get((client, check), '-'):<{len(check)}}" for check in checks]
            rows.append(f"{client:<{width}} | " + " | ".join(cells))
        return "\n".join(rows)
