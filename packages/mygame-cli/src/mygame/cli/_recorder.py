"""``play --record``: the recording written as the match goes, so a crash keeps it so far.

:class:`RecordingScenario` wraps the match on screen and rewrites the recording file
(atomically, see :mod:`mygame.cli._files`) after every point and every
:data:`SAVE_EVERY` seconds of play: a game killed by SIGKILL or a power cut leaves the
match up to the last save as a recording that replays. A device or FIFO is written
once, at the end (each write would add a whole recording to it).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from mygame.cli._errors import CliError

if TYPE_CHECKING:
    from mygame.cli._files import OutputFile
    from mygame.cli._scenario import MatchScenario
    from mygame.logic import RecordedPlayer, Recording

__all__ = ["SAVE_EVERY", "RecordingScenario"]

SAVE_EVERY = 5.0
"""Seconds of play between two saves of the recording, points aside."""


class RecordingScenario:
    """A played match that keeps its recording up to date in ``output``."""

    def __init__(
        self,
        scenario: MatchScenario,
        output: OutputFile,
        players: tuple[RecordedPlayer | None, RecordedPlayer | None] = (None, None),
    ) -> None:
        """Record ``scenario``'s match, played by ``players``, into ``output``."""
        self.scenario = scenario
        self.output = output
        self.players = players
        self.failed: CliError | None = None
        self._saved_tick = 0
        self._last_save = time.monotonic()

    @property
    def finished(self) -> bool:
        """Whether the player asked to leave."""
        return self.scenario.finished

    @property
    def idle(self) -> bool:
        """Whether nothing moves until a key."""
        return self.scenario.idle

    def on_key(self, key: str) -> None:
        """Pass ``key`` on to the match."""
        self.scenario.on_key(key)

    def frame(self, size: tuple[int, int], *, full: bool) -> bytes:
        """Return the match's next frame."""
        return self.scenario.frame(size, full=full)

    def tick(self, size: tuple[int, int]) -> None:
        """Advance the match; save after a point, or when the last save is old enough."""
        match = self.scenario.match
        score = match.score
        self.scenario.tick(size)
        if not self.output.rewritable or self.failed is not None:
            return
        if match.score != score or time.monotonic() - self._last_save >= SAVE_EVERY:
            try:
                self.save()
            except CliError as error:  # keep playing; the save at the end reports it
                self.failed = error

    def recording(self) -> Recording:
        """Return the match so far as a recording that names its players."""
        left, right = self.players
        return self.scenario.match.recording(left_player=left, right_player=right)

    def save(self) -> bool:
        """Write the recording if it changed since the last save; return whether it did."""
        match = self.scenario.match
        if match.tick in {0, self._saved_tick}:
            return False
        self.output.write(self.recording().to_json())
        self._saved_tick = match.tick
        self._last_save = time.monotonic()
        return True
