"""The public surface of mygame.logic: names, docstrings, typing marker, import hygiene."""

from __future__ import annotations

import doctest
import importlib
import importlib.resources
import inspect
import subprocess
import sys

import mygame.logic

EXPECTED = [
    "MAX_RECORDING_BYTES",
    "PLAYER_GROUP",
    "SEED_LIMIT",
    "Ball",
    "Command",
    "ComputerPlayer",
    "Difficulty",
    "Event",
    "GameResult",
    "GameState",
    "HumanPlayer",
    "LogicError",
    "Match",
    "MatchOver",
    "MatchView",
    "Paddle",
    "PaddleHit",
    "Phase",
    "Player",
    "PlayerFactory",
    "Point",
    "RecordedPlayer",
    "Recording",
    "RecordingError",
    "ScriptedPlayer",
    "Serve",
    "Settings",
    "SettingsError",
    "Side",
    "Wall",
    "WallBounce",
    "__version__",
    "play_game",
    "player_seeds",
    "replay",
    "step",
]


def test_all_lists_exactly_the_public_names_sorted() -> None:
    assert mygame.logic.__all__ == EXPECTED


def test_every_public_name_and_public_method_has_a_docstring() -> None:
    for name in EXPECTED:
        obj = getattr(mygame.logic, name)
        if name == "__version__":
            continue
        assert inspect.getdoc(obj), name
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_") or (
                    not callable(member) and not isinstance(member, property)
                ):
                    continue
                assert inspect.getdoc(member), f"{name}.{attr}"


def test_version_is_a_release_string() -> None:
    parts = mygame.logic.__version__.split(".")
    assert len(parts) == 3
    assert all(p.isdigit() for p in parts)


def test_package_ships_py_typed() -> None:
    assert importlib.resources.files("mygame.logic").joinpath("py.typed").is_file()


def test_import_pulls_in_neither_draw_nor_cli_nor_json() -> None:
    """Importing the engine stays cheap: no sibling packages, no json until recordings are used."""
    code = (
        "import sys; before = set(sys.modules); import mygame.logic; "
        "print(sorted(m for m in set(sys.modules) - before "
        "if m.startswith(('mygame.draw', 'mygame.cli', 'json'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_the_examples_in_the_docstrings_run() -> None:
    modules = ["_checks", "_headless", "_match", "_players", "_plugins", "_settings"]
    for name in modules:
        module = importlib.import_module(f"mygame.logic.{name}")
        failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert attempted > 0, name
        assert failed == 0, name
