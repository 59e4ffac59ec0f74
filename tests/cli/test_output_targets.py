"""Every kind of place ``mygame`` may be told to write to, as root and as an unprivileged user.

Each case runs the installed command and checks the bar of issue 10: at most one
line on stderr and never a traceback, a non-zero status when the write failed,
nothing replaced that should not be (devices stay devices, files keep their
content and mode, symlinks stay symlinks) and no temporary file left behind.

The file targets' processes run unmeasured (``tests/cli/conftest.py``): the code they
reach is measured in-process (``test__files.py``, ``test__commands.py``). What only a real
process reaches, a standard output that is closed, full or gone, is measured here.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .conftest import unmeasured_env

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types and users")

NOBODY = 65534
DROP = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


@dataclass
class User:
    """Who runs the command: ``prefix`` goes before it, ``uid`` owns the files it should."""

    name: str
    prefix: list[str]
    uid: int
    env: dict[str, str]


def _users() -> list[object]:
    # Which files another user may write is the kernel's business, whatever the Python.
    return ["self", pytest.param("nobody", marks=pytest.mark.once)]


@pytest.fixture(scope="session")
def nobody_cache() -> Iterator[Path]:
    """A bytecode cache uid NOBODY may write (``PYTHONPYCACHEPREFIX``), for the session.

    The sessions' cache is root's: without one of its own, every run as NOBODY
    compiled all it imports again: 0.29 CPU-seconds a render, 0.06 with a cache.
    """
    path = Path(tempfile.mkdtemp(prefix="mygame-nobody-pycache-"))
    if os.getuid() == 0:
        os.chown(path, NOBODY, NOBODY)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def nobody_env(nobody_cache: Path) -> dict[str, str]:
    """:func:`unmeasured_env` for uid NOBODY's runs, with a bytecode cache it may write.

    Coverage measures subprocesses by writing next to the repository, which this user
    may not: the same code is measured in the runs as ourselves.
    """
    return unmeasured_env() | {"PYTHONPYCACHEPREFIX": str(nobody_cache)}


@pytest.fixture(scope="session")
def nobody_refusal(mygame_script: str, nobody_env: dict[str, str]) -> str | None:
    """Why this machine cannot run mygame as uid NOBODY, or None: asked once per session."""
    if os.getuid() != 0:
        return "dropping to an unprivileged user needs root; this run is unprivileged already"
    if shutil.which("setpriv") is None:
        return "setpriv (util-linux) is not installed, so no unprivileged user can be run"
    probe = subprocess.run(
        [*DROP, mygame_script, "--version"], capture_output=True, env=nobody_env, check=False
    )
    if probe.returncode != 0:
        return f"this machine does not let uid {NOBODY} run mygame: {probe.stderr[-200:]!r}"
    return None


@pytest.fixture(params=_users())
def user(
    request: pytest.FixtureRequest,
    mygame_env: dict[str, str],
    nobody_env: dict[str, str],
    nobody_refusal: str | None,
) -> User:
    if request.param == "self":
        return User("self", [], os.getuid(), mygame_env)
    if nobody_refusal is not None:
        pytest.skip(nobody_refusal)
    return User("nobody", DROP, NOBODY, nobody_env)


@pytest.fixture
def folder(user: User) -> Iterator[Path]:
    """An empty folder the user owns (pytest's own are private to root)."""
    path = Path(tempfile.mkdtemp(prefix="mygame-targets-"))
    if user.uid != os.getuid():
        os.chown(path, user.uid, user.uid)
    yield path
    for child in path.rglob("*"):
        if child.is_dir() and not child.is_symlink():
            child.chmod(0o700)
    shutil.rmtree(path)


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Each entry's type and mode, device number and (for files) content."""
    seen = {}
    for child in folder.iterdir():
        info = child.lstat()
        mode = info.st_mode
        data = child.read_bytes() if stat.S_ISREG(mode) else b""
        seen[child.name] = (mode, info.st_rdev, data)
    return seen


@dataclass
class Outcome:
    status: int
    stdout: bytes
    stderr: str


def run(user: User, script: str, *args: str, cwd: Path, stdout: int | None = None) -> Outcome:
    result = subprocess.run(
        [*user.prefix, script, *args],
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=user.env,
        timeout=60,
        check=False,
    )
    return Outcome(result.returncode, result.stdout or b"", result.stderr.decode())


def assert_failed_in_one_line(outcome: Outcome, *words: str) -> None:
    assert outcome.status != 0, outcome
    assert "Traceback" not in outcome.stderr
    lines = outcome.stderr.splitlines()
    assert len(lines) == 1, outcome.stderr
    assert lines[0].startswith("mygame: error: ")
    for word in words:
        assert word in lines[0]


def assert_untouched(folder: Path, before: dict[str, tuple[int, int, bytes]]) -> None:
    assert snapshot(folder) == before
    assert not list(folder.rglob("*.tmp"))


def give(path: Path, user: User) -> Path:
    os.chown(path, user.uid, user.uid, follow_symlinks=False)
    return path


def new_file(folder: Path, _user: User) -> Path:
    return folder / "frame.txt"


def existing_private_file(folder: Path, user: User) -> Path:
    path = folder / "kept.txt"
    path.write_text("keep me")
    path.chmod(0o600)
    return give(path, user)


def read_only_file(folder: Path, user: User) -> Path:
    path = folder / "read-only.txt"
    path.write_text("read only")
    path.chmod(0o444)
    return give(path, user)


def symlink_to_file(folder: Path, user: User) -> Path:
    give(existing_private_file(folder, user), user)
    link = folder / "link.txt"
    link.symlink_to("kept.txt")
    return give(link, user)


def dangling_symlink(folder: Path, user: User) -> Path:
    link = folder / "dangling.txt"
    link.symlink_to("nowhere.txt")
    return give(link, user)


def fifo_without_reader(folder: Path, user: User) -> Path:
    path = folder / "pipe"
    os.mkfifo(path, 0o666)
    return give(path, user)


def device(major: int, minor: int) -> Callable[[Path, User], Path]:
    def make(folder: Path, _user: User) -> Path:
        if os.getuid() != 0:
            pytest.skip("mknod of a device node needs root")
        path = folder / f"device-{major}-{minor}"
        try:
            os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
        except PermissionError:
            pytest.skip("this machine does not allow mknod, even as root")
        path.chmod(0o666)
        return path

    make.__name__ = f"device_{major}_{minor}"
    return make


def unreadable_folder(folder: Path, user: User) -> Path:
    if user.uid == 0:
        pytest.skip("root reads every folder; the unprivileged run checks this one")
    locked = folder / "locked"
    locked.mkdir(mode=0o700)
    os.chown(locked, 0, 0)
    return locked / "inside" / "frame.txt"


@dataclass(frozen=True)
class Case:
    """One row of the matrix: how to make the target, and what writing to it must do."""

    make: Callable[[Path, User], Path]
    extra: tuple[str, ...] = ()
    succeeds: bool = False
    words: tuple[str, ...] = ()


CASES = [
    Case(new_file, succeeds=True),
    Case(existing_private_file, words=("add --force",)),
    Case(read_only_file, ("--force",), words=("read-only",)),
    Case(symlink_to_file, words=("add --force",)),
    Case(dangling_symlink, ("--force",), words=("symlink",)),
    Case(fifo_without_reader, words=("no program is reading",)),
    Case(device(1, 3), succeeds=True),  # a null device of our own
    Case(device(1, 7), words=("No space left",)),  # a full device of our own
    Case(unreadable_folder, words=("Permission denied",)),
]


@pytest.mark.unmeasured
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.make.__name__)
def test_render_to_each_kind_of_target(
    user: User, folder: Path, mygame_script: str, case: Case
) -> None:
    target = case.make(folder, user)
    before = snapshot(folder)
    outcome = run(user, mygame_script, "render", "-o", str(target), *case.extra, cwd=folder)
    if case.succeeds:
        assert outcome.status == 0, outcome
        assert outcome.stderr == ""
        after = snapshot(folder)
        for name, (mode, rdev, _) in before.items():  # devices stay devices
            assert after[name][:2] == (mode, rdev)
        assert not list(folder.rglob("*.tmp"))
    else:
        assert_failed_in_one_line(outcome, *case.words)
        assert_untouched(folder, before)


