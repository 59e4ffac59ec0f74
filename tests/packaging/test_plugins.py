"""Players from anyone's distribution: plugins built from nothing of this workspace.

Each plugin is a project of its own, written into a temporary folder (a pyproject.toml
for hatchling and one module), built into a wheel with ``python -m build``, and
installed from that wheel into a fresh environment beside the wheels of ``dist/``, as a
user would install a player someone published. Every bad plugin gives one line that
names its distribution and entry point, never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

import pytest
from helpers.installers import Env, make_env, run
from helpers.plugin_sources import WALL
from mygame_devtools.hermetic import hermetic_env
from mygame_devtools.workspace import ROOT, load_workspace

if sys.platform != "win32":  # the test group installs pexpect on POSIX only
    import pexpect

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.slow

LOGIC = next(str(d.version) for d in load_workspace(ROOT) if d.name == "mygame-logic")
CONTRACT = "mygame-logic>=1.4,<2"  # the first mygame-logic with the player contract
LEAVE_SCREEN = b"\x1b[?1049l"  # the alternate screen given back


ANSWERS = """
import threading
import time

from mygame.logic import Command

NEVER = threading.Event()


class Raiser:
    def __init__(self, *, seed):
        pass

    def command(self, view, side):
        if view.tick >= 30:
            raise ZeroDivisionError("division by zero")
        return Command.STAY


class Number:
    def __init__(self, *, seed):
        pass

    def command(self, view, side):
        return 1


class Slow:
    def __init__(self, *, seed):
        pass

    def command(self, view, side):
        time.sleep(0.03)
        return Command.STAY


class Stuck:
    def __init__(self, *, seed):
        pass

    def command(self, view, side):
        NEVER.wait()
        return Command.STAY
"""

# distribution: (version, {entry point: object}, module name, module source)
PLUGINS: dict[str, tuple[str, dict[str, str], str, str]] = {
    "wall-player": ("1.0.0", {"wall": "wall_player:WallPlayer"}, "wall_player", WALL),
    "wall-twin": ("0.3.0", {"wall": "wall_twin:WallPlayer"}, "wall_twin", WALL),
    "missing-import": (
        "1.0.0", {"broken": "missing_import:Player"}, "missing_import",
        "import a_module_nobody_has\n",
    ),
    "syntax-error": ("1.0.0", {"broken": "syntax_error:Player"}, "syntax_error", "def f(:\n"),
    "raises-at-import": (
        "1.0.0", {"broken": "raises_at_import:Player"}, "raises_at_import",
        "raise RuntimeError('the plugin fails as it loads')\n",
    ),
    "not-a-player": (
        "1.0.0",
        {"nocommand": "not_a_player:Nothing", "notcallable": "not_a_player:VALUE"},
        "not_a_player",
        "VALUE = 42\n\n\nclass Nothing:\n    def __init__(self, *, seed):\n        pass\n",
    ),
    "bad-answers": (
        "1.0.0",
        {
            "raiser": "bad_answers:Raiser",
            "number": "bad_answers:Number",
            "slow": "bad_answers:Slow",
            "stuck": "bad_answers:Stuck",
        },
        "bad_answers",
        ANSWERS,
    ),
}  # fmt: skip


def write_project(folder: Path, name: str, version: str) -> Path:
    """Write the plugin ``name`` as a project of its own: pyproject.toml and one module."""
    _, players, module, source = PLUGINS[name]
    project = folder / f"{name}-{version}"
    project.mkdir(parents=True)
    entry_points = "".join(f'{player} = "{value}"\n' for player, value in players.items())
    (project / "pyproject.toml").write_text(
        textwrap.dedent(f"""\
            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [project]
            name = "{name}"
            version = "{version}"
            dependencies = ["{CONTRACT}"]

            [project.entry-points."mygame.players"]
            """)
        + entry_points
        + f'\n[tool.hatch.build.targets.wheel]\nonly-include = ["{module}.py"]\n',
        encoding="utf-8",
    )
    (project / f"{module}.py").write_text(source, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def plugins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugins' wheels, built with ``python -m build`` (and this Python's hatchling)."""
    folder = tmp_path_factory.mktemp("plugins")
    wheels = folder / "wheels"
    builds = [(name, version) for name, (version, *_) in PLUGINS.items()] + [
        ("wall-player", "2.0.0")
    ]
    for name, version in builds:
        project = write_project(folder / "projects", name, version)
        run(sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", wheels, project)
    return wheels


class Installed:
    """A fresh environment with mygame-cli from ``dist/`` and plugins from their wheels."""

    def __init__(self, env: Env, dist_dir: Path, plugins: Path) -> None:
        self.env, self.dist_dir, self.plugins = env, dist_dir, plugins

    def add(self, *requirements: str) -> None:
        links = ["--find-links", str(self.plugins)]
        self.env.install(*requirements, *links, find_links=self.dist_dir)

    def mygame(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.env.bin / "mygame"), *args],
            capture_output=True,
            text=True,
            env=hermetic_env(),
            cwd=cwd or self.env.path,
            timeout=120,
            check=False,
        )

    def error(self, *args: str, status: int = 1) -> str:
        """Run ``mygame ARGS``, which must fail with ``status`` and exactly one line."""
        result = self.mygame(*args)
        assert result.returncode == status, result
        assert result.stdout == ""
        assert "Traceback" not in result.stderr
        (line,) = result.stderr.splitlines()
        assert line.startswith("mygame: error: ")
        return line


