"""Where a command writes (``render -o``, ``play --record``): chosen with care, written whole.

:func:`output_file` decides, before any work is done, what writing to the name given
on the command line means, and refuses with one line what it must not do:

* ``-`` is standard output;
* a new name is created; an existing regular file is replaced only with ``--force``
  (never when it is read-only), keeping its mode and, where allowed, its owner;
* a symlink is followed on purpose: its target is what gets written (a symlink to
  nothing is refused, so a planted link cannot make us create a file elsewhere);
* ``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd/1`` or ``2`` are the standard streams
  themselves: written through them, so a shell's ``>>`` appends and a closed one fails;
* a character device or FIFO (``/dev/null``, a named pipe with a reader) is written
  directly, never renamed over; anything else (an empty name too) is refused.

A regular file is written atomically: the data goes to an unnamed file in the same
folder (Linux ``O_TMPFILE``; elsewhere a ``.NAME.*.tmp`` file), is fsynced, and only
then gets the target's name, so readers see the old file or the new one, never
half. No temporary file is left behind on any exit but a kill in the middle of a
write on a system where a nameless file cannot be linked in; the named one that
leaves carries its writer's process id, and the next write into that folder removes
it once that process is gone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
from pathlib import Path

from mygame.cli._errors import CliError
from mygame.cli._shown import shown

__all__ = ["OutputFile", "output_file", "write_atomically"]

_PROC_FD = "/proc/self/fd"
_TEMP_PREFIX = ".mygame-"
_TEMP_NAME = re.compile(r"\.mygame-(?P<pid>[0-9]{1,10})-[A-Za-z0-9_]+\.tmp")
_STANDARD_NAME = re.compile(r"/dev/std(?P<name>in|out|err)|/(?:dev|proc/self)/fd/(?P<fd>[0-2])")
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX: a FIFO nobody reads fails, not hangs


class OutputFile:
    """A place to write chosen on the command line: standard output, a file or a device."""

    def __init__(
        self,
        name: str,
        target: Path | None,
        *,
        direct: bool,
        like: os.stat_result | None,
        stream: int = 1,
    ) -> None:
        """Write to ``target`` (None: the standard ``stream``); ``direct`` for devices and FIFOs.

        ``like`` is the stat of an existing file being replaced, whose mode and owner
        the new file keeps.
        """
        self.name = name
        self._target = target
        self._direct = direct
        self._like = like
        self._replace = like is not None
        self._stream = stream

    @property
    def is_stream(self) -> bool:
        """Whether this writes to standard output or error, in their encoding."""
        return self._target is None

    @property
    def rewritable(self) -> bool:
        """Whether writing again replaces the content (a regular file), not appends to it."""
        return self._target is not None and not self._direct

    def write(self, data: str) -> None:
        """Write all of ``data`` (replacing the previous content of a regular file)."""
        if self._target is None:
            (sys.stderr if self._stream == 2 else sys.stdout).write(data)
            return
        payload = data.encode()
        try:
            if self._direct:
                _write_directly(self._target, payload)
            else:
                write_atomically(self._target, payload, replace=self._replace, like=self._like)
                self._replace = True  # from now on it is our own file
        except FileExistsError:
            msg = (
                f"cannot write {shown(self.name)}: it appeared meanwhile; add --force to replace it"
            )
            raise CliError(msg) from None
        except OSError as error:
            msg = f"cannot write {shown(self.name)}: {error.strerror or error}"
            raise CliError(msg) from None


def _refuse(name: str, reason: str) -> CliError:
    return CliError(f"cannot write {shown(name)}: {reason}")


def _check_folder(name: str, folder: Path) -> None:
    try:
        mode = folder.stat().st_mode
    except FileNotFoundError:
        raise _refuse(name, f"the folder {shown(folder)} does not exist") from None
    except OSError as error:
        raise _refuse(name, f"the folder {shown(folder)}: {error.strerror}") from None
    if not stat.S_ISDIR(mode):
        raise _refuse(name, f"{shown(folder)} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _refuse(name, f"the folder {shown(folder)} is not writable")


def _standard_stream(name: str) -> int | None:
    """Return the standard stream's fd that ``name`` spells (``/dev/stdout``...), or None."""
    found = _STANDARD_NAME.fullmatch(os.path.normpath(name))
    if found is None:
        return None
    named, number = found["name"], found["fd"]
    return int(number) if number is not None else ("in", "out", "err").index(named)


def output_file(name: str, *, force: bool = False) -> OutputFile:
    """Decide what writing to ``name`` means; raise CliError (one line) if it must not be done."""
    if not name:
        raise _refuse(name, "the name is empty; give a file name, or - for standard output")
    fd = 1 if name == "-" else _standard_stream(name)
    if fd == 0:
        raise _refuse(name, "it is standard input; give a file name, or - for standard output")
    if fd is not None:  # through our own stream: the shell's append, redirect or close holds
        return OutputFile(name, None, direct=False, like=None, stream=fd)
    path = Path(name)
    try:
        info: os.stat_result | None = path.stat()  # follows symlinks, on purpose
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise _refuse(name, error.strerror or str(error)) from None
    if info is None:
        if path.is_symlink():
            raise _refuse(name, "it is a symlink to a file that does not exist; remove it first")
        _check_folder(name, path.parent)
        return OutputFile(name, path, direct=False, like=None)
    return _existing(name, path, info, force=force)


