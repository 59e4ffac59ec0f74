"""``mygame replay --verify``, and the reading of a recording that ``replay`` shares.

Checking a recording needs the engine only: this module imports neither the
terminal nor the renderer, so ``replay --verify`` (headless, often scripted) starts
without loading what only the viewer draws with. It checks any number of
recordings in one process, as ``sha256sum -c`` checks files: a folder of a
tournament's recordings costs one start, not one per file.

A recording that names a program as a side's player (format 3) is checked against that
player too: it is made again from the same distribution, version and seed, and asked
every tick, as in the match. Without that distribution at that version installed, the
recording cannot be verified, and the line says what to install: never a pass.
"""

from __future__ import annotations

import sys

from mygame.cli._errors import EXIT_ERROR, CliError
from mygame.cli._guard import HEADLESS_PATIENCE, ForfeitError, Lateness
from mygame.cli._players import Chosen, close
from mygame.cli._reading import read_bounded
from mygame.cli._registry import PluginError, installed
from mygame.cli._shown import error_line, printable, shown
from mygame.logic import MAX_RECORDING_BYTES, Recording, RecordingError, replay

TYPE_CHECKING = False  # ``typing`` costs milliseconds at start-up; mypy treats this as True
if TYPE_CHECKING:
    from collections.abc import Sequence

    from mygame.cli._registry import Registry
    from mygame.logic import GameResult, Player, RecordedPlayer

__all__ = ["EXIT_UNVERIFIABLE", "load_recording", "verify_recording", "verify_recordings"]

EXIT_UNVERIFIABLE = 3
"""Exit status of ``replay --verify`` for a recording it cannot check: nothing claimed, or
a player whose distribution (at the version recorded) is not installed."""

VERIFY_PATIENCE = HEADLESS_PATIENCE
"""Seconds a replayed player may take per tick (a setting of its own for the tests)."""


def load_recording(file: str) -> Recording:
    """Read and check the recording in ``file``; raise CliError saying what is wrong."""
    data = read_bounded(file, MAX_RECORDING_BYTES, "replay")
    try:
        return Recording.from_json(data)
    except RecordingError as error:
        msg = f"cannot replay {file!r}: {error}"
        raise CliError(msg) from None


def _installed_version(distribution: str) -> str | None:
    from importlib import metadata  # only for a recording that names a program

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _replayer(
    file: str, side: str, player: RecordedPlayer, registry: Registry, recording: Recording
) -> tuple[Player, Lateness]:
    """Make ``player`` again from its distribution, or say in one line what to install."""
    dist, version, seed = player.distribution, player.version, player.seed
    # A program's (RecordedPlayer.program): its distribution, version and seed are given.
    assert dist is not None
    assert version is not None
    assert seed is not None
    entry = registry.find(dist, player.name)
    have = entry.version if entry is not None else _installed_version(dist)
    if entry is None or have != version:
        if have is None:
            found = "which is not installed"
        elif have != version:
            found = f"but {dist} {have} is installed"
        else:
            found = f"but {dist} {have} registers no player of that name"
        msg = (
            f"cannot verify {shown(file)}: its {side} player {player.name!r} came from "
            f"{dist} {version}, {found}: install {dist}=={version} and verify it again"
        )
        raise CliError(printable(msg), EXIT_UNVERIFIABLE)
    factory = entry.load()
    if not callable(factory):
        msg = f"is not a player factory: it names an object of type {type(factory).__name__}"
        raise PluginError(entry, msg)
    chosen = Chosen(entry, factory)
    lateness = chosen.lateness(recording.settings, patience=VERIFY_PATIENCE)
    return chosen.make(seed, lateness), lateness


def _replay_with_players(file: str, recording: Recording) -> tuple[GameResult, list[str]]:
    """Replay ``recording``, asking the programs it names; return the result and who was asked."""
    registry: Registry | None = None
    made: dict[str, Player] = {}
    checked: list[str] = []
    waits: list[Lateness] = []
    sides = (("left", recording.left_player), ("right", recording.right_player))
    try:
        for side, player in sides:
            if player is not None and player.program:
                registry = registry or installed()
                made[side], lateness = _replayer(file, side, player, registry, recording)
                waits.append(lateness)
                checked.append(
                    printable(
                        f"the {side} player {player.name} ({player.distribution} {player.version})"
                    )
                )
        try:
            result = replay(recording, left=made.get("left"), right=made.get("right"))
        except (RecordingError, ForfeitError) as error:
            late = next((w.text() for w in waits if w.missed), None)
            if late is not None:
                msg = f"cannot verify {shown(file)}: {late}"
                raise CliError(msg, EXIT_UNVERIFIABLE) from None
            msg = f"{shown(file)} does not verify: {error}"
            raise CliError(msg) from None
    finally:
        close(made.values())
    late = next((w.text() for w in waits if w.missed), None)
    if late is not None:  # it stayed on a tick it never answered: no proof, whatever it chose
        msg = f"cannot verify {shown(file)}: {late}"
        raise CliError(msg, EXIT_UNVERIFIABLE)
    return result, checked


def verify_recording(file: str) -> int:
    """Replay ``file`` headless and check every claim it makes; say what was checked."""
    recording = load_recording(file)
    programs = [p for p in (recording.left_player, recording.right_player) if p and p.program]
    if not recording.claims and not programs:
        msg = (
            f"cannot verify {shown(file)}: it records no score, end or course of play to check "
            "the replay against"
        )
        raise CliError(msg, EXIT_UNVERIFIABLE)
    result, checked = _replay_with_players(file, recording)
    claims = [*recording.claims, *checked]
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
