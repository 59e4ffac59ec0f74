"""The simulate progress bar: only on a terminal, only for long runs, erased at the end."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from mygame.cli import _simulate

if TYPE_CHECKING:
    import pytest


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_run_on_a_terminal_shows_a_bar_then_erases_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_simulate, "_PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(_simulate, "_PROGRESS_EVERY", 0.0)
    stream = FakeTerminal()
    progress = _simulate.Progress(4, stream)
    progress.update(2)
    assert "2/4 games" in stream.getvalue()
    assert "#" * 15 in stream.getvalue()
    progress.close()
    assert stream.getvalue().endswith("\r\x1b[2K")


def test_no_bar_when_the_stream_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_simulate, "_PROGRESS_AFTER", 0.0)
    stream = io.StringIO()
    progress = _simulate.Progress(4, stream)
    progress.update(2)
    progress.close()
    assert stream.getvalue() == ""


def test_no_bar_for_a_short_run() -> None:
    stream = FakeTerminal()
    progress = _simulate.Progress(4, stream)
    progress.update(4)  # well within the first half second
    progress.close()
    assert stream.getvalue() == ""
