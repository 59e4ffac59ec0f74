"""Recordings: a match as its seed, settings and per-tick inputs, in a small versioned JSON.

The format (version 3)::

    {"format": "mygame-recording", "version": 3, "seed": 7,
     "settings": {"width": 80.0, ...}, "ticks": 1234,
     "left": "60s12u3d...", "right": "...", "score": [11, 4],
     "over": true, "digest": "sha256:9f86d0...",
     "players": {"left": {"name": "human", "distribution": null, "version": null,
                          "seed": null},
                 "right": {"name": "wall", "distribution": "wall-player",
                           "version": "1.0.0", "seed": 15}}}

``left`` and ``right`` are run-length encoded commands, one per tick: a letter
(``s`` stay, ``u`` up, ``d`` down) preceded by its repeat count when that is more
than 1. The claims a replay checks: ``score``, the score when recording stopped;
``over``, whether the match had ended by then; ``digest``, a digest of the course of
play (positions tick by tick, see ``_course.py``). Each may be null (unknown).
``players`` names who played each side (:class:`RecordedPlayer`), either may be null.
Version 1 (mygame-cli 1.0.0) has no ``over`` and ``digest``, version 2 (mygame-logic
1.3) no ``players``; both are still read.
Loading checks everything and raises :class:`RecordingError` saying what is wrong in
one line; it never hands the engine something it cannot play.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any, cast

from mygame.logic._checks import is_integer, seed_problem
from mygame.logic._course import DIGEST_PREFIX
from mygame.logic._errors import RecordingError, SettingsError
from mygame.logic._limits import MAX_RECORDING_BYTES, shown
from mygame.logic._players import ScriptedPlayer
from mygame.logic._plugins import RecordedPlayer, recorded_player_problem
from mygame.logic._settings import Settings
from mygame.logic._types import Command

__all__ = ["FORMAT", "MAX_TICKS", "VERSION", "Recording"]

FORMAT = "mygame-recording"
"""The value of the ``format`` key of every recording."""
VERSION = 3
"""The recording format version this release writes (it reads 1 to 3)."""
MAX_TICKS = 5_000_000
"""Longest recording accepted (about 23 hours at 60 ticks per second)."""
_MAX_RECORDED_SCORE = 1000
_LETTERS = {Command.STAY: "s", Command.UP: "u", Command.DOWN: "d"}
_COMMANDS = {"s": Command.STAY, "u": Command.UP, "d": Command.DOWN}
_RUN = re.compile(r"([1-9][0-9]{0,8})?([sud])")
_KEYS_1 = frozenset({"format", "version", "seed", "settings", "ticks", "left", "right", "score"})
_KEYS_2 = _KEYS_1 | {"over", "digest"}
_KEYS = {1: _KEYS_1, 2: _KEYS_2, 3: _KEYS_2 | {"players"}}
_SIDES = frozenset({"left", "right"})
_PLAYER_KEYS = frozenset({"name", "distribution", "version", "seed"})
_DIGEST = re.compile(re.escape(DIGEST_PREFIX) + "[0-9a-f]{64}")
_SETTINGS_KEYS = frozenset(f.name for f in fields(Settings))


@dataclass(frozen=True, slots=True)
class Recording:
    """A recorded match: enough to replay it tick for tick.

    ``left`` and ``right`` hold one :class:`Command` per tick (same length). The
    claims that :func:`replay` checks, each None if unknown: ``score``, the
    ``(left, right)`` score when the recording stopped; ``over``, whether the match had
    ended; ``digest``, the course of play as :meth:`Match.recording` digests it.
    ``left_player`` and ``right_player`` say who played each side, None if unknown.
    Get one from :meth:`Match.recording`, :meth:`from_json`, or build it directly.
    """

    seed: int
    settings: Settings
    left: tuple[Command, ...]
    right: tuple[Command, ...]
    score: tuple[int, int] | None = None
    over: bool | None = None
    digest: str | None = None
    left_player: RecordedPlayer | None = None
    right_player: RecordedPlayer | None = None

    def __post_init__(self) -> None:
        """Check types and lengths, so a recording is always replayable."""
        problem = seed_problem(self.seed)
        if problem is not None:
            msg = f"recording: {problem}"
            raise RecordingError(msg)
        if not isinstance(cast("object", self.settings), Settings):
            msg = f"recording: settings must be a Settings, got {type(self.settings).__name__}"
            raise RecordingError(msg)
        for name in ("left", "right"):
            value = getattr(self, name)
            if not isinstance(value, tuple) or not all(type(c) is Command for c in value):
                msg = f"recording: {name} must be a tuple of Command values"
                raise RecordingError(msg)
        if len(self.left) != len(self.right):
            msg = (
                f"recording: left has {len(self.left)} inputs but right has "
                f"{len(self.right)}; both need one per tick"
            )
            raise RecordingError(msg)
        if self.score is not None and not _is_score(self.score):
            msg = f"recording: score must be two counts or None, got {shown(self.score)}"
            raise RecordingError(msg)
        over = cast("object", self.over)
        if over is not None and not isinstance(over, bool):
            msg = f"recording: over must be true, false or None, got {shown(self.over)}"
            raise RecordingError(msg)
        if self.digest is not None and not (
            isinstance(self.digest, str) and _DIGEST.fullmatch(self.digest)
        ):
            msg = (
                f"recording: digest must be '{DIGEST_PREFIX}' and 64 hex digits or None, "
                f"got {shown(self.digest)}"
            )
            raise RecordingError(msg)
        _check_players(self.left_player, self.right_player)

    @property
    def ticks(self) -> int:
        """The number of ticks recorded."""
        return len(self.left)

    @property
    def claims(self) -> tuple[str, ...]:
        """What :func:`replay` can check this recording against: empty if nothing.

        Some of ``"score"``, ``"end"`` (whether the match was over) and ``"course of play"``
        (the digest); the tick count is checked always, but alone it proves little.
        """
        named = (("score", self.score), ("end", self.over), ("course of play", self.digest))
        return tuple(name for name, value in named if value is not None)

    def players(self) -> tuple[ScriptedPlayer, ScriptedPlayer]:
        """Two players that play the recorded inputs (left, right) into a new match."""
        return ScriptedPlayer(self.left), ScriptedPlayer(self.right)

    def to_json(self) -> str:
        """Return the recording as compact JSON text (format version :data:`VERSION`)."""
        data = {
            "format": FORMAT,
            "version": VERSION,
            "seed": self.seed,
            "settings": {f: getattr(self.settings, f) for f in sorted(_SETTINGS_KEYS)},
            "ticks": self.ticks,
            "left": _encode(self.left),
            "right": _encode(self.right),
            "score": list(self.score) if self.score is not None else None,
            "over": self.over,
            "digest": self.digest,
            "players": {
                "left": _player_data(self.left_player),
                "right": _player_data(self.right_player),
            },
        }
        import json

        return json.dumps(data, separators=(",", ":"), allow_nan=False) + "\n"

    @classmethod
    def from_json(cls, text: str | bytes) -> Recording:
        """Parse and check a recording; raise :class:`RecordingError` saying what is wrong."""
        data = _parse(text)
        if not isinstance(data, dict):
            msg = f"recording: expected a JSON object, got {type(data).__name__}"
            raise RecordingError(msg)
        if data.get("format") != FORMAT:
            msg = f"recording: not a mygame recording (format must be {FORMAT!r})"
            raise RecordingError(msg)
        version = data.get("version")
        if not is_integer(version) or version not in _KEYS:
            msg = (
                f"recording: unsupported version {shown(version)}; this mygame-logic reads "
                f"versions 1 to {VERSION}"
            )
            raise RecordingError(msg)
        keys = _KEYS[version]
        missing = sorted(keys - data.keys())
        unknown = sorted(shown(k) for k in data.keys() - keys)[:5]
        if missing or unknown:
            msg = f"recording: missing keys {missing}, unknown keys [{', '.join(unknown)}]"
            raise RecordingError(msg)
        problem = seed_problem(data["seed"])
        if problem is not None:
            msg = f"recording: {problem}"
            raise RecordingError(msg)
        ticks = data["ticks"]
        if not is_integer(ticks) or not 0 <= ticks <= MAX_TICKS:
            msg = f"recording: ticks must be an integer from 0 to {MAX_TICKS}, got {shown(ticks)}"
            raise RecordingError(msg)
        score = data["score"]
        if score is not None:
            if not (isinstance(score, list) and _is_score(tuple(score))):
                msg = f"recording: score must be [left, right] counts or null, got {shown(score)}"
                raise RecordingError(msg)
            score = (score[0], score[1])
        return cls(
            seed=data["seed"],
            settings=_settings(data["settings"]),
            left=_decode(data["left"], ticks, "left"),
            right=_decode(data["right"], ticks, "right"),
            score=score,
            over=data.get("over"),
            digest=data.get("digest"),
            **_read_players(data.get("players")),
        )


def _check_players(*players: object) -> None:
    for name, player in zip(("left_player", "right_player"), players, strict=True):
        if player is not None and not isinstance(player, RecordedPlayer):
            msg = f"recording: {name} must be a RecordedPlayer or None, got {shown(player)}"
            raise RecordingError(msg)


def _player_data(player: RecordedPlayer | None) -> dict[str, object] | None:
    if player is None:
        return None
    return {f: getattr(player, f) for f in ("name", "distribution", "version", "seed")}


def _read_players(raw: object) -> dict[str, RecordedPlayer | None]:
    """Read the ``players`` object of a version 3 recording (absent before: nobody known)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or raw.keys() != _SIDES:
        msg = f"recording: players must be an object with the keys left and right, got {shown(raw)}"
        raise RecordingError(msg)
    found: dict[str, RecordedPlayer | None] = {}
    for side in sorted(_SIDES):
        player = raw[side]
        if player is None:
            found[f"{side}_player"] = None
            continue
        if not isinstance(player, dict) or player.keys() != _PLAYER_KEYS:
            msg = (
                f"recording: the {side} player must be null or an object with the keys "
                f"{', '.join(sorted(_PLAYER_KEYS))}, got {shown(player)}"
            )
            raise RecordingError(msg)
        values = (player["name"], player["distribution"], player["version"], player["seed"])
        problem = recorded_player_problem(*values)
        if problem is not None:
            msg = f"recording: the {side} player's {problem}"
            raise RecordingError(msg)
        found[f"{side}_player"] = RecordedPlayer(*values)
    return found


