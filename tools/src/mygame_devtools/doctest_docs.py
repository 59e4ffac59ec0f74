"""Run the commands and snippets of the docs, and fail when a page drifts from the code.

Usage: ``python -m mygame_devtools.doctest_docs [PAGE.md ...]`` (default: README.md and docs/*.md).

The pages run as a learner walks them: in order, on one machine that has only
Python and git. ``docs/00-setup.md``, when there is one, runs first, from the home
folder: it clones the repository (the clone URL is the one substitution, to a local
clone of this tree with any uncommitted work committed on top), makes ``.venv`` and
installs the tools. Each later page starts a new shell, as a learner opens a new
terminal, in ``~/mygame`` with ``.venv`` activated, just as the setup page says; so
``cd`` and ``export`` carry over between the blocks of one page, and what a page
installs or builds stays for the next. Without a setup page, the pages run in a copy
of the tree with a fresh, empty venv's ``python``. pip and uv are hermetic (no
machine-wide configuration, no find-links). What a page may hold:

- ```` ```console ```` blocks: ``$ `` lines are commands, the lines after them the
  output shown. A line that is exactly ``...`` matches any number of lines; ``...``
  inside a line matches any text. Every command must exit 0 unless the block says
  ``exit=N`` (for its last command).
- ```` ```python ```` blocks run as scripts (``python - < block``, so the current
  folder is importable). A ```` ```text ```` block right after one is its output.
- ```` ```pycon ```` blocks run as doctests (ELLIPSIS on).
- Any block with ``file=PATH`` must equal that file of the repository (the page
  shows the real file), one with ``from=PATH`` must be an excerpt of it; such
  blocks are compared, not run.
- Other languages (toml, text, mermaid...) are prose: not run.

A comment on the line before a block steers it: ``<!-- docs: cwd=docs/steps/01-modules
exit=1 normalise=timings,sizes timeout=60 -->``, ``<!-- docs: skip REASON -->``
(a reason is required) or ``<!-- docs: network REASON -->`` (the block talks to
TestPyPI). TestPyPI is the only thing replaced: a password-protected local
pypiserver (the publishing tools' ``LocalIndex``) stands in for it. ``~/.pypirc``
names it as the ``testpypi`` repository with a token, so ``--repository testpypi``
runs as written; ``https://test.pypi.org/simple/`` in a command is pointed at it;
and outputs show TestPyPI's URLs. Everything else (PyPI for the tools, build
backends) is the real thing. ``<!-- docs-page: git timeout=120 -->`` makes the copy
a git repository with one commit where it is not one already (without a setup
page), and limits the page's run time (default 300 s).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import venv
from dataclasses import dataclass, field
from pathlib import Path

from mygame_devtools.hermetic import SETTINGS
from mygame_devtools.publish.servers import LocalIndex
from mygame_devtools.workspace import ROOT

__all__ = ["Block", "Failure", "main", "parse_page", "run_pages"]

SHOWN_ROOT = "~/mygame"
"""Where the pages pretend the repository is: the scratch path prints as this."""
TESTPYPI = "https://test.pypi.org"
CLONE_URL = "https://github.com/mygame-dev/mygame"
"""What the setup page clones; the runner clones this tree instead."""
SETUP_PAGE = "00-setup.md"
"""The page that runs first, from the home folder, and makes what every page uses."""
_IGNORED = shutil.ignore_patterns(
    ".git", ".nox", "dist", "build", ".venv", "site", "__pycache__", "*.egg-info",
    ".*_cache", ".coverage*", ".hypothesis",
)  # fmt: skip
_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w-]*)")
_DIRECTIVE = re.compile(r"^\s*<!--\s*docs(?P<page>-page)?:\s*(?P<body>.*?)\s*-->\s*$")
_NORMALISERS: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "timings": [(re.compile(r"\d+(\.\d+)?(?=\s*(s|ms|µs|us|ns|usec|msec|sec|x)\b)"), "N")],
    "sizes": [(re.compile(r"\b\d+(\.\d+)?(?=\s*(bytes|B|kB|KB|MB)\b)"), "N")],
    "versions": [(re.compile(r"\b\d+\.\d+(\.\d+)?([ab]\d+|rc\d+|\.post\d+|\.dev\d+)?\b"), "X.Y")],
    "python": [
        (re.compile(r"python3\.\d+"), "python3.X"),
        (re.compile(r"cpython-3\d+"), "cpython-3X"),
        (re.compile(r"Python 3\.\d+\.\d+"), "Python 3.X"),
    ],
    "hashes": [(re.compile(r"\b[0-9a-f]{16,64}\b"), "HASH")],
    "ports": [(re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:PORT")],
}
_RUNNABLE = {"console", "python", "pycon"}


@dataclass
class Block:
    """One fenced block of a page, with the directives of the comment before it."""

    page: Path
    line: int
    lang: str
    text: str
    options: dict[str, str] = field(default_factory=dict)
    output: Block | None = None
    """For a python block: the text block that shows its output."""

    @property
    def where(self) -> str:
        """``docs/page.md:12``: where a reader finds the block."""
        return f"{_display(self.page)}:{self.line}"


@dataclass
class Failure:
    """A block that drifted: where, and what differs."""

    where: str
    message: str


@dataclass
class _Command:
    block: Block
    line: int
    command: str
    expected: list[str]
    status: int = 0


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _parse_options(body: str) -> dict[str, str]:
    """``cwd=x exit=1`` -> {"cwd": "x", "exit": "1"}; ``skip why`` -> {"skip": "why"}.

    ``skip`` and ``network`` take the rest of the comment as their reason, so other
    options go before them: ``normalise=python network REASON``.
    """
    options: dict[str, str] = {}
    words = body.split()
    for position, word in enumerate(words):
        if word.rstrip(":") in {"skip", "network"}:
            options[word.rstrip(":")] = " ".join(words[position + 1 :])
            break
        key, _, value = word.partition("=")
        options[key] = value
    return options


def _fenced_body(lines: list[str], start: int, fence: re.Match[str]) -> tuple[str, int]:
    """Return the text of the block opened at ``start`` (unindented) and its closing line."""
    end = start + 1
    indent = len(fence["indent"])
    body: list[str] = []
    while end < len(lines) and not lines[end].strip().startswith(fence["fence"]):
        body.append(lines[end][indent:] if lines[end][:indent].isspace() else lines[end])
        end += 1
    return "\n".join(body) + "\n", end


def parse_page(page: Path) -> tuple[list[Block], dict[str, str], list[Failure]]:
    """Return a page's fenced blocks, its page-wide options, and malformed markers."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    page_options: dict[str, str] = {}
    problems: list[Failure] = []
    pending: dict[str, str] = {}
    pending_line = 0
    prose_since_block = True
    i = 0
    while i < len(lines):
        line = lines[i]
        directive = _DIRECTIVE.match(line)
        fence = _FENCE.match(line)
        if directive:
            options = _parse_options(directive["body"])
            if directive["page"]:
                page_options.update(options)
            else:
                pending, pending_line = options, i + 1
            problems.extend(
                Failure(f"{_display(page)}:{i + 1}", f"'{key}' needs a reason")
                for key in ("skip", "network")
                if key in options and not options[key]
            )
        elif fence:
            text, end = _fenced_body(lines, i, fence)
            block = Block(page, i + 1, fence["lang"], text, pending)
            if pending and pending_line != i:
                problems.append(
                    Failure(
                        f"{_display(page)}:{pending_line}",
                        "a docs marker must sit right above its block",
                    )
                )
            previous = blocks[-1] if blocks else None
            if (
                previous is not None
                and block.lang == "text"
                and previous.lang == "python"
                and not prose_since_block
                and not pending
            ):
                previous.output = block
            blocks.append(block)
            pending = {}
            prose_since_block = False
            i = end
        elif line.strip():
            prose_since_block = True
        i += 1
    return blocks, page_options, problems


