"""Write output files atomically: readers see the old file or the new one, never half.

The data goes to a temporary file in the same folder (so the rename stays on one
file system), is flushed and fsynced, then ``os.replace``-d over the target: a
crash, a full disk or Ctrl-C in the middle leaves the previous file untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from mygame.cli._errors import CliError

__all__ = ["check_writable", "write_atomically"]


def check_writable(path: str | os.PathLike[str]) -> Path:
    """Fail early, before a match is played, if ``path`` could not be written later."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path()
    if target.is_dir():
        msg = f"cannot write {str(target)!r}: it is a folder; give a file name"
        raise CliError(msg)
    if not folder.is_dir():
        msg = f"cannot write {str(target)!r}: the folder {str(folder)!r} does not exist"
        raise CliError(msg)
    if not os.access(folder, os.W_OK):
        msg = f"cannot write {str(target)!r}: the folder {str(folder)!r} is not writable"
        raise CliError(msg)
    return target


def write_atomically(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Replace the file at ``path`` with ``data`` in one step; return the path written."""
    target = check_writable(path)
    payload = data.encode() if isinstance(data, str) else data
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(OSError):  # keep the umask's usual permissions, not 0600
            umask = os.umask(0)
            os.umask(umask)
            Path(temporary).chmod(0o666 & ~umask)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