@pytest.fixture
def installed(tmp_path: Path, dist_dir: Path, plugins: Path) -> Installed:
    """mygame-cli installed alone (with its siblings) in a fresh environment, by uv."""
    env = Installed(make_env(tmp_path / "venv", "uv"), dist_dir, plugins)
    env.add("mygame-cli")
    return env


class TestAGoodPlugin:
    def test_it_plays_through_simulate_and_info_lists_it_without_importing_it(
        self, installed: Installed
    ) -> None:
        installed.add("wall-player==1.0.0")
        info = installed.mygame("info")
        assert info.returncode == 0, info.stderr
        assert "  wall    wall-player 1.0.0   wall_player:WallPlayer\n" in info.stdout
        assert f"  hard    mygame-logic {LOGIC}" in info.stdout
        imported = info.stdout.partition("imported by this command")[2].partition("\nPlayers (")
        assert "wall_player" not in imported[0]
        assert imported[2].startswith("entry points in group 'mygame.players'): 4, none imported")
        result = installed.mygame("simulate", "--games", "2", "--target", "2",
                                  "--left", "wall", "--right", "hard", "--json")  # fmt: skip
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["left"] == {"name": "wall", "distribution": "wall-player", "version": "1.0.0"}
        assert report["games"] == 2
        picture = installed.mygame("render", "--left", "wall", "--tick", "300", "--seed", "3")
        assert picture.returncode == 0, picture.stderr
        assert len(picture.stdout.splitlines()) == 24
        for command in ("simulate", "play", "render", "demo"):
            assert "  wall    wall-player 1.0.0" in installed.mygame(command, "--help").stdout

    def test_version_and_help_import_no_plugin(self, installed: Installed) -> None:
        installed.add("wall-player==1.0.0")
        code = (
            "import sys, contextlib, io; from mygame.cli import main\n"
            "for argv in (['--version'], ['--help'], ['simulate', '--help'], ['info']):\n"
            "    with contextlib.redirect_stdout(io.StringIO()): main(argv)\n"
            "print(sorted(m for m in sys.modules if m.startswith('wall')))"
        )
        result = installed.env.python_c(code)
        assert result.returncode == 0, result.stderr
        assert result.stdout == "[]\n"


