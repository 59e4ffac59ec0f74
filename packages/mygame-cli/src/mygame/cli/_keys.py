"""Decode keyboard bytes into key names, incrementally.

Bytes arrive in arbitrary pieces: a UTF-8 character or an escape sequence can be
split between two reads. :class:`KeyDecoder` keeps what is incomplete until the
next :meth:`~KeyDecoder.feed`, and tells a lone Escape from the start of a
sequence by a short timeout (:meth:`~KeyDecoder.flush`), as terminal editors do.

Keys are plain strings: a printable character (``"w"``, ``"é"``), or a name:
``"up"``, ``"down"``, ``"left"``, ``"right"``, ``"home"``, ``"end"``, ``"escape"``,
``"enter"``, ``"tab"``, ``"backspace"``, ``"ctrl-c"``, ``"ctrl-z"``...
"""

from __future__ import annotations

import codecs

__all__ = ["ESCAPE_TIMEOUT", "KeyDecoder"]

ESCAPE_TIMEOUT = 0.05
"""Seconds after a lone ESC before it counts as the Escape key (sequences arrive at once)."""

_ESC = "\x1b"
_CSI_FINAL = {"A": "up", "B": "down", "C": "right", "D": "left", "H": "home", "F": "end"}
_SS3_FINAL = {**_CSI_FINAL, "P": "f1", "Q": "f2", "R": "f3", "S": "f4"}
_TILDE = {"1": "home", "2": "insert", "3": "delete", "4": "end", "5": "pageup", "6": "pagedown"}
_CONTROL = {
    "\r": "enter",
    "\n": "enter",
    "\t": "tab",
    "\x7f": "backspace",
    "\x08": "backspace",
    "\x00": "ctrl-space",
}
# Windows consoles without virtual-terminal input report special keys as a prefix
# (\x00 or \xe0) followed by a scan code letter.
_WINDOWS_PREFIXES = frozenset("\xe0")
_WINDOWS_SCAN = {"H": "up", "P": "down", "K": "left", "M": "right", "G": "home", "O": "end"}


def _control_name(char: str) -> str:
    if char in _CONTROL:
        return _CONTROL[char]
    return f"ctrl-{chr(ord(char) + 96)}"


class KeyDecoder:
    r"""Turn chunks of bytes (or text) into key names, keeping incomplete input.

    >>> decoder = KeyDecoder()
    >>> decoder.feed(b"w\\x1b[A\\x1bO")
    ['w', 'up']
    >>> decoder.feed(b"B")
    ['down']
    """

    def __init__(self, *, windows_scan_codes: bool = False) -> None:
        """Start with nothing pending; ``windows_scan_codes`` reads Windows arrow codes."""
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""
        self._prefixes = _WINDOWS_PREFIXES if windows_scan_codes else frozenset()

    @property
    def pending(self) -> bool:
        """Whether an incomplete escape sequence waits for more input or the timeout."""
        return bool(self._pending)

    def feed(self, data: bytes | str) -> list[str]:
        """Decode ``data`` and return the complete keys in it, in order."""
        text = data if isinstance(data, str) else self._utf8.decode(data)
        self._pending += text
        keys, self._pending = _parse(self._pending, self._prefixes, final=False)
        return keys

    def flush(self) -> list[str]:
        """Give up waiting: a pending ESC is the Escape key, the rest is decoded as is."""
        keys, self._pending = _parse(self._pending, self._prefixes, final=True)
        return keys


def _parse(text: str, prefixes: frozenset[str], *, final: bool) -> tuple[list[str], str]:  # noqa: C901 - one small state machine
    keys: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == _ESC:
            consumed, key = _escape(text, i)
            if consumed == 0:  # incomplete: wait, unless we were told to stop waiting
                if not final:
                    return keys, text[i:]
                keys.append("escape")
                i += 1
                continue
            if key:
                keys.append(key)
            i += consumed
        elif char in prefixes:
            if i + 1 >= len(text):
                if not final:
                    return keys, text[i:]
                i += 1
                continue
            scan = _WINDOWS_SCAN.get(text[i + 1])
            if scan:
                keys.append(scan)
            i += 2
        elif char < " " or char == "\x7f":
            keys.append(_control_name(char))
            i += 1
        else:
            keys.append(" " if char == " " else char)
            i += 1
    return keys, ""


def _escape(text: str, start: int) -> tuple[int, str | None]:  # noqa: PLR0911 - one return per kind of sequence
    """Parse the sequence at ``text[start] == ESC``: (characters used, key or None).

    Returns ``(0, None)`` when the sequence may still be incomplete.
    """
    if start + 1 >= len(text):
        return 0, None
    kind = text[start + 1]
    if kind == "[":
        # CSI: parameters 0x30-0x3F, intermediates 0x20-0x2F, then one final 0x40-0x7E.
        j = start + 2
        while j < len(text) and "\x20" <= text[j] <= "\x3f":
            j += 1
        if j >= len(text):
            return 0, None
        final = text[j]
        if not "\x40" <= final <= "\x7e":
            return j - start, None  # malformed: drop what we read
        params = text[start + 2 : j]
        if final == "~":
            return j - start + 1, _TILDE.get(params.split(";")[0])
        return j - start + 1, _CSI_FINAL.get(final)
    if kind == "O":
        if start + 2 >= len(text):
            return 0, None
        return 3, _SS3_FINAL.get(text[start + 2])
    if kind == _ESC:
        return 1, "escape"
    # ESC followed by an ordinary key: Alt+key. Report it as Escape then the key.
    return 1, "escape"
