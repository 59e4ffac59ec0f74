"""The key decoder turns bytes, in any split, into key names."""

from __future__ import annotations

import pytest
from mygame.cli._keys import KeyDecoder


@pytest.mark.parametrize(
    ("data", "keys"),
    [
        (b"\x1b[A\x1b[B\x1b[C\x1b[D", ["up", "down", "right", "left"]),
        (b"\x1bOA\x1bOB", ["up", "down"]),
        (b"\x1b[5~\x1b[3~\x1b[1;5A", ["pageup", "delete", "up"]),
        (b"ws q", ["w", "s", " ", "q"]),
        (b"\x03\x1a\r\x7f", ["ctrl-c", "ctrl-z", "enter", "backspace"]),
        (b"\xc3\xa9", ["\xe9"]),
    ],
)
def test_complete_input_decodes_to_key_names(data: bytes, keys: list[str]) -> None:
    assert KeyDecoder().feed(data) == keys


def test_every_split_of_a_sequence_gives_the_same_keys() -> None:
    data = "w\x1b[A\x1bOBé\x1b[6~q".encode()
    for cut in range(len(data) + 1):
        decoder = KeyDecoder()
        keys = decoder.feed(data[:cut]) + decoder.feed(data[cut:])
        assert keys == ["w", "up", "down", "é", "pagedown", "q"], cut


def test_a_lone_escape_waits_then_counts_as_the_escape_key() -> None:
    decoder = KeyDecoder()
    assert decoder.feed(b"\x1b") == []
    assert decoder.pending
    assert decoder.flush() == ["escape"]
    assert not decoder.pending


def test_escape_then_a_letter_is_escape_and_the_letter() -> None:
    assert KeyDecoder().feed(b"\x1bq") == ["escape", "q"]


def test_unknown_sequences_are_dropped_without_eating_later_keys() -> None:
    assert KeyDecoder().feed(b"\x1b[99Zq\x1bOzw") == ["q", "w"]


def test_invalid_utf8_becomes_a_replacement_character_not_an_error() -> None:
    assert KeyDecoder().feed(b"\xffa") == ["\ufffd", "a"]


def test_windows_scan_codes_are_read_only_when_asked() -> None:
    assert KeyDecoder(windows_scan_codes=True).feed("\xe0H\xe0P") == ["up", "down"]
    assert KeyDecoder().feed("\xe0H") == ["\xe0", "H"]


def test_a_split_windows_scan_code_waits_for_its_second_half() -> None:
    decoder = KeyDecoder(windows_scan_codes=True)
    assert decoder.feed("\xe0") == []
    assert decoder.feed("K") == ["left"]
