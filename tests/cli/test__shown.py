"""User-supplied text is shown with its control characters escaped, never raw."""

from __future__ import annotations

import pytest
from mygame.cli._shown import brief, exception_text, printable, shown

HOSTILE = "x\x1b]2;PWNED\x07.json"


def test_shown_quotes_and_escapes_a_hostile_file_name() -> None:
    assert shown(HOSTILE) == "'x\\x1b]2;PWNED\\x07.json'"


@pytest.mark.parametrize(
    "text", [HOSTILE, "a\nb", "bidi\u202eoverride", "bad\udcffbyte", "\x9b31m"]
)
def test_printable_leaves_no_unprintable_character(text: str) -> None:
    line = printable(text)
    assert line.isprintable()
    assert line.encode("utf-8")  # no lone surrogate left to crash the print


def test_printable_keeps_ordinary_text_as_it_is() -> None:
    assert printable("cannot write 'é.json': it exists") == "cannot write 'é.json': it exists"


class SulkyError(Exception):
    def __str__(self) -> str:
        msg = "no message today"
        raise RuntimeError(msg)


def test_another_programs_exception_is_its_type_and_message_cut_short() -> None:
    assert exception_text(ValueError("x" * 500)).startswith("ValueError: xxx")
    assert len(exception_text(ValueError("x" * 500))) == 160
    assert exception_text(KeyError()) == "KeyError"
    assert exception_text(SulkyError()) == "SulkyError"  # its __str__ fails: the type is enough


def test_another_programs_value_is_shown_only_when_plain() -> None:
    assert brief(1) == "1"
    assert brief(None) == "None"
    assert brief([1, 2]) == "an object of type list"
