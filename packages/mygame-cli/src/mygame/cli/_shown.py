r"""User-supplied text in messages, shown safely: control characters escaped, never sent raw.

A file name such as ``$'x\e]2;PWNED\a.json'`` printed as it is would retitle the
terminal (or worse); shown through :func:`shown` it reads ``'x\x1b]2;PWNED\x07.json'``.
:func:`printable` escapes a whole message line the same way, for the last line of
defence where every error is printed (:func:`error_line`).
"""

from __future__ import annotations

import os

__all__ = ["brief", "error_line", "exception_text", "printable", "shown"]

_BRIEF = 160  # characters of another program's text in one message line
_PLAIN = (str, bytes, int, float, bool, type(None))


def shown(text: str | os.PathLike[str]) -> str:
    r"""Return ``text`` quoted, its control and other unprintable characters escaped.

    >>> print(shown("x\x1b]2;PWNED\x07.json"))
    'x\x1b]2;PWNED\x07.json'
    """
    return repr(os.fspath(text))


def printable(line: str) -> str:
    r"""Return ``line`` with every unprintable character (ESC, BEL, newline, ...) escaped.

    >>> print(printable("a\x1b[31mb"))
    a\x1b[31mb
    """
    if line.isprintable():
        return line
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in line)


def error_line(message: str) -> str:
    r"""Return ``message`` as the one line ``mygame`` prints for an error.

    Whitespace runs (newlines too) become one space; other control characters are
    escaped by :func:`printable`.

    >>> print(error_line("cannot replay 'x.json':\n  not JSON \x1b[31m"))
    mygame: error: cannot replay 'x.json': not JSON \x1b[31m
    """
    return f"mygame: error: {printable(' '.join(message.split()))}"


def _cut(text: str) -> str:
    return text if len(text) <= _BRIEF else f"{text[: _BRIEF - 3]}..."


def brief(value: object) -> str:
    """Return a short, safe description of a value another program handed us.

    A plain value (text, number, None) is shown as its ``repr``, cut short; anything
    else by its type alone, since its own ``__repr__`` could fail or never return.

    >>> brief("up"), brief(object())
    ("'up'", 'an object of type object')
    """
    if type(value) in _PLAIN:
        return _cut(repr(value))
    return f"an object of type {type(value).__name__}"


def exception_text(error: BaseException) -> str:
    """Return ``TypeName: message`` for an exception another program raised, cut short.

    >>> exception_text(ZeroDivisionError("division by zero"))
    'ZeroDivisionError: division by zero'
    """
    try:
        message = str(error)
    except Exception:  # noqa: BLE001 - its __str__ is not ours either
        message = ""
    name = type(error).__name__
    return _cut(f"{name}: {message}" if message else name)
