"""``mygame replay --verify``, and the reading of a recording that ``replay`` shares.

Checking a recording needs the engine only: this module imports neither the
terminal nor the renderer, so ``replay --verify`` (headless, often scripted) starts
without loading what only the viewer draws with. It checks any number of
recordings in one process, as ``sha256sum -c`` checks files: a folder of a
tournament's recordings costs one start, not one per file.
"""

from __future__ import annotations

import sys

from mygame.cli._errors import EXIT_ERROR, CliError
from mygame.cli._reading import read_bounded
from mygame.cli._shown import error_line, shown
from mygame.logic import MAX_RECORDING_BYTES, Recording, RecordingError, replay

TYPE_CHECKING = False  # ``typing`` costs milliseconds at start-up; mypy treats this as True
if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["EXIT_UNVERIFIABLE", "load_recording", "verify_recording", "verify_recordings"]

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


def verify_recordings(files: Sequence[str]) -> int:
    """Verify each of ``files`` in turn: one line each, ``ok:`` or an error; return the status.

    One file fails as :func:`verify_recording` does. Of several, each is checked
    whatever the others gave; the status is 1 if any differs or cannot be read, else 3
    if any records nothing to check, else 0.
    """
    if len(files) == 1:
        return verify_recording(files[0])
    statuses: set[int] = set()
    for file in files:
        try:
            statuses.add(verify_recording(file))
        except CliError as error:
            print(error_line(error.message), file=sys.stderr)
            statuses.add(error.status)
        sys.stdout.flush()  # `2>&1` keeps the lines in the order of the files
    if EXIT_ERROR in statuses:
        return EXIT_ERROR
    return max(statuses)