def _normalise(text: str, names: list[str]) -> str:
    for name in names:
        for pattern, replacement in _NORMALISERS[name]:
            text = pattern.sub(replacement, text)
    return text


def _matches(expected: list[str], actual: list[str]) -> bool:
    """Compare line lists; ``...`` alone matches any lines, inside a line any text."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head == "...":
        return any(_matches(rest, actual[k:]) for k in range(len(actual) + 1))
    if not actual:
        return False
    if "..." in head:
        pattern = ".*".join(re.escape(part) for part in head.split("..."))
        ok = re.fullmatch(pattern, actual[0]) is not None
    else:
        ok = head.rstrip() == actual[0].rstrip()
    return ok and _matches(rest, actual[1:])


def _commands(block: Block) -> list[_Command]:
    commands: list[_Command] = []
    for offset, line in enumerate(block.text.splitlines(), start=1):
        if line.startswith("$ "):
            commands.append(_Command(block, block.line + offset, line[2:], []))
        elif commands and commands[-1].command.endswith("\\") and not commands[-1].expected:
            commands[-1].command += "\n" + line
        elif commands:
            commands[-1].expected.append(line)
    if commands and "exit" in block.options:
        commands[-1].status = int(block.options["exit"])
    return commands


def _environment(home: Path, work: Path) -> dict[str, str]:
    """Return the machine's environment: a home, only Python (an empty venv's) and git.

    No installer setting of this machine reaches a page (all of PIP_* and UV_*, a
    superset of the hermetic DROPPED list), then the hermetic SETTINGS switch off
    configuration files and prompts.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("PIP_", "UV_", "NOX", "TWINE_", "VIRTUAL_ENV", "PYTHON", "CONDA", "LC_")
        )
    } | SETTINGS
    bare = work / "python"
    venv.EnvBuilder(with_pip=False).create(bare)
    python_bin = bare / ("Scripts" if os.name == "nt" else "bin")
    env.update(
        PATH=f"{python_bin}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home),
        NO_COLOR="1",
        TERM="dumb",
        COLUMNS="80",
        # UTF-8 text, but `ls` sorts byte by byte everywhere (LC_ALL would override that)
        LANG="en_US.UTF-8" if sys.platform == "darwin" else "C.UTF-8",
        LC_COLLATE="C",
        PYTHONIOENCODING="utf-8",
        PYTHONUNBUFFERED="1",  # stdout and stderr interleave as they would on a terminal
        # git with no user or system configuration, and a fixed identity.
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="A. Learner",
        GIT_AUTHOR_EMAIL="learner@example.org",
        GIT_COMMITTER_NAME="A. Learner",
        GIT_COMMITTER_EMAIL="learner@example.org",
    )
    return env