@pytest.mark.unmeasured
@pytest.mark.parametrize(
    "make", [existing_private_file, read_only_file, dangling_symlink, unreadable_folder]
)
def test_play_refuses_the_same_targets_before_the_game(
    user: User, folder: Path, mygame_script: str, make: Callable[[Path, User], Path]
) -> None:
    target = make(folder, user)
    before = snapshot(folder)
    outcome = run(user, mygame_script, "play", "--record", str(target), cwd=folder)
    assert_failed_in_one_line(outcome, "cannot write")
    assert_untouched(folder, before)


@pytest.mark.unmeasured
def test_force_replaces_through_a_symlink_and_keeps_mode_and_owner(
    user: User, folder: Path, mygame_script: str
) -> None:
    link = symlink_to_file(folder, user)
    outcome = run(user, mygame_script, "render", "-o", str(link), "--force", cwd=folder)
    assert outcome.status == 0, outcome
    assert link.is_symlink()
    kept = folder / "kept.txt"
    assert "score" not in kept.read_text()
    assert kept.read_text().count("\n") == 24
    info = kept.stat()
    assert (stat.S_IMODE(info.st_mode), info.st_uid) == (0o600, user.uid)
    assert sorted(p.name for p in folder.iterdir()) == ["kept.txt", "link.txt"]