def _is_score(score: tuple[Any, ...]) -> bool:
    return len(score) == 2 and all(is_integer(n) and 0 <= n <= _MAX_RECORDED_SCORE for n in score)


def _reject_constant(name: str) -> None:
    msg = f"recording: {name} is not a number this format allows"
    raise RecordingError(msg)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            msg = f"recording: the key {shown(key)} appears twice; which one counts is unclear"
            raise RecordingError(msg)
        data[key] = value
    return data


def _parse(text: str | bytes) -> object:
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_RECORDING_BYTES:
            msg = f"recording: too large ({len(text)} bytes; at most {MAX_RECORDING_BYTES})"
            raise RecordingError(msg)
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            msg = f"recording: not UTF-8 text ({exc.reason} at byte {exc.start})"
            raise RecordingError(msg) from None
    if not isinstance(cast("object", text), str):
        msg = f"recording: expected text or bytes, got {type(text).__name__}"
        raise RecordingError(msg)
    if len(text) > MAX_RECORDING_BYTES:
        msg = f"recording: too large ({len(text)} characters; at most {MAX_RECORDING_BYTES})"
        raise RecordingError(msg)
    import json

    try:
        return json.loads(
            text.removeprefix("\ufeff"),
            parse_constant=_reject_constant,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as exc:
        msg = f"recording: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        raise RecordingError(msg) from None
    except RecordingError:
        raise
    except RecursionError:
        msg = "recording: JSON nested too deeply"
        raise RecordingError(msg) from None
    except ValueError as exc:  # e.g. an integer literal with too many digits
        msg = f"recording: unreadable JSON value ({exc})"
        raise RecordingError(msg) from None


def _settings(raw: object) -> Settings:
    if not isinstance(raw, dict):
        msg = f"recording: settings must be a JSON object, got {type(raw).__name__}"
        raise RecordingError(msg)
    unknown = sorted(shown(k) for k in raw.keys() - _SETTINGS_KEYS)[:5]
    if unknown:
        msg = f"recording: unknown settings [{', '.join(unknown)}]; known: {sorted(_SETTINGS_KEYS)}"
        raise RecordingError(msg)
    try:
        return Settings(**raw)
    except SettingsError as exc:
        msg = f"recording: {exc}"
        raise RecordingError(msg) from None


def _encode(commands: tuple[Command, ...]) -> str:
    out: list[str] = []
    i = 0
    n = len(commands)
    while i < n:
        c = commands[i]
        j = i + 1
        while j < n and commands[j] is c:
            j += 1
        run = j - i
        out.append(f"{run}{_LETTERS[c]}" if run > 1 else _LETTERS[c])
        i = j
    return "".join(out)


def _decode(raw: object, ticks: int, name: str) -> tuple[Command, ...]:
    if not isinstance(raw, str):
        msg = f"recording: {name} must be a string of runs like '12s3u', got {type(raw).__name__}"
        raise RecordingError(msg)
    out: list[Command] = []
    total = 0
    pos = 0
    end = len(raw)
    while pos < end:
        m = _RUN.match(raw, pos)
        if m is None:
            msg = (
                f"recording: {name} has a bad run at character {pos + 1} "
                f"({raw[pos : pos + 12]!r}); runs look like '12s', 'u', '3d'"
            )
            raise RecordingError(msg)
        count = int(m.group(1)) if m.group(1) else 1
        total += count
        if total > ticks:
            msg = f"recording: {name} has more inputs than its {ticks} ticks"
            raise RecordingError(msg)
        out.extend((_COMMANDS[m.group(2)],) * count)
        pos = m.end()
    if total != ticks:
        msg = f"recording: {name} has {total} inputs but the recording says {ticks} ticks"
        raise RecordingError(msg)
    return tuple(out)
