"""The Windows console in game mode: msvcrt for keys, virtual-terminal mode for output.

Windows 10+ consoles understand the same escape sequences as POSIX terminals once
``ENABLE_VIRTUAL_TERMINAL_PROCESSING`` is set on the output handle; with
``ENABLE_VIRTUAL_TERMINAL_INPUT`` on the input handle, arrow keys arrive as
``ESC [ A`` too. Both modes are saved on entry and restored on exit (as Textual's
``drivers/win32.py`` does). There are no SIGWINCH or SIGTSTP: the size is polled.

This module is imported only on Windows; check it with ``mypy --platform win32``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Self

from mygame.cli._console import SCREEN_ENTER, SCREEN_LEAVE
from mygame.cli._errors import CliError
from mygame.cli._keys import ESCAPE_TIMEOUT, KeyDecoder

if TYPE_CHECKING:
    from types import TracebackType

__all__ = ["WindowsConsole"]

assert sys.platform == "win32"  # tells mypy (and readers) this is Windows-only

import ctypes
import msvcrt
import shutil
import time
from ctypes import wintypes

_STD_INPUT_HANDLE = -10
_STD_OUTPUT_HANDLE = -11
_ENABLE_PROCESSED_INPUT = 0x0001
_ENABLE_LINE_INPUT = 0x0002
_ENABLE_ECHO_INPUT = 0x0004
_ENABLE_VIRTUAL_TERMINAL_INPUT = 0x0200
_ENABLE_PROCESSED_OUTPUT = 0x0001
_ENABLE_VIRTUAL_TERMINAL_PROCESSING = 0x0004
_WAIT_OBJECT_0 = 0
_MILLISECONDS = 1000


class WindowsConsole:
    """The console window, in game mode while the ``with`` lasts."""

    def __init__(
        self, command: str, *, enter: bytes = SCREEN_ENTER, leave: bytes = SCREEN_LEAVE
    ) -> None:
        """Prepare game mode for ``mygame <command>``."""
        self._command = command
        self._enter_bytes = enter
        self._leave_bytes = leave
        self._kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        self._in = self._kernel32.GetStdHandle(_STD_INPUT_HANDLE)
        self._out = self._kernel32.GetStdHandle(_STD_OUTPUT_HANDLE)
        self._saved_in: int | None = None
        self._saved_out: int | None = None
        self._decoder = KeyDecoder(windows_scan_codes=True)
        self._last_key = 0.0
        self._size = (0, 0)
        self._repaint = True

    def _get_mode(self, handle: int) -> int | None:
        mode = wintypes.DWORD()
        if not self._kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return None
        return int(mode.value)

    def __enter__(self) -> Self:
        """Enter game mode; raise CliError when there is no console window."""
        self._saved_in = self._get_mode(self._in)
        self._saved_out = self._get_mode(self._out)
        if self._saved_in is None or self._saved_out is None:
            msg = (
                f"'mygame {self._command}' needs an interactive console, but input or output "
                "is redirected: run it in a terminal, or use 'mygame simulate'"
            )
            raise CliError(msg)
        raw_in = self._saved_in & ~(
            _ENABLE_LINE_INPUT | _ENABLE_ECHO_INPUT | _ENABLE_PROCESSED_INPUT
        )
        self._kernel32.SetConsoleMode(self._in, raw_in | _ENABLE_VIRTUAL_TERMINAL_INPUT)
        vt_out = self._saved_out | _ENABLE_PROCESSED_OUTPUT | _ENABLE_VIRTUAL_TERMINAL_PROCESSING
        if not self._kernel32.SetConsoleMode(self._out, vt_out):
            self._kernel32.SetConsoleMode(self._in, self._saved_in)
            msg = "this console does not understand escape sequences: use Windows Terminal"
            raise CliError(msg)
        self.write(self._enter_bytes)
        self._size = self.size()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Leave the alternate screen, then restore both console modes, in reverse."""
        try:
            self.write(self._leave_bytes)
        finally:
            if self._saved_out is not None:
                self._kernel32.SetConsoleMode(self._out, self._saved_out)
            if self._saved_in is not None:
                self._kernel32.SetConsoleMode(self._in, self._saved_in)

    def take_repaint(self) -> bool:
        """Return whether a full repaint is due (entry or a resize), and clear it."""
        size = self.size()
        if size != self._size:
            self._size = size
            self._repaint = True
        repaint, self._repaint = self._repaint, False
        return repaint

    def size(self) -> tuple[int, int]:
        """Return the console's (columns, rows)."""
        size = shutil.get_terminal_size()
        return size.columns, size.lines

    def write(self, data: bytes) -> None:
        """Write all of ``data`` (one frame, UTF-8) to the console, whatever its code page.

        ``os.write`` would hand the bytes to the console's code page (often cp437);
        stdout's binary buffer is the console object of PEP 528, which takes UTF-8 and
        writes UTF-16 with ``WriteConsoleW``.
        """
        buffer = sys.stdout.buffer
        buffer.write(data)
        buffer.flush()

    def read_keys(self, timeout: float) -> list[str]:
        """Wait up to ``timeout`` s (without spinning) for keys; return the complete ones."""
        if self._decoder.pending:
            waited = time.monotonic() - self._last_key
            if waited >= ESCAPE_TIMEOUT:
                return self._decoder.flush()
            timeout = min(timeout, ESCAPE_TIMEOUT - waited)
        waited_ms = max(0, int(timeout * _MILLISECONDS))
        if self._kernel32.WaitForSingleObject(self._in, waited_ms) != _WAIT_OBJECT_0:
            if self._decoder.pending and time.monotonic() - self._last_key >= ESCAPE_TIMEOUT:
                return self._decoder.flush()
            return []
        chars = []
        while msvcrt.kbhit():
            chars.append(msvcrt.getwch())
        if not chars:  # a mouse or focus event woke us: nothing to read
            time.sleep(min(timeout, 0.001))
            return []
        self._last_key = time.monotonic()
        return self._decoder.feed("".join(chars))

    def suspend(self) -> None:
        """Windows consoles have no job control: Ctrl-Z does nothing."""