@dataclass
class _Machine:
    """The learner's machine, as the pages find it: folders, environment, stand-ins."""

    root: Path
    """The repository whose pages run (the setup page clones it)."""
    home: Path
    work: Path
    origin: Path
    env: dict[str, str]
    index: LocalIndex | None = None
    replacements: list[tuple[str, str]] = field(default_factory=list)

    @property
    def repo(self) -> Path:
        """The learner's clone, ``~/mygame``."""
        return self.home / SHOWN_ROOT.removeprefix("~/")


def _script(
    page_blocks: list[Block], prelude: list[str], machine: _Machine, token: str
) -> tuple[str, list[_Command]]:
    """One bash script for the whole page; markers around each command delimit outputs."""
    lines = ["set +e", *prelude]
    commands: list[_Command] = []
    for block in page_blocks:
        network = "network" in block.options
        if "cwd" in block.options:
            cwd = machine.repo / block.options["cwd"]
            lines.append(f"cd {shlex.quote(str(cwd))} || exit 97")
        if block.lang == "console":
            block_commands = _commands(block)
        elif block.lang == "python":
            source = machine.work / f"block{block.line}.py"
            source.write_text(block.text, encoding="utf-8")
            expected = block.output.text.splitlines() if block.output else []
            block_commands = [
                _Command(block, block.line, f"python - < {shlex.quote(str(source))}", expected)
            ]
            block_commands[0].status = int(block.options.get("exit", "0"))
        else:  # pycon
            source = machine.work / f"block{block.line}.txt"
            source.write_text(block.text, encoding="utf-8")
            quoted = shlex.quote(str(source))
            block_commands = [
                _Command(block, block.line, f"python -m doctest -o ELLIPSIS {quoted}", [])
            ]
        for command in block_commands:
            number = len(commands)
            commands.append(command)
            lines.append(f"echo {token} start {number}")
            lines.append(_to_local(command.command, machine.index) if network else command.command)
            lines.append(f"rc=$?; printf '\\n{token} end {number} %d\\n' $rc")
            lines.append(f'[ "$rc" -eq {command.status} ] || exit 98')
    return "\n".join(lines) + "\n", commands


