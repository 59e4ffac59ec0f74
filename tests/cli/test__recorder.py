"""``play --record`` saves as the match goes: after each point, and no more than needed."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mygame.cli._files import output_file
from mygame.cli._recorder import RecordingScenario
from mygame.cli._scenario import MatchScenario, Mode
from mygame.draw import ColorDepth, TerminalRenderer
from mygame.logic import ComputerPlayer, Difficulty, Match, Recording, Settings

if TYPE_CHECKING:
    from pathlib import Path

SIZE = (80, 24)


def recorded(path: str) -> RecordingScenario:
    match = Match(Settings(target_score=3), seed=4, record=True)
    inner = MatchScenario(
        Mode.PLAY,
        match,
        (ComputerPlayer(Difficulty.EASY, 1), ComputerPlayer(Difficulty.HARD, 2)),
        TerminalRenderer(ColorDepth.NONE, names=("a", "b")),
        names=("a", "b"),
        status="test",
    )
    return RecordingScenario(inner, output_file(path))


def test_the_recording_is_on_disk_after_the_first_point(tmp_path: Path) -> None:
    target = tmp_path / "rec.json"
    game = recorded(str(target))
    match = game.scenario.match
    while sum(match.score) == 0:
        game.tick(SIZE)
        assert not target.exists() or sum(match.score) > 0
    assert target.exists()
    saved = Recording.from_json(target.read_bytes())
    assert saved.ticks == match.tick
    assert [p.name for p in tmp_path.iterdir()] == ["rec.json"]


def test_a_device_gets_the_recording_once_at_the_end_not_at_every_point(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        game = recorded(str(fifo))
        match = game.scenario.match
        while sum(match.score) < 2:
            game.tick(SIZE)
        assert game.save()
        data = os.read(reader, 1 << 20)
    finally:
        os.close(reader)
    assert data.count(b'"format"') == 1
    assert Recording.from_json(data).ticks == match.tick


def test_a_failed_save_does_not_stop_the_game(tmp_path: Path) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    game = recorded(str(folder / "rec.json"))
    folder.rmdir()
    match = game.scenario.match
    while sum(match.score) == 0:
        game.tick(SIZE)
    assert game.failed is not None
    assert "cannot write" in game.failed.message
