"""The POSIX terminal in game mode: one context manager owns it, and always gives it back.

On entry: save the termios attributes, switch off echo, canonical mode, signal keys
and flow control (the keys ``Ctrl-C``/``Ctrl-Z`` arrive as bytes and are handled by
the game), enter the alternate screen, hide the cursor, stop line wrap. On every
way out (normal exit, exception, Ctrl-C, SIGTERM/SIGHUP) undo it in reverse order,
with ``TCSADRAIN`` so no keystroke typed meanwhile is lost. Ctrl-Z gives the
terminal back before the process stops and takes it again, repainting, on SIGCONT.
SIGWINCH only sets a flag that the loop reads through :meth:`take_repaint`.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import time
from typing import TYPE_CHECKING, Any, Self

from mygame.cli._console import SCREEN_ENTER, SCREEN_LEAVE
from mygame.cli._errors import CliError, Terminated
from mygame.cli._keys import ESCAPE_TIMEOUT, KeyDecoder

if TYPE_CHECKING:
    from types import FrameType, TracebackType

    _Handler = signal.Handlers | int | signal._HANDLER  # noqa: SLF001 - typeshed's name

__all__ = ["PosixTerminal", "game_mode"]

assert sys.platform != "win32"  # tells mypy (and readers) this is POSIX-only

import termios

_IFLAG, _OFLAG, _CFLAG, _LFLAG, _ISPEED, _OSPEED, _CC = range(7)
_READ_SIZE = 4096
_HANDLED = (signal.SIGTERM, signal.SIGHUP, signal.SIGTSTP, signal.SIGCONT, signal.SIGWINCH)


def game_mode(attributes: list[Any]) -> list[Any]:
    """Return a copy of termios ``attributes`` for reading single keys without echo.

    Like Textual's linux driver and prompt_toolkit: clear ECHO, ICANON, IEXTEN and
    ISIG; clear IXON/IXOFF (Ctrl-S/Ctrl-Q reach us) and CR/NL translation; read as
    soon as one byte is there (VMIN=1, VTIME=0). Output processing stays on.
    """
    mode = list(attributes)
    iflag: int = mode[_IFLAG]
    lflag: int = mode[_LFLAG]
    cc: list[bytes | int] = list(mode[_CC])
    mode[_IFLAG] = iflag & ~(
        termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR | termios.IGNCR
    )
    mode[_LFLAG] = lflag & ~(termios.ECHO | termios.ICANON | termios.IEXTEN | termios.ISIG)
    cc[termios.VMIN] = 1
    cc[termios.VTIME] = 0
    mode[_CC] = cc
    return mode


class PosixTerminal:
    """The controlling terminal on stdin/stdout, in game mode while the ``with`` lasts."""

    def __init__(
        self,
        command: str,
        *,
        enter: bytes = SCREEN_ENTER,
        leave: bytes = SCREEN_LEAVE,
        stdin: int = 0,
        stdout: int = 1,
    ) -> None:
        """Use the file descriptors ``stdin`` and ``stdout``, for ``mygame <command>``."""
        self._command = command
        self._enter_bytes = enter
        self._leave_bytes = leave
        self._in = stdin
        self._out = stdout
        self._saved: list[Any] | None = None
        self._handlers: dict[int, _Handler | None] = {}
        self._decoder = KeyDecoder()
        self._last_byte = 0.0
        self._repaint = True
        self._entered = False

    # -- entering and leaving -------------------------------------------------

    def __enter__(self) -> Self:
        """Enter game mode; raise CliError when stdin or stdout is not a terminal."""
        if not (os.isatty(self._in) and os.isatty(self._out)):
            msg = (
                f"'mygame {self._command}' needs an interactive terminal, but "
                f"{'stdin' if not os.isatty(self._in) else 'stdout'} is not one: run it in a "
                "terminal, or use 'mygame simulate' for headless matches"
            )
            raise CliError(msg)
        self._saved = termios.tcgetattr(self._in)
        for signum in _HANDLED:
            self._handlers[signum] = signal.signal(signum, self._on_signal)
        try:
            self._enter()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Leave game mode with signals held, then put the old signal handlers back."""
        # Hold the signals while restoring, so a second SIGTERM cannot cut it short;
        # one that arrived meanwhile goes to the original handler afterwards.
        old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, _HANDLED)
        try:
            self._leave()
        finally:
            for signum, handler in self._handlers.items():
                signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
            self._handlers.clear()
            signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)

    def _enter(self) -> None:
        assert self._saved is not None
        termios.tcsetattr(self._in, termios.TCSADRAIN, game_mode(self._saved))
        self._entered = True
        self.write(self._enter_bytes)
        self._repaint = True

    def _leave(self) -> None:
        if not self._entered or self._saved is None:
            return
        self._entered = False
        try:
            self.write(self._leave_bytes)
        finally:
            with contextlib.suppress(termios.error):  # the terminal may be gone (SIGHUP)
                termios.tcsetattr(self._in, termios.TCSADRAIN, self._saved)

    # -- signals --------------------------------------------------------------

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if signum in {signal.SIGTERM, signal.SIGHUP}:
            raise Terminated(signum)
        if signum == signal.SIGTSTP:
            self.suspend()
        elif signum == signal.SIGCONT:
            # Continued after a stop we did not see coming (SIGSTOP): take the terminal again.
            if self._saved is not None and self._handlers:
                self._enter()
        else:  # SIGWINCH
            self._repaint = True

    def suspend(self) -> None:
        """Restore the terminal, stop like the default SIGTSTP; re-enter game mode on SIGCONT."""
        self._leave()
        previous = signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        try:
            os.kill(os.getpid(), signal.SIGTSTP)  # stops here until SIGCONT
        finally:
            signal.signal(signal.SIGTSTP, previous)
        if not self._entered:
            self._enter()

    # -- the Console protocol ---------------------------------------------------

    def take_repaint(self) -> bool:
        """Return whether a full repaint is due (entry, resize, resume), and clear it."""
        repaint, self._repaint = self._repaint, False
        return repaint

    def size(self) -> tuple[int, int]:
        """Return the terminal's (columns, rows)."""
        size = os.get_terminal_size(self._out)
        return size.columns, size.lines

    def write(self, data: bytes) -> None:
        """Write all of ``data`` (one frame) to the terminal."""
        view = memoryview(data)
        while view:
            written = os.write(self._out, view)
            view = view[written:]

    def _flush_lone_escape(self) -> list[str]:
        """After a quiet ESCAPE_TIMEOUT, a pending ESC is the Escape key."""
        if self._decoder.pending and time.monotonic() - self._last_byte >= ESCAPE_TIMEOUT:
            return self._decoder.flush()
        return []

    def read_keys(self, timeout: float) -> list[str]:
        """Wait up to ``timeout`` s for input, drain it all, return the complete keys."""
        if self._decoder.pending:
            waited = time.monotonic() - self._last_byte
            if waited >= ESCAPE_TIMEOUT:
                return self._decoder.flush()
            timeout = min(timeout, ESCAPE_TIMEOUT - waited)
        ready, _, _ = select.select([self._in], [], [], max(0.0, timeout))
        if not ready:
            return self._flush_lone_escape()
        chunks = []
        while ready:
            chunk = os.read(self._in, _READ_SIZE)
            if not chunk:  # end of file: the terminal is gone
                raise Terminated(signal.SIGHUP)
            chunks.append(chunk)
            ready, _, _ = select.select([self._in], [], [], 0)
        self._last_byte = time.monotonic()
        return self._decoder.feed(b"".join(chunks))
