"""User-supplied text is shown with its control characters escaped, never raw."""

from __future__ import annotations

import pytest
from mygame.cli._shown import printable, shown

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