def _to_local(command: str, index: LocalIndex | None) -> str:
    """Point a command's TestPyPI addresses at the local index (uploads go by ~/.pypirc)."""
    if index is None:
        return command
    command = command.replace(f"{TESTPYPI}/legacy/", index.upload_url)
    return command.replace(f"{TESTPYPI}/simple/", index.simple_url)


def _runnable(blocks: list[Block]) -> list[Block]:
    outputs = {id(b.output) for b in blocks if b.output is not None}
    return [
        b
        for b in blocks
        if b.lang in _RUNNABLE
        and id(b) not in outputs
        and "skip" not in b.options
        and "file" not in b.options
        and "from" not in b.options
    ]


def _check_files(blocks: list[Block], root: Path) -> list[Failure]:
    """Check blocks that show a file (``file=``) or an excerpt of one (``from=``)."""
    failures: list[Failure] = []
    for block in blocks:
        name = block.options.get("file") or block.options.get("from")
        if not name:
            continue
        path = root / name
        if not path.is_file():
            failures.append(Failure(block.where, f"shows {name}, which does not exist"))
            continue
        real = path.read_text(encoding="utf-8")
        if "from" in block.options:
            if block.text.strip() not in real:
                failures.append(Failure(block.where, f"is no longer an excerpt of {name}"))
        elif real != block.text:
            diff = difflib.unified_diff(
                block.text.splitlines(), real.splitlines(), "shown", name, lineterm=""
            )
            failures.append(Failure(block.where, f"differs from {name}:\n" + "\n".join(diff)))
    return failures


