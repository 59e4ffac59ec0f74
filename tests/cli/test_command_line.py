"""The installed ``mygame`` command: versions, info, help and one-line errors.

Its processes run unmeasured (``tests/cli/conftest.py``): the code they run is measured
in-process, by ``test__commands.py`` (``python -m mygame.cli`` included) and
``test__info.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from importlib import metadata
from typing import TYPE_CHECKING

import pytest
from helpers.recording_corpus import base_recording
from mygame.cli._commands import build_parser
from mygame.cli._help import COMMANDS

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.unmeasured

Run = Callable[..., subprocess.CompletedProcess[str]]
PIECES = ("mygame-cli", "mygame-draw", "mygame-logic")


def assert_one_line_error(
    result: subprocess.CompletedProcess[str], status: int, *words: str
) -> None:
    assert result.returncode == status, result
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("mygame: error: ")
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


_LISTING_MODULES = (
    "import sys; from mygame.cli import main; status = main(sys.argv[1:]);"
    "print(*sorted(sys.modules), sep='\\n', file=sys.stderr); sys.exit(status)"
)


def run_listing_modules(
    env: dict[str, str], *argv: str
) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run ``main(argv)`` in a new Python; return the result and every module it imported."""
    result = subprocess.run(
        [sys.executable, "-c", _LISTING_MODULES, *argv],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    return result, set(result.stderr.split())


class TestVersion:
    def test_version_prints_the_installed_version_of_each_piece(self, mygame: Run) -> None:
        result = mygame("--version")
        assert result.returncode == 0
        assert result.stderr == ""
        expected = [f"{name} {metadata.version(name)}" for name in PIECES]
        assert result.stdout.splitlines() == expected

    def test_short_flag_and_python_dash_m_give_the_same_versions(
        self, mygame: Run, mygame_env: dict[str, str]
    ) -> None:
        module = subprocess.run(
            [sys.executable, "-m", "mygame.cli", "--version"],
            capture_output=True,
            text=True,
            env=mygame_env,
            check=True,
        )
        assert mygame("-V").stdout == mygame("--version").stdout == module.stdout

    def test_version_imports_neither_the_engine_nor_argparse_nor_metadata(
        self, mygame_env: dict[str, str]
    ) -> None:
        result, modules = run_listing_modules(mygame_env, "--version")
        assert result.returncode == 0, result.stderr
        assert "mygame.cli" in modules
        assert not modules & {"mygame.logic", "mygame.draw", "argparse", "importlib.metadata"}

    def test_verify_loads_neither_the_terminal_nor_the_renderer(
        self, tmp_path: Path, mygame_env: dict[str, str]
    ) -> None:
        recording = tmp_path / "rec.json"
        recording.write_bytes(base_recording())
        result, modules = run_listing_modules(mygame_env, "replay", "--verify", str(recording))
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("ok: ")
        assert "mygame.logic" in modules
        assert not modules & {"mygame.draw", "mygame.cli._console", "mygame.cli._play"}

    def test_watching_a_recording_loads_no_temporary_file_module(
        self, tmp_path: Path, mygame_env: dict[str, str]
    ) -> None:
        """tempfile (with shutil) is 7 ms of a start: only writing a file needs it."""
        recording = tmp_path / "rec.json"
        recording.write_bytes(base_recording())
        result, modules = run_listing_modules(mygame_env, "replay", str(recording))
        assert result.returncode == 1  # no terminal to watch it in
        assert "mygame.cli._files" in modules
        assert not modules & {"tempfile", "shutil", "importlib.metadata"}

    def test_choosing_players_by_name_imports_no_importlib_metadata(
        self, mygame_env: dict[str, str]
    ) -> None:
        """It costs more than the rest of a start: the registry reads the folders itself."""
        argv = ("simulate", "--games", "1", "--target", "1", "--left", "mygame-logic:easy")
        result, modules = run_listing_modules(mygame_env, *argv)
        assert result.returncode == 0, result.stderr
        assert "mygame.cli._registry" in modules
        assert not modules & {"importlib.metadata", "tempfile"}


class TestInfo:
    def test_info_lists_each_distribution_with_version_and_location(self, mygame: Run) -> None:
        result = mygame("info")
        assert result.returncode == 0, result.stderr
        for name in PIECES:
            assert f"{name} {metadata.version(name)}" in result.stdout
        assert "PEP 420 namespace" in result.stdout
        assert "mygame.cli._info" in result.stdout

    def test_info_json_shows_namespace_portions_and_only_the_modules_it_needed(
        self, mygame: Run
    ) -> None:
        result = mygame("info", "--json")
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        names = {dist["name"] for dist in report["distributions"]}
        assert set(PIECES) <= names
        for dist in report["distributions"]:
            if dist["name"] in PIECES:
                assert dist["version"] == metadata.version(dist["name"])
                assert dist["locations"]
        assert report["namespace_is_pep420"] is True
        assert report["namespace_path"]
        assert "mygame.cli" in report["modules"]
        assert "mygame.logic" not in report["modules"]

    def test_info_shows_a_third_party_portion_of_the_namespace(
        self, mygame_script: str, mygame_env: dict[str, str], tmp_path: Path
    ) -> None:
        """Anyone's mygame-* distribution joins the namespace, and info shows it."""
        site = tmp_path / "site"
        package = site / "mygame" / "extras"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text('"""Extras."""\n')
        dist_info = site / "mygame_extras-0.3.1.dist-info"
        dist_info.mkdir()
        (dist_info / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: mygame-extras\nVersion: 0.3.1\n"
        )
        (dist_info / "RECORD").write_text(
            "mygame/extras/__init__.py,,\nmygame_extras-0.3.1.dist-info/METADATA,,\n"
        )
        env = {**mygame_env, "PYTHONPATH": str(site)}
        result = subprocess.run(
            [mygame_script, "info", "--json"], capture_output=True, text=True, env=env, check=True
        )
        report = json.loads(result.stdout)
        extras = [d for d in report["distributions"] if d["name"] == "mygame-extras"]
        assert extras == [
            {
                "name": "mygame-extras",
                "version": "0.3.1",
                "packages": ["mygame.extras"],
                "locations": [str(package.resolve())],
                "editable": False,
                "import_names": [],
                "import_namespaces": [],
            }
        ]
        assert str(site / "mygame") in report["namespace_path"]
        assert len(report["namespace_path"]) >= 2

    def test_info_shows_declared_import_names_beside_the_portions_found(self, mygame: Run) -> None:
        """Each piece's declaration (PEP 794) is shown beside the portion it ships.

        mygame-cli declares exactly its portion inside the namespace. A sibling shows its
        declaration when its metadata has one: the lowest sibling releases the cli's ranges
        admit (nox -s lowest) were built before PEP 794, and show their portion alone.
        """
        result = mygame("info")
        assert result.returncode == 0, result.stderr
        declared = {name: metadata.metadata(name).get_all("Import-Name") or [] for name in PIECES}
        assert declared["mygame-cli"] == ["mygame.cli"]
        for name in PIECES:
            piece = name.replace("-", ".")
            if declared[name]:
                assert declared[name] == [piece]
                assert f": {piece}  (declares {piece} in namespace mygame)\n" in result.stdout
            else:
                assert f": {piece}  (declares no import names)\n" in result.stdout

    def test_info_flags_declared_import_names_that_differ_from_the_portions_found(
        self, mygame_script: str, mygame_env: dict[str, str], tmp_path: Path
    ) -> None:
        """A distribution declaring a name it does not ship is marked, not silently trusted."""
        site = tmp_path / "site"
        (site / "mygame" / "extras").mkdir(parents=True)
        (site / "mygame" / "extras" / "__init__.py").write_text('"""Extras."""\n')
        dist_info = site / "mygame_extras-0.3.1.dist-info"
        dist_info.mkdir()
        (dist_info / "METADATA").write_text(
            "Metadata-Version: 2.5\nName: mygame-extras\nVersion: 0.3.1\n"
            "Import-Name: mygame.more\nImport-Namespace: mygame\n"
        )
        (dist_info / "RECORD").write_text("mygame/extras/__init__.py,,\n")
        env = {**mygame_env, "PYTHONPATH": str(site)}
        result = subprocess.run(
            [mygame_script, "info"], capture_output=True, text=True, env=env, check=True
        )
        assert (
            "  mygame-extras 0.3.1: mygame.extras  (declares mygame.more in namespace mygame,"
            " not what was found!)\n"
        ) in result.stdout
        report = json.loads(
            subprocess.run(
                [mygame_script, "info", "--json"],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            ).stdout
        )
        extras = next(d for d in report["distributions"] if d["name"] == "mygame-extras")
        assert (extras["import_names"], extras["import_namespaces"]) == (
            ["mygame.more"],
            ["mygame"],
        )


class TestHelp:
    def test_help_lists_every_command(self, mygame: Run) -> None:
        result = mygame("--help")
        assert result.returncode == 0
        for command in ("play", "demo", "simulate", "replay", "render", "info"):
            assert command in result.stdout

    def test_no_command_prints_help_and_exits_2(self, mygame: Run) -> None:
        result = mygame()
        assert result.returncode == 2
        assert "usage: mygame" in result.stderr


class TestBadInput:
    @pytest.mark.parametrize(
        ("args", "words"),
        [
            (["bogus"], ["invalid choice", "bogus"]),
            (["--frobnicate"], ["unrecognized", "--frobnicate"]),
            (["simulate", "--games", "0"], ["--games", "from 1 to 1000000"]),
            (["simulate", "--games", "many"], ["--games", "'many'"]),
            (["play", "--target", "-3"], ["--target"]),
            (["play", "--difficulty", "godlike"], ["--difficulty", "godlike"]),
            (["render", "--format", "png"], ["--format", "png"]),
            (["render", "--tick", "-1"], ["--tick", "at least 0"]),
            (["replay"], ["FILE"]),
        ],
    )
    def test_bad_command_lines_exit_2_with_one_line(
        self, mygame: Run, args: list[str], words: list[str]
    ) -> None:
        assert_one_line_error(mygame(*args), 2, *words)

    @pytest.mark.parametrize("command", ["play", "demo"])
    def test_interactive_commands_without_a_terminal_say_so(
        self, mygame: Run, command: str
    ) -> None:
        assert_one_line_error(mygame(command), 1, "terminal")


class TestTopLevelHelp:
    def test_fast_help_lists_exactly_the_commands_argparse_knows(self, mygame: Run) -> None:
        parser = build_parser()
        subparsers = next(action for action in parser._actions if action.dest == "command")
        assert list(COMMANDS) == list(subparsers.choices or [])
        help_text = mygame("--help").stdout
        for name, summary in COMMANDS.items():
            assert f"  {name} " in help_text
            assert summary in help_text
            assert summary in mygame(name, "--help").stdout
