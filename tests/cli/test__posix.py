"""The termios mode of a game: single keys, no echo, no signal keys, output untouched."""

from __future__ import annotations

import os
import sys
import threading
from typing import TYPE_CHECKING, Any

import pytest
from mygame.cli._errors import CliError

if TYPE_CHECKING:
    from pathlib import Path

if sys.platform == "win32":
    pytest.skip("POSIX termios", allow_module_level=True)

import pty
import termios

from mygame.cli._posix import PosixTerminal, game_mode


class Screen:
    """Drains a pty's master side, as a terminal emulator does (TCSADRAIN waits for it)."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.data = bytearray()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            if not chunk:
                return
            self.data += chunk


def test_game_mode_clears_the_line_discipline_and_keeps_output_processing() -> None:
    cooked: list[Any] = [
        termios.ICRNL | termios.IXON | termios.BRKINT,
        termios.OPOST | termios.ONLCR,
        termios.CS8,
        termios.ICANON | termios.ECHO | termios.ISIG | termios.IEXTEN | termios.ECHOE,
        38400,
        38400,
        [b"\x00"] * 32,
    ]
    mode = game_mode(cooked)
    assert mode[0] == termios.BRKINT
    assert mode[1] == cooked[1]
    assert mode[3] == termios.ECHOE
    assert mode[6][termios.VMIN] == 1
    assert mode[6][termios.VTIME] == 0
    assert cooked[3] & termios.ICANON  # the saved attributes are left alone


class TestPosixTerminal:
    """The context manager on a real pty pair, in-process."""

    def test_enter_sets_game_mode_and_exit_restores_it_exactly(self) -> None:
        master, slave = pty.openpty()
        screen = Screen(master)
        try:
            before = termios.tcgetattr(slave)
            terminal = PosixTerminal("test", enter=b"<enter>", leave=b"<leave>", stdin=slave,
                                     stdout=slave)  # fmt: skip
            with terminal:
                during = termios.tcgetattr(slave)
                assert not during[3] & termios.ICANON
                assert terminal.take_repaint()
                assert not terminal.take_repaint()
                os.write(master, b"w\x1b[A")
                assert terminal.read_keys(1.0) == ["w", "up"]
                assert terminal.read_keys(0.0) == []
                os.write(master, b"\x1b")
                assert terminal.read_keys(1.0) == []  # maybe the start of a sequence...
                assert terminal.read_keys(1.0) == ["escape"]  # ...no: a lone Escape
                terminal.write(b"frame")
                columns, rows = terminal.size()
                assert columns >= 0
                assert rows >= 0
            assert termios.tcgetattr(slave) == before
        finally:
            os.close(slave)
            screen.thread.join(timeout=5)
            os.close(master)
        written = bytes(screen.data)
        assert written.index(b"<enter>") < written.index(b"frame") < written.index(b"<leave>")

    def test_a_file_instead_of_a_terminal_is_refused(self, tmp_path: Path) -> None:
        fd = os.open(tmp_path / "f", os.O_CREAT | os.O_RDWR)
        try:
            with pytest.raises(CliError, match="needs an interactive terminal"):
                PosixTerminal("play", stdin=fd, stdout=fd).__enter__()
        finally:
            os.close(fd)

    def test_an_exception_inside_still_restores_the_terminal(self) -> None:
        master, slave = pty.openpty()
        screen = Screen(master)
        try:
            before = termios.tcgetattr(slave)
            terminal = PosixTerminal("test", enter=b"<enter>", leave=b"<leave>", stdin=slave,
                                     stdout=slave)  # fmt: skip
            with pytest.raises(ZeroDivisionError), terminal:
                _ = 1 / 0
            assert termios.tcgetattr(slave) == before
        finally:
            os.close(slave)
            screen.thread.join(timeout=5)
            os.close(master)
        assert bytes(screen.data).endswith(b"<leave>")