def _existing(name: str, path: Path, info: os.stat_result, *, force: bool) -> OutputFile:
    """Decide about writing to ``path``, which exists (``info`` is its stat)."""
    mode = info.st_mode
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return OutputFile(name, path, direct=True, like=None)
    if stat.S_ISDIR(mode):
        raise _refuse(name, "it is a folder; give a file name")
    if not stat.S_ISREG(mode):
        raise _refuse(name, "it is not a regular file, a terminal, a device or a FIFO")
    if not force:
        raise _refuse(name, "it exists; add --force to replace it")
    if not mode & 0o222 or not os.access(path, os.W_OK):
        raise _refuse(name, "it is read-only; make it writable first or choose another name")
    target = Path(os.path.realpath(path))
    _check_folder(name, target.parent)
    return OutputFile(name, target, direct=False, like=info)


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def _write_directly(path: Path, payload: bytes) -> None:
    """Write to a device or FIFO as it is; a FIFO nobody reads is an error, not a hang."""
    try:
        fd = os.open(path, os.O_WRONLY | _NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        if error.errno == errno.ENXIO:
            error.strerror = "it is a FIFO that no program is reading"
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):  # swapped since we looked
            raise OSError(errno.EEXIST, "it changed into a file meanwhile; run again")
        if _NONBLOCK:
            os.set_blocking(fd, True)
        _write_all(fd, payload)
    finally:
        os.close(fd)


def _open_temporary(folder: Path, *, unnamed: bool) -> tuple[int, str | None]:
    """Open a new file in ``folder``: nameless (``O_TMPFILE``) or named ``.mygame-*.tmp``."""
    if unnamed:
        return os.open(folder, os.O_TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o666), None
    _sweep_stale(folder)
    import tempfile  # here: with shutil, 7 ms of every start, and only this needs it

    fd, name = tempfile.mkstemp(prefix=f"{_TEMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=folder)
    umask = os.umask(0)
    os.umask(umask)
    Path(name).chmod(0o666 & ~umask)  # the umask's usual permissions, not mkstemp's 0600
    return fd, name


def _sweep_stale(folder: Path) -> None:
    """Remove our named temporary files whose writer is gone (killed mid-write).

    A named temporary file carries its writer's process id; SIGKILL or a power cut
    leaves it behind, so the next write into the same folder removes it. A file of a
    live process (another write under way) is left alone.
    """
    if sys.platform == "win32":  # no SIGKILL; a killed writer's file is rare there
        return
    try:
        ours = [p for p in folder.iterdir() if p.name.startswith(_TEMP_PREFIX)]
    except OSError:
        return
    for path in ours:
        match = _TEMP_NAME.fullmatch(path.name)
        if match is None or _alive(int(match["pid"])):
            continue
        with contextlib.suppress(OSError):
            path.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but is someone else's
        return True
    return True


def _name_unnamed(fd: int, target: Path) -> str:
    """Link the nameless file ``fd`` in next to ``target`` under a fresh temporary name."""
    for _ in range(100):
        name = str(target.parent / f"{_TEMP_PREFIX}{os.getpid()}-{os.urandom(6).hex()}.tmp")
        try:
            os.link(f"{_PROC_FD}/{fd}", name, follow_symlinks=True)
        except FileExistsError:
            continue
        return name
    raise FileExistsError(errno.EEXIST, "no free temporary name")  # pragma: no cover


def _link_new(temporary: str, target: Path) -> None:
    """Give ``temporary`` the name ``target`` unless ``target`` exists."""
    try:
        os.link(temporary, target)  # unlike a rename, fails if the target exists
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT): check, then rename
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST)) from None
        Path(temporary).replace(target)


def _fill(fd: int, temporary: str | None, payload: bytes, like: os.stat_result | None) -> None:
    if like is not None:
        if hasattr(os, "fchown"):  # POSIX; only root may give a file away
            with contextlib.suppress(OSError):
                os.fchown(fd, like.st_uid, like.st_gid)
        mode = stat.S_IMODE(like.st_mode)
        if temporary is None:  # nameless: O_TMPFILE, Linux, which has fchmod
            os.fchmod(fd, mode)
        else:
            Path(temporary).chmod(mode)
    _write_all(fd, payload)
    os.fsync(fd)


def write_atomically(
    path: str | os.PathLike[str],
    data: str | bytes,
    *,
    replace: bool = False,
    like: os.stat_result | None = None,
) -> Path:
    """Give ``path`` the content ``data`` in one step; return the path written.

    Without ``replace`` an existing ``path`` is never touched (FileExistsError);
    ``like`` is the stat whose mode and owner the new file takes. Where the system
    cannot create or link a nameless file (no ``O_TMPFILE``, no ``/proc``, some
    sandboxes), a named temporary file is used instead.
    """
    target = Path(path)
    payload = data.encode() if isinstance(data, str) else data
    unnamed = bool(getattr(os, "O_TMPFILE", 0)) and Path(_PROC_FD).is_dir()
    while True:
        try:
            fd, temporary = _open_temporary(target.parent, unnamed=unnamed)
        except OSError:
            if not unnamed:
                raise
            unnamed = False
            continue
        try:
            _fill(fd, temporary, payload, like)
            if temporary is None:
                try:
                    if not replace:
                        os.link(f"{_PROC_FD}/{fd}", target, follow_symlinks=True)
                        return target
                    temporary = _name_unnamed(fd, target)
                except FileExistsError:
                    raise
                except OSError:  # cannot link a nameless file here: write a named one
                    unnamed = False
                    continue
            if replace:
                Path(temporary).replace(target)
            else:
                _link_new(temporary, target)
            return target
        finally:
            os.close(fd)
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