@pytest.mark.unmeasured
def test_a_fifo_with_a_reader_gets_the_picture(
    user: User, folder: Path, mygame_script: str
) -> None:
    fifo = fifo_without_reader(folder, user)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:  # the picture (a few KiB) fits in the pipe's buffer
        outcome = run(user, mygame_script, "render", "-o", str(fifo), cwd=folder)
        received = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert outcome.status == 0, outcome
    assert received.count(b"\n") == 24
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.unmeasured
@pytest.mark.parametrize(
    "args", [["render", "-o", "/proc/version"], ["render", "-o", "/proc/version", "--force"]]
)
def test_a_proc_file_is_one_line(
    user: User, folder: Path, mygame_script: str, args: list[str]
) -> None:
    assert_failed_in_one_line(run(user, mygame_script, *args, cwd=folder), "/proc/version")


@pytest.mark.unmeasured
def test_dash_is_standard_output(user: User, folder: Path, mygame_script: str) -> None:
    outcome = run(user, mygame_script, "render", "-o", "-", cwd=folder)
    assert outcome.status == 0
    assert outcome.stdout.count(b"\n") == 24
    assert not (folder / "-").exists()


@pytest.mark.parametrize("args", [["--version"], ["render"], ["render", "--help"], ["info"]])
def test_a_full_standard_output_is_one_line(
    user: User, folder: Path, mygame_script: str, args: list[str]
) -> None:
    with Path("/dev/full").open("wb") as full:
        outcome = run(user, mygame_script, *args, cwd=folder, stdout=full.fileno())
    assert_failed_in_one_line(outcome, "No space left")


def without_stdout(user: User, script: str, *args: str, cwd: Path) -> Outcome:
    """Run ``mygame ARGS`` with fd 1 closed, as ``mygame ARGS >&-`` in a shell."""
    result = subprocess.run(
        [*user.prefix, script, *args],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=user.env,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    return Outcome(result.returncode, b"", result.stderr.decode())


@pytest.mark.parametrize("args", [["--version"], ["render"], ["render", "--help"]])
def test_a_closed_standard_output_is_one_line(
    user: User, folder: Path, mygame_script: str, args: list[str]
) -> None:
    assert_failed_in_one_line(without_stdout(user, mygame_script, *args, cwd=folder), "closed")


def test_a_closed_standard_output_does_not_receive_the_file(
    user: User, folder: Path, mygame_script: str
) -> None:
    """With fd 1 closed, the output file must not become fd 1 and get other output too."""
    result = without_stdout(user, mygame_script, "render", "-o", "frame.txt", cwd=folder)
    assert result.status == 0, result
    assert (folder / "frame.txt").read_text().count("\n") == 24


@pytest.mark.parametrize("args", [["--version"], ["render"], ["info"]])
def test_a_reader_gone_is_quiet(
    user: User, folder: Path, mygame_script: str, args: list[str]
) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        outcome = run(user, mygame_script, *args, cwd=folder, stdout=write_end)
    finally:
        os.close(write_end)
    assert outcome.status == 141
    assert outcome.stderr == ""