def _copy_tree(root: Path, scratch: Path) -> None:
    """Copy the repository as a fresh clone would have it (plus uncommitted work).

    In a git checkout that is every file git tracks or would track (.gitignore'd
    build output, caches and environments stay behind); elsewhere a filtered copy.
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root, capture_output=True, check=False,
    )  # fmt: skip
    if listed.returncode != 0 or not (root / ".git").exists():
        shutil.copytree(root, scratch, ignore=_IGNORED, symlinks=True)
        return
    for name in listed.stdout.decode().split("\0"):
        source = root / name
        if name and source.is_file():  # deleted but not yet committed: not in a clone
            (scratch / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, scratch / name)


def _git_init(scratch: Path, env: dict[str, str]) -> None:
    """Make the scratch copy a git repository with one commit, for pages that release."""
    for command in (
        ["git", "init", "--quiet", "--initial-branch=main"],
        ["git", "add", "--all"],
        ["git", "commit", "--quiet", "--no-gpg-sign", "--message=The tree as it is"],
    ):
        subprocess.run(command, cwd=scratch, env=env, check=True, capture_output=True)


def _local_index(work: Path, password: str) -> LocalIndex:
    """Prepare a local index to stand in for TestPyPI, named so in ``~/.pypirc``.

    twine (and the publish tool) read the ``testpypi`` repository's address and
    credentials from there, so ``--repository testpypi`` runs as the page shows it.
    """
    index = LocalIndex(work / "index", "__token__", password)
    index.packages.mkdir(parents=True)
    return index


def _write_pypirc(home: Path, index: LocalIndex, password: str) -> None:
    (home / ".pypirc").write_text(
        "[distutils]\nindex-servers =\n    testpypi\n\n"
        f"[testpypi]\nrepository = {index.upload_url}\n"
        f"username = __token__\npassword = {password}\n",
        encoding="utf-8",
    )


def _origin(root: Path, origin: Path, env: dict[str, str]) -> None:
    """Make ``origin``, the repository the setup page clones: this tree as committed.

    A git checkout is cloned with its history and tags (``lowest`` and ``consistency``
    read them); uncommitted work, if any, becomes one more commit on top, so a page
    being written runs as it would once committed. Elsewhere, the copied tree is
    committed once.
    """

    def git(*args: str, cwd: Path = origin) -> None:
        subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)

    if (root / ".git").exists():
        git("clone", "--quiet", "--no-hardlinks", str(root), str(origin), cwd=root)
        tracked = subprocess.run(
            ["git", "ls-files", "-z"], cwd=origin, env=env, capture_output=True, check=True
        ).stdout.decode()
        for name in filter(None, tracked.split("\0")):
            (origin / name).unlink(missing_ok=True)
        _copy_tree(root, origin)
        git("add", "--all")
        status = subprocess.run(
            ["git", "status", "--porcelain"], cwd=origin, env=env, capture_output=True, check=True
        )
        if status.stdout.strip():
            git("commit", "--quiet", "--no-gpg-sign", "--message=Uncommitted work")
        # The clone's remote is this tree; the learner's clone names its own origin.
        return
    _copy_tree(root, origin)
    _git_init(origin, env)


_PageResult = tuple[list[Failure], int, list[Block]]
"""A page's failures, the number of commands it ran, and its skipped blocks."""


def _network_pages(pages: list[Path]) -> bool:
    return any("network" in b.options for p in pages for b in _runnable(parse_page(p)[0]))


def run_pages(
    pages: list[Path], root: Path = ROOT, timeout: float = 300
) -> list[tuple[Path, _PageResult, float]]:
    """Run the setup page (if any) and then ``pages``, in order, as one learner would.

    Return each page with its failures, commands run, skipped blocks and seconds.
    """
    setup = root / "docs" / SETUP_PAGE
    ordered = ([setup] if setup.is_file() else []) + [p for p in pages if p != setup]
    results: list[tuple[Path, _PageResult, float]] = []
    with tempfile.TemporaryDirectory(prefix="docs-") as tmp:
        # resolved: on macOS /var is /private/var, and programs print either form
        base = Path(tmp).resolve()
        home, work = base / "home", base / "work"
        home.mkdir()
        work.mkdir()
        origin = base / "origin" / "mygame"  # the clone takes its folder name from the URL
        machine = _Machine(root, home, work, origin, _environment(home, work))
        machine.replacements = [
            (str(machine.origin), CLONE_URL), (str(home), "~"), (str(work), "<work>"),
        ]  # fmt: skip
        with contextlib.ExitStack() as stack:
            if _network_pages(ordered):
                password = secrets.token_urlsafe(16)
                machine.index = stack.enter_context(_local_index(work, password))
                _write_pypirc(home, machine.index, password)
                machine.replacements[:0] = [
                    (machine.index.simple_url, f"{TESTPYPI}/simple/"),
                    (machine.index.upload_url, f"{TESTPYPI}/legacy/"),
                    (password, "********"),
                ]
            if setup.is_file():
                _origin(root, machine.origin, machine.env)
            else:
                _copy_tree(root, machine.repo)
            for page in ordered:
                start = time.perf_counter()
                result = _run_page(page, machine, is_setup=page == setup, timeout=timeout)
                results.append((page, result, time.perf_counter() - start))
    return results


