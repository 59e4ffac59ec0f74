"""A seeded corpus of hostile and edited recordings, and an oracle of the course of play.

Shared by the library fuzz test (``tests/logic/test_recording_fuzz.py``, in-process, many inputs)
and the command-line one (``tests/cli/test_replay_fuzz.py``, fewer, through ``mygame``).
Every mutant is ``(label, bytes, tamper)``: ``tamper`` is True for edits meant to change
what the recording claims (inputs, settings, seed, score); those that still parse are
judged by :func:`course`, independently of the recording's own digest.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from mygame.logic import ComputerPlayer, Difficulty, GameState, Match, Recording, Settings

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["Mutant", "base_recording", "course", "mutants"]

Mutant = tuple[str, bytes, bool]

HUGE = [
    "1" + "0" * 400,
    "-" + "1" * 400,
    "9" * 5000,
    "1e999",
    "-1e999",
    "Infinity",
    "-Infinity",
    "NaN",
    "1e308",
    "-1",
    "0",
    "9223372036854775808",
    "-9223372036854775808",
    "1.5",
    "-0.0",
]
WRONG_TYPES = ["[]", "{}", '"x"', "true", "false", "null", "[1,2,3]", '{"a":1}']


def base_recording(seed: int = 252, target: int = 2) -> bytes:
    """Return a short finished match (hard against medium), as the current writer saves it."""
    m = Match(Settings(target_score=target), seed=seed, record=True)
    m.run(ComputerPlayer(Difficulty.HARD, 1), ComputerPlayer(Difficulty.MEDIUM, 2))
    return m.recording().to_json().encode()


def course(recording: Recording) -> tuple[str, tuple[int, int], bool]:
    """Return what happened: a hash of every state tick by tick, the score, whether it ended.

    Plays the recorded inputs with a plain :class:`Match`, stopping where the match ends
    (inputs after the end are themselves a reason to reject, judged by the caller).
    """
    m = Match(recording.settings, recording.seed)
    digest = hashlib.sha256()
    for left, right in zip(recording.left, recording.right, strict=True):
        if m.over:
            digest.update(b"inputs after the end")
            break
        m.advance(left, right)
        # The live match read through MatchView, the state's fields without a snapshot
        # object per tick (a GameState each tick was most of the oracle's time).
        digest.update(repr(_read_state(m)).encode())
    return digest.hexdigest(), m.score, m.over


_STATE_FIELDS = tuple(f.name for f in fields(GameState) if f.name not in {"settings", "seed"})
_read_state = attrgetter(*_STATE_FIELDS)


def _dump(data: object) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode()


def _with_literal(data: dict[str, Any], path: tuple[str, ...], literal: str) -> bytes:
    """Return ``data`` as JSON with the value at ``path`` replaced by raw JSON ``literal``."""
    marker = "@@LITERAL@@"
    copy: dict[str, Any] = json.loads(json.dumps(data))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = marker
    return _dump(copy).replace(f'"{marker}"'.encode(), literal.encode())


def _number_paths(data: dict[str, Any]) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = [("seed",), ("ticks",), ("version",)]
    paths += [("settings", name) for name in sorted(data["settings"])]
    if isinstance(data.get("score"), list):
        paths += [("score", "0"), ("score", "1")]
    return paths


def _set(data: dict[str, Any], path: tuple[str, ...], value: object) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(data))
    if path[0] == "score" and len(path) == 2:
        copy["score"][int(path[1])] = value
        return copy
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copy


def _literal_in_place(data: dict[str, Any], path: tuple[str, ...], literal: str) -> bytes:
    if path[0] == "score" and len(path) == 2:
        score = list(data["score"])
        score[int(path[1])] = "@@SCORE@@"
        return _with_literal(data, ("score",), json.dumps(score)).replace(
            b'"@@SCORE@@"', literal.encode()
        )
    return _with_literal(data, path, literal)


def _expand(text: str) -> list[str]:
    """Return the commands of a run-length string, one letter per tick."""
    return [c * int(n or 1) for n, c in re.findall(r"([0-9]*)([sud])", text)]


def _compress(commands: list[str]) -> str:
    out: list[str] = []
    for c in "".join(commands):
        if out and out[-1][-1] == c:
            out[-1] += c
        else:
            out.append(c)
    return "".join(f"{len(r)}{r[0]}" if len(r) > 1 else r for r in out)


def _flip_input(text: str, tick: int, new: str) -> str:
    """Return the run-length string ``text`` with the command at ``tick`` set to ``new``."""
    expanded = list("".join(_expand(text)))
    expanded[tick] = new
    return _compress(expanded)


def _structural(base: bytes, rng: random.Random) -> Iterator[Mutant]:
    n = len(base)
    for cut in sorted({*range(0, n, max(1, n // 40)), n - 1, n - 2, n // 2}):
        yield f"truncated at {cut}", base[:cut], False
    for i in range(60):
        pos = rng.randrange(n)
        flipped = bytearray(base)
        flipped[pos] ^= 1 << rng.randrange(8)
        yield f"bit flip {i} at {pos}", bytes(flipped), False
    for i in range(20):
        pos = rng.randrange(n)
        yield (
            f"byte {i} set at {pos}",
            base[:pos] + bytes([rng.randrange(256)]) + base[pos + 1 :],
            False,
        )
    text = base.decode()
    yield "UTF-16", text.encode("utf-16"), False
    yield "UTF-16-LE", text.encode("utf-16-le"), False
    yield "UTF-32", text.encode("utf-32"), False
    yield "UTF-8 BOM", b"\xef\xbb\xbf" + base, False
    yield "invalid UTF-8", base[:10] + b"\xff\xfe\xc0" + base[10:], False
    yield "lone surrogate", base.replace(b'"mygame-recording"', b'"\\ud800"'), False
    yield "empty", b"", False
    yield "whitespace", b"   \n", False
    yield "NUL bytes", b"\0" * 1000, False
    yield "deep list", b"[" * 100_000 + b"]" * 100_000, False
    yield "deep object", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, False
    data = json.loads(base)
    yield "deep settings", _with_literal(data, ("settings",), "[" * 50_000 + "]" * 50_000), False
    yield "top-level list", b"[1,2]", False
    yield "top-level number", b"1" + b"0" * 400, False
    yield "duplicate seed", base.replace(b'"seed":', b'"seed":1,"seed":', 1), True
    yield "duplicate score", base.rstrip(b"}\n") + b',"score":null}', True
    yield "long run count", _dump(_set(data, ("left",), "999999999s" * 10)), False
    yield "huge left", _dump(_set(data, ("left",), "s" * 3_000_000)), False


def _numbers(data: dict[str, Any]) -> Iterator[Mutant]:
    for path in _number_paths(data):
        name = ".".join(path)
        for literal in HUGE:
            yield f"{name} = {literal[:12]}", _literal_in_place(data, path, literal), True
        for literal in WRONG_TYPES:
            yield f"{name} = {literal}", _literal_in_place(data, path, literal), True
    for key in sorted(data):
        for literal in WRONG_TYPES:
            yield f"{key} = {literal}", _with_literal(data, (key,), literal), True
        trimmed = {k: v for k, v in data.items() if k != key}
        yield f"no {key}", _dump(trimmed), True


def _semantic(data: dict[str, Any], rng: random.Random) -> Iterator[Mutant]:
    s = data["settings"]
    yield "score null", _dump(_set(data, ("score",), None)), True
    yield "score 0-0", _dump(_set(data, ("score",), [0, 0])), True
    for delta in (-1, 1, 2):
        yield (
            f"target {delta:+}",
            _dump(_set(data, ("settings", "target_score"), s["target_score"] + delta)),
            True,
        )
    yield (
        "win_by_two toggled",
        _dump(_set(data, ("settings", "win_by_two"), not s["win_by_two"])),
        True,
    )
    for name in sorted(s):
        value = s[name]
        if isinstance(value, bool):
            continue
        for factor in (0.9, 1.01, 1.1):
            new = type(value)(value * factor) if isinstance(value, float) else value + 1
            yield f"{name} x{factor}", _dump(_set(data, ("settings", name), new)), True
    yield "seed + 1", _dump(_set(data, ("seed",), data["seed"] + 1)), True
    yield "sides swapped", _dump({**data, "left": data["right"], "right": data["left"]}), True
    ticks = data["ticks"]
    for side in ("left", "right"):
        for _ in range(25):
            tick = rng.randrange(ticks)
            new = rng.choice("sud")
            edited = _flip_input(data[side], tick, new)
            if edited != data[side]:
                yield f"{side} input {tick} -> {new}", _dump({**data, side: edited}), True
    for cut in (1, 10, ticks // 2):
        shorter = {
            **data,
            "ticks": ticks - cut,
            "left": _compress(list("".join(_expand(data["left"])))[: ticks - cut]),
            "right": _compress(list("".join(_expand(data["right"])))[: ticks - cut]),
        }
        yield f"last {cut} ticks dropped", _dump(shorter), True


def mutants(base: bytes, seed: int = 10) -> list[Mutant]:
    """Every mutant of ``base`` (a recording as JSON bytes), the same list for a seed."""
    rng = random.Random(seed)  # noqa: S311 (a reproducible corpus, not a secret)
    data = json.loads(base)
    return [*_structural(base, rng), *_numbers(data), *_semantic(data, rng)]