class TestBadPlugins:
    """One line each, naming the distribution and the entry point; never a traceback."""

    @pytest.mark.parametrize(
        ("distribution", "words"),
        [
            ("missing-import", "ModuleNotFoundError: No module named 'a_module_nobody_has'"),
            ("syntax-error", "SyntaxError: "),
            ("raises-at-import", "RuntimeError: the plugin fails as it loads"),
        ],
    )
    def test_a_plugin_that_fails_to_import(
        self, installed: Installed, distribution: str, words: str
    ) -> None:
        installed.add(distribution)
        module = PLUGINS[distribution][2]
        line = installed.error("simulate", "--left", "broken")
        assert line.startswith(
            f"mygame: error: player 'broken' (entry point 'broken = {module}:Player' of "
            f"{distribution} 1.0.0) cannot be imported: "
        )
        assert words in line
        assert line.endswith(f"; fix or uninstall {distribution}")
        assert installed.mygame("info").returncode == 0  # info never imports it
        assert installed.mygame("simulate", "--games", "1").returncode == 0  # nor do others

    def test_a_plugin_whose_object_is_not_a_player(self, installed: Installed) -> None:
        installed.add("not-a-player")
        line = installed.error("simulate", "--left", "nocommand")
        assert "player 'nocommand' (entry point 'nocommand = not_a_player:Nothing' of " in line
        assert "not-a-player 1.0.0) is not a player: factory(seed=0) returned an object of" in line
        line = installed.error("render", "--right", "notcallable")
        assert "(entry point 'notcallable = not_a_player:VALUE' of not-a-player 1.0.0)" in line
        assert "is not a player factory: it names an object of type int" in line

    def test_two_distributions_registering_one_name(self, installed: Installed) -> None:
        installed.add("wall-player==1.0.0", "wall-twin")
        line = installed.error("simulate", "--left", "wall", status=2)
        assert "2 distributions register a player of that name" in line
        assert "wall-player 1.0.0 (wall_player:WallPlayer) and wall-twin 0.3.0" in line
        assert "--left wall-player:wall or --left wall-twin:wall" in line
        chosen = installed.mygame("simulate", "--games", "1", "--left", "wall-twin:wall")
        assert chosen.returncode == 0, chosen.stderr
        assert "left wall (wall-twin 0.3.0)" in chosen.stdout

    @pytest.mark.parametrize(
        ("player", "words"),
        [
            ("raiser", "its command() raised ZeroDivisionError: division by zero"),
            ("number", "its command() returned 1, not a mygame.logic.Command"),
        ],
    )
    def test_a_command_that_breaks_the_contract_forfeits(
        self, installed: Installed, player: str, words: str
    ) -> None:
        installed.add("bad-answers")
        line = installed.error("simulate", "--games", "2", "--right", player)
        assert line == (
            f"mygame: error: game 0 (seed 0): player '{player}' (entry point '{player} = "
            f"bad_answers:{player.title()}' of bad-answers 1.0.0) forfeits: {words}"
        )

    def test_a_command_over_its_budget_is_shown_and_stalls_nothing(
        self, installed: Installed
    ) -> None:
        installed.add("bad-answers")
        slow = installed.mygame("simulate", "--games", "1", "--max-ticks", "10", "--left", "slow")
        assert slow.returncode == 0, slow.stderr
        (line,) = slow.stderr.splitlines()
        assert line.startswith("mygame: warning: player 'slow' (entry point 'slow = bad_answers")
        assert "took longer than a tick (16.7 ms) on 10 ticks" in line
        stuck = installed.mygame("simulate", "--games", "1", "--target", "1", "--left", "stuck",
                                 "--json")  # fmt: skip
        assert stuck.returncode == 0, stuck.stderr  # the process ends: the thread is a daemon
        assert "gave no command within 5000 ms on" in stuck.stderr
        assert json.loads(stuck.stdout)["wins"]["right"] == 1  # its paddle stayed


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pseudo-terminals")
class TestInATerminal:
    def spawn(self, installed: Installed, *args: str) -> pexpect.spawn[bytes]:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
        return pexpect.spawn(
            str(installed.env.bin / "mygame"),
            list(args),
            dimensions=(24, 80),
            env=env | {"TERM": "xterm-256color"},
            cwd=str(installed.env.path),
            timeout=30,
        )

    def played(self, installed: Installed, *args: str, frames: int = 60) -> tuple[int, bytes]:
        """Play with ``args``, wait for ``frames`` frames, press q; return status and output."""
        child = self.spawn(installed, "play", "--speed", "4", *args)
        for _ in range(frames):
            child.expect_exact(b"\x1b[?2026l")  # the end of a frame
        child.send("q")
        child.expect(pexpect.EOF)
        output = bytes(child.before or b"")
        child.close()
        return child.exitstatus or 0, output

    def test_a_recording_with_a_plugin_verifies_with_it_and_fails_clearly_without(
        self, installed: Installed
    ) -> None:
        installed.add("wall-player==1.0.0")
        recording = installed.env.path / "wall.json"
        status, _ = self.played(installed, "--opponent", "wall", "--seed", "5",
                                "--record", str(recording))  # fmt: skip
        assert status == 0
        players = json.loads(recording.read_text())["players"]
        assert players["right"] == {"name": "wall", "distribution": "wall-player",
                                    "version": "1.0.0", "seed": 11}  # fmt: skip
        assert players["left"]["name"] == "human"
        verified = installed.mygame("replay", "--verify", str(recording))
        assert verified.returncode == 0, verified.stderr
        assert "the right player wall (wall-player 1.0.0) checked" in verified.stdout

        installed.env.uninstall("wall-player")
        line = installed.error("replay", "--verify", str(recording), status=3)
        assert "its right player 'wall' came from wall-player 1.0.0, which is not installed" in line
        assert "install wall-player==1.0.0 and verify it again" in line
        installed.add("wall-player==2.0.0")
        line = installed.error("replay", "--verify", str(recording), status=3)
        assert "but wall-player 2.0.0 is installed: install wall-player==1.0.0" in line

    def test_the_demo_plays_plugins_and_a_stuck_one_gives_the_terminal_back(
        self, installed: Installed
    ) -> None:
        installed.add("wall-player==1.0.0", "bad-answers")
        child = self.spawn(installed, "demo", "--left", "wall", "--right", "hard")
        for _ in range(30):  # a working plugin plays the demo
            child.expect_exact(b"\x1b[?2026l")
        child.send("x")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
        child = self.spawn(installed, "demo", "--left", "stuck", "--right", "hard")
        child.expect_exact(
            b"stuck gives no command in time: its paddle stays"
        )  # on the status line
        for _ in range(30):  # the frames go on: it stalls nothing
            child.expect_exact(b"\x1b[?2026l")
        child.send("x")  # any key ends the demo
        child.expect(pexpect.EOF)
        output = bytes(child.before or b"")
        child.close()
        assert child.exitstatus == 0
        assert output.rfind(LEAVE_SCREEN) > output.rfind(b"\x1b[?1049h")

    def test_a_forfeit_in_play_ends_the_match_and_gives_the_terminal_back(
        self, installed: Installed
    ) -> None:
        installed.add("bad-answers")
        child = self.spawn(installed, "play", "--speed", "4", "--opponent", "raiser")
        child.expect_exact(b"raiser forfeits")
        child.send("q")  # other keys wait out the end screen's grace
        child.expect(pexpect.EOF)
        output = bytes(child.before or b"")
        child.close()
        assert child.exitstatus == 1
        assert output.rfind(LEAVE_SCREEN) > output.rfind(b"\x1b[?1049h")
        tail = output[output.rfind(LEAVE_SCREEN) :].decode()
        assert "mygame: error: player 'raiser' (entry point 'raiser = bad_answers:Raiser'" in tail
        assert "forfeits: its command() raised ZeroDivisionError" in tail
        assert "Traceback" not in tail