def _run_page(page: Path, machine: _Machine, *, is_setup: bool, timeout: float) -> _PageResult:
    """Run one page in a new shell, where the previous page left the machine."""
    blocks, page_options, failures = parse_page(page)
    failures += _check_files(blocks, machine.root)
    skipped = [b for b in blocks if "skip" in b.options]
    runnable = _runnable(blocks)
    failures += [
        Failure(_display(page), f"unknown page option '{key}' (known: git, timeout)")
        for key in page_options
        if key not in {"git", "timeout"}
    ]
    if not runnable:
        return failures, 0, skipped
    repo = machine.repo
    if "git" in page_options and not (repo / ".git").exists():
        _git_init(repo, machine.env)
    if is_setup:
        # The learner starts at home; the clone URL is the one substitution.
        clone = f"git clone {machine.origin}"
        for block in runnable:
            block.text = block.text.replace(f"git clone {CLONE_URL}", clone)
        prelude = [f"cd {shlex.quote(str(machine.home))}"]
    else:
        # A new terminal in the clone with its environment active (the setup page says so).
        activate = shlex.quote(str(repo / ".venv" / "bin" / "activate"))
        prelude = [
            f"cd {shlex.quote(str(repo))} || exit 97",
            f"[ ! -f {activate} ] || . {activate}",
        ]
    token = f"@@docs-{secrets.token_hex(8)}@@"
    script, commands = _script(runnable, prelude, machine, token)
    timeout = float(page_options.get("timeout", timeout))
    transcript, status = _run_shell(script, machine.env, timeout)
    if status is None:
        failures.append(Failure(_display(page), f"timed out after {timeout:.0f} s"))
    transcript = _close_transcript(transcript, token, 124 if status is None else status)
    failures += _compare(commands, transcript, token, machine.replacements)
    return failures, len(commands), skipped


def _run_shell(script: str, env: dict[str, str], timeout: float) -> tuple[str, int | None]:
    """Run the page's script in bash; on timeout kill it and all it started (status None)."""
    with subprocess.Popen(
        ["bash", "-c", script], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, start_new_session=True,
    ) as process:  # fmt: skip
        try:
            out, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, _ = process.communicate()
            return out.decode("utf-8", errors="replace"), None
    return out.decode("utf-8", errors="replace"), process.returncode


def _close_transcript(transcript: str, token: str, status: int) -> str:
    """Close the last command's output if it ended the shell itself (``exit``, timeout)."""
    started = re.findall(rf"^{re.escape(token)} start (\d+)$", transcript, re.MULTILINE)
    if started and f"{token} end {started[-1]} " not in transcript:
        transcript += f"\n{token} end {started[-1]} {status}\n"
    return transcript


def _compare(
    commands: list[_Command], transcript: str, token: str, replacements: list[tuple[str, str]]
) -> list[Failure]:
    failures: list[Failure] = []
    for source, shown in replacements:
        transcript = transcript.replace(source, shown)
    for index, command in enumerate(commands):
        found = re.search(
            rf"{re.escape(token)} start {index}\n(?P<out>.*?)\n"
            rf"{re.escape(token)} end {index} (?P<rc>\d+)\n",
            transcript,
            re.DOTALL,
        )
        where = f"{_display(command.block.page)}:{command.line}"
        if found is None:
            tail = "\n".join(transcript.splitlines()[-15:])
            failures.append(Failure(where, f"did not run (an earlier command failed?)\n{tail}"))
            break
        problems = _check_command(command, found["out"], int(found["rc"]))
        failures += [Failure(where, problem) for problem in problems]
        if int(found["rc"]) != command.status:
            break
    return failures


