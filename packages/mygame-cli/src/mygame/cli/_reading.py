"""Read an input file the user names, within bounds: regular files only, never without limit.

A recording is untrusted input: its name may lead to ``/dev/zero`` (endless), a FIFO
(which would block the open or the read forever) or a huge file. The file is opened
without blocking, checked with ``fstat`` on the opened descriptor (so it cannot be
swapped between check and read), and read up to the limit plus one byte.
"""

from __future__ import annotations

import os
import stat

from mygame.cli._errors import CliError
from mygame.cli._shown import shown

__all__ = ["read_bounded"]

_KINDS = (
    (stat.S_ISDIR, "it is a folder, not a file"),
    (stat.S_ISFIFO, "it is a pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "it is a device, not a regular file"),
    (stat.S_ISBLK, "it is a device, not a regular file"),
    (stat.S_ISSOCK, "it is a socket, not a regular file"),
)
_CHUNK = 1 << 20


def _kind_problem(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    return next((text for test, text in _KINDS if test(mode)), "it is not a regular file")


def read_bounded(file: str, limit: int, verb: str) -> bytes:
    """Return the bytes of the regular file ``file`` (symlinks followed), at most ``limit``.

    Anything else (no such file, a folder, a FIFO, a device, too large, unreadable) is a
    one-line :class:`CliError` that starts ``cannot <verb> 'file':``.
    """
    where = f"cannot {verb} {shown(file)}"
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(file, flags)
    except FileNotFoundError:
        msg = f"{where}: no such file"
        raise CliError(msg) from None
    except OSError as error:
        msg = f"{where}: {error.strerror or error}"
        raise CliError(msg) from None
    try:
        info = os.fstat(fd)
        problem = _kind_problem(info.st_mode)
        if problem is not None:
            msg = f"{where}: {problem}"
            raise CliError(msg)
        if info.st_size > limit:
            msg = f"{where}: it is {info.st_size} bytes, more than the {limit} accepted"
            raise CliError(msg)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # a file may grow, or report size 0 (/proc): read to limit + 1
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            msg = f"{where}: it holds more than the {limit} bytes accepted"
            raise CliError(msg)
        return b"".join(chunks)
    except OSError as error:
        msg = f"{where}: {error.strerror or error}"
        raise CliError(msg) from None
    finally:
        os.close(fd)
