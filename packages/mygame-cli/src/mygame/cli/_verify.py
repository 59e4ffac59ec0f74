"""``mygame replay --verify``, and the reading of a recording that ``replay`` shares.

Checking a recording needs the engine only: this module imports neither the
terminal nor the renderer, so ``replay --verify`` (headless, often scripted) starts
without loading what only the viewer draws with.
"""

from __future__ import annotations

from mygame.cli._errors import CliError
from mygame.cli._reading import read_bounded
from mygame.cli._shown import shown
from mygame.logic import MAX_RECORDING_BYTES, Recording, RecordingError, replay

__all__ = ["EXIT_UNVERIFIABLE", "load_recording", "verify_recording"]

EXIT_UNVERIFIABLE = 3
"""Exit status of ``replay --verify`` for a recording that claims nothing to check."""


def load_recording(file: str) -> Recording:
    """Read and check the recording in ``file``; raise CliError saying what is wrong."""
    data = read_bounded(file, MAX_RECORDING_BYTES, "replay")
    try:
        return Recording.from_json(data)
    except RecordingError as error:
        msg = f"cannot replay {file!r}: {error}"
        raise CliError(msg) from None


def verify_recording(file: str) -> int:
    """Replay ``file`` headless and check every claim it makes; say what was checked."""
    recording = load_recording(file)
    claims = recording.claims
    if not claims:
        msg = (
            f"cannot verify {shown(file)}: it records no score, end or course of play to check "
            "the replay against"
        )
        raise CliError(msg, EXIT_UNVERIFIABLE)
    try:
        result = replay(recording)
    except RecordingError as error:
        msg = f"{shown(file)} does not verify: {error}"
        raise CliError(msg) from None
    left_score, right_score = result.score
    ended = "ends" if result.winner is not None else "stops unfinished"
    print(
        f"ok: {shown(file)} replays to {left_score}-{right_score} and {ended} after {result.ticks} "
        f"ticks, as recorded ({', '.join(claims)} checked)"
    )
    return 0