def _check_command(command: _Command, out: str, status: int) -> list[str]:
    """Compare one command's output and exit status with what its page shows."""
    shown = command.command if command.block.lang == "console" else command.block.lang
    if command.block.lang == "pycon":
        # doctest numbers lines within the block: say where they are on the page.
        out = re.sub(
            r'File "[^"]*", line (\d+), in \S+',
            lambda m: f"{_display(command.block.page)}:{command.block.line + int(m[1])}",
            out,
        )
        return [] if status == 0 else ["doctest failed:\n" + out]
    problems: list[str] = []
    names = [n for n in command.block.options.get("normalise", "").split(",") if n]
    unknown = [n for n in names if n not in _NORMALISERS]
    if unknown:
        problems.append(f"unknown normalise={','.join(unknown)}; known: {', '.join(_NORMALISERS)}")
        names = [n for n in names if n in _NORMALISERS]
    actual = _normalise(out, names).rstrip().splitlines()
    expected = _normalise("\n".join(command.expected), names).rstrip().splitlines()
    if not _matches(expected, actual):
        diff = difflib.unified_diff(expected, actual, "shown", "produced", lineterm="")
        problems.append(f"output of `{shown}` differs:\n" + "\n".join(diff))
    if status != command.status:
        problems.append(f"`{shown}` exited {status}, the page expects {command.status}")
    return problems


def _pages(root: Path) -> list[Path]:
    pages = [root / "README.md"] if (root / "README.md").is_file() else []
    return pages + sorted((root / "docs").glob("*.md"))


def main(argv: list[str] | None = None) -> int:
    """Run the pages named (or all of them) and report drift; return the exit status."""
    parser = argparse.ArgumentParser(description="Run the docs and fail when a page drifts.")
    parser.add_argument("pages", nargs="*", type=Path, help="pages to run (default: all)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository to copy")
    parser.add_argument("-v", "--verbose", action="store_true", help="list skipped blocks")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    pages = [p.resolve() for p in args.pages] or _pages(root)
    missing = [p for p in pages if not p.is_file()]
    if missing:
        print(f"docs: no such page: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    failures: list[Failure] = []
    commands = 0
    skipped: list[Block] = []
    results = run_pages(pages, root)
    for page, (page_failures, count, page_skipped), seconds in results:
        status = "FAIL" if page_failures else "ok"
        print(f"docs: {status:4} {_display(page)} ({count} commands, {seconds:.1f} s)")
        failures += page_failures
        commands += count
        skipped += page_skipped
    counts = f"docs: {len(results)} pages, {commands} commands, {len(skipped)} blocks skipped"
    if not args.pages:  # the whole path ran: the index page's figures must be these
        failures += _claimed_counts(root, counts)
    for block in skipped if args.verbose else []:
        print(f"docs: skipped {block.where}: {block.options['skip']}")
    for failure in failures:
        print(f"\n{failure.where}: {failure.message}")
    elapsed = time.perf_counter() - start
    verdict = f"{len(failures)} failure(s)" if failures else "all pages match"
    print(f"\n{counts}, {elapsed:.1f} s: {verdict}")
    return 1 if failures else 0


_CLAIMED = re.compile(r"^docs: \d+ pages, \d+ commands, \d+ blocks skipped", re.MULTILINE)


def _claimed_counts(root: Path, counts: str) -> list[Failure]:
    """Compare the run's figures with those the learning path's index page shows."""
    index = root / "docs" / "README.md"
    if not index.is_file():
        return []
    text = index.read_text(encoding="utf-8")
    claimed = _CLAIMED.search(text)
    if claimed is None or claimed[0] == counts:
        return []
    line = text.count("\n", 0, claimed.start()) + 1
    message = f"shows '{claimed[0]}', but the run counted '{counts}': update the page"
    return [Failure(f"{_display(index)}:{line}", message)]


if __name__ == "__main__":
    raise SystemExit(main())
