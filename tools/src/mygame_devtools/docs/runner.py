"""Run the pages as a learner walks them, and fail where a page drifts from the code.

``python -m mygame_devtools.docs.runner [-v] [PAGE.md ...]`` (default: README.md and
docs/*.md; CONTRIBUTING.md has the conventions). The learner has a temporary home, Python
(an empty venv's) and git only: no git identity, installer settings or build output.
``docs/00-setup.md`` clones this tree from home; each page then runs in a new bash in
``~/mygame`` and leaves the clone as it found it. Not sybil: one shell per page, not per block.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import re
import secrets
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import venv
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from mygame_devtools.hermetic import SETTINGS
from mygame_devtools.publish.servers import LocalIndex
from mygame_devtools.workspace import ROOT

__all__ = ["Block", "PageResult", "console_session", "main", "parse_page", "run_pages"]

TESTPYPI = "https://test.pypi.org"
CLONE_URL = "https://github.com/mygame-dev/mygame"
SETUP_PAGE = "00-setup.md"
# the caller's settings that a learner's machine lacks: installers', git's, ours
_HIDDEN = ("PIP_", "UV_", "NOX", "TWINE_", "VIRTUAL_ENV", "PYTHON", "CONDA", "LC_", "GIT_",
           "MYGAME_", "XDG_CONFIG_HOME", "EMAIL")  # fmt: skip
_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w-]*)")
_DIRECTIVE = re.compile(r"^\s*<!--\s*docs(?P<page>-page)?:\s*(?P<body>.*?)\s*-->\s*$")
_NORMALISERS: dict[str, list[tuple[str, str]]] = {
    "timings": [(r"\d+(\.\d+)?(?=\s*(s|ms|µs|us|ns|usec|msec|sec|x)\b)", "N")],
    "versions": [(r"\b\d+\.\d+(\.\d+)?([ab]\d+|rc\d+|\.post\d+|\.dev\d+)?\b", "X.Y")],
    "python": [(r"python3\.\d+", "python3.X"), (r"cpython-3\d+", "cpython-3X"),
               (r"Python 3\.\d+\.\d+", "Python 3.X")],
}  # fmt: skip
_CLAIMED = re.compile(r"^docs: \d+ pages, \d+ commands, \d+ blocks skipped", re.MULTILINE)


@dataclass
class Block:
    """One fenced block of a page, with the options of the marker above it."""

    page: Path
    line: int
    where: str  # docs/page.md:12, where a reader finds it
    lang: str
    text: str
    options: dict[str, str] = field(default_factory=dict)
    output: Block | None = None  # a python block's: the text block right after it


@dataclass
class PageResult:
    """One page's run: its failures (``where: how``), commands run, skipped blocks, seconds."""

    page: Path
    failures: list[str]
    commands: int = 0
    skipped: list[Block] = field(default_factory=list)
    seconds: float = 0.0


class _Command(NamedTuple):
    block: Block
    line: int
    command: str
    expected: list[str]
    status: int = 0


def _display(path: Path) -> str:
    here = Path.cwd()
    return str(p.relative_to(here) if (p := path.resolve()).is_relative_to(here) else path)


def _parse_options(body: str) -> dict[str, str]:
    """``cwd=x skip a reason`` -> {"cwd": "x", "skip": "a reason"}."""
    head, *reason = re.split(r"(?:^|\s)(skip|network):*(?=\s|$)", body, maxsplit=1)
    options = dict(word.partition("=")[::2] for word in head.split())
    return options | ({reason[0]: " ".join(reason[1].split())} if reason else {})


def parse_page(page: Path) -> tuple[list[Block], dict[str, str], list[str]]:
    """Return a page's fenced blocks, its page-wide options, and its malformed markers."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    page_options: dict[str, str] = {}
    problems: list[str] = []
    pending: tuple[int, dict[str, str]] | None = None
    after_block = False  # only blank lines since the last block
    i = 0
    while i < len(lines):
        if directive := _DIRECTIVE.match(lines[i]):
            options = _parse_options(directive["body"])
            problems += [f"{_display(page)}:{i + 1}: '{k}' needs a reason"
                         for k in ("skip", "network") if options.get(k) == ""]  # fmt: skip
            if directive["page"]:
                page_options |= options
            else:
                pending = (i, options)
        elif fence := _FENCE.match(lines[i]):
            end, indent = i + 1, len(fence["indent"])
            while end < len(lines) and not lines[end].strip().startswith(fence["fence"]):
                end += 1
            body = [s[indent:] if s[:indent].isspace() else s for s in lines[i + 1 : end]]
            options = pending[1] if pending else {}
            if pending and pending[0] != i - 1:
                problems.append(f"{_display(page)}:{pending[0] + 1}: a docs marker must sit right "
                                "above its block")  # fmt: skip
            where, text = f"{_display(page)}:{i + 1}", "\n".join(body) + "\n"
            block = Block(page, i + 1, where, fence["lang"], text, options)
            if after_block and block.lang == "text" and blocks[-1].lang == "python" and not options:
                blocks[-1].output = block
            blocks.append(block)
            pending, after_block, i = None, True, end
        elif lines[i].strip():
            after_block = False
        i += 1
    return blocks, page_options, problems


def console_session(text: str) -> list[tuple[int, str, list[str]]]:
    """Each ``$`` command of a console block (a final backslash continues it), its output."""
    session: list[tuple[int, str, list[str]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("$ "):
            session.append((number, line[2:], []))
        elif session and session[-1][1].endswith("\\") and not session[-1][2]:
            session[-1] = (session[-1][0], f"{session[-1][1]}\n{line}", [])
        elif session:
            session[-1][2].append(line)
    return session


def _matches(expected: list[str], actual: list[str]) -> bool:
    """Compare line lists; ``...`` alone matches any lines, inside a line any text."""
    pattern = "".join("(?:.*\n)*" if line == "..." else
                      ".*".join(map(re.escape, line.rstrip().split("..."))) + "\n"
                      for line in expected)  # fmt: skip
    return re.fullmatch(pattern, "".join(f"{line.rstrip()}\n" for line in actual)) is not None


def _environment(home: Path, work: Path) -> dict[str, str]:
    """Return the learner's environment: a home, only Python (an empty venv's) and git.

    git's system file stops it from guessing an identity: a page must set one to commit.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(_HIDDEN)} | SETTINGS
    venv.EnvBuilder(with_pip=False).create(work / "python")
    (work / "gitconfig").write_text("[user]\n\tuseConfigOnly = true\n", encoding="utf-8")
    return env | {
        "PATH": f"{work / 'python' / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        "HOME": str(home),
        "GIT_CONFIG_SYSTEM": str(work / "gitconfig"),
        "NO_COLOR": "1",
        "TERM": "dumb",
        "COLUMNS": "80",
        # UTF-8 text, but `ls` sorts byte by byte everywhere (LC_ALL would override that)
        "LANG": "en_US.UTF-8" if sys.platform == "darwin" else "C.UTF-8",
        "LC_COLLATE": "C",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONUNBUFFERED": "1",  # stdout and stderr interleave as on a terminal
    }


class _Learner:
    """The learner's machine: a home, the origin it clones, and a new shell per page."""

    def __init__(self, root: Path, base: Path, stack: contextlib.ExitStack, *, index: bool) -> None:
        self.root, self.home, self.work = root, base / "home", base / "work"
        self.origin = base / "origin" / "mygame"  # a clone's folder is named after its URL
        self.repo, self.state = self.home / "mygame", list[str]()  # the clone, as a page left it
        for folder in (self.home, self.work):
            folder.mkdir()
        self.env = _environment(self.home, self.work)
        self.local: list[tuple[str, str]] = []  # TestPyPI's addresses, and the local index's
        self.shown = [(str(self.origin), CLONE_URL), (str(self.home), "~"),
                      (str(self.work), "<work>")]  # fmt: skip
        if index:  # a local pypiserver, named `testpypi` in ~/.pypirc as TestPyPI would be
            password = secrets.token_urlsafe(16)
            local = stack.enter_context(LocalIndex(self.work / "index", "__token__", password))
            (self.home / ".pypirc").write_text(
                f"[distutils]\nindex-servers = testpypi\n\n[testpypi]\nrepository = "
                f"{local.upload_url}\nusername = __token__\npassword = {password}\n",
                encoding="utf-8",
            )
            self.local = [(f"{TESTPYPI}/simple/", local.simple_url),  # first: it extends the other
                          (f"{TESTPYPI}/legacy/", local.upload_url)]  # fmt: skip
            self.shown[:0] = [(b, a) for a, b in self.local] + [(password, "********")]
        # the origin, cloned from CLONE_URL: the root's history and tags, its uncommitted work
        gitconfig = ("config", "--file", str(self.work / "gitconfig"))
        self.git(*gitconfig, f"url.{self.origin}.insteadOf", CLONE_URL, cwd=root)
        self.git("clone", "--quiet", "--bare", str(root), str(self.origin), cwd=root)
        tree = ("--git-dir", str(self.origin), "--work-tree", str(root))
        self.git(*tree, "add", "--all", cwd=root)
        if self.git(*tree, "status", "--porcelain", cwd=root):
            who = ("-c", "user.name=docs runner", "-c", "user.email=docs@localhost")
            self.git(*tree, *who, "commit", "-qm", "Uncommitted work", cwd=root)

    def git(self, *args: str, cwd: Path | None = None) -> str:
        done = subprocess.run(["git", *args], cwd=cwd or self.repo, env=self.env,
                              capture_output=True, text=True, check=True)  # fmt: skip
        return done.stdout

    def clone_state(self) -> list[str]:
        """HEAD, branches, tags, worktrees and ``git status`` of the learner's clone."""
        if not (self.repo / ".git").exists():
            return []
        refs = ("for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/tags")
        queries = [("rev-parse", "HEAD"), refs, ("worktree", "list"), ("status", "--porcelain")]
        return self.hide("".join(self.git(*query) for query in queries)).splitlines()

    def hide(self, text: str) -> str:
        """Show this run's paths, addresses and password as the pages show them."""
        for real, shown in self.shown:
            text = text.replace(real, shown)
        return text

    def commands(self, block: Block) -> list[_Command]:
        """Return the shell commands that run a block, each with the output the page shows."""
        if block.lang == "console":
            session = console_session(block.text)
            commands = [_Command(block, block.line + n, c, out) for n, c, out in session]
        else:
            source = self.work / f"{block.page.stem}-{block.line}.txt"
            source.write_text(block.text, encoding="utf-8")
            run = "python - <" if block.lang == "python" else "python -m doctest -o ELLIPSIS"
            expected = block.output.text.splitlines() if block.output else []
            commands = [_Command(block, block.line, f"{run} {shlex.quote(str(source))}", expected)]
        if commands and "exit" in block.options:
            commands[-1] = commands[-1]._replace(status=int(block.options["exit"]))
        for testpypi, local in self.local if "network" in block.options else []:
            commands = [c._replace(command=c.command.replace(testpypi, local)) for c in commands]
        return commands

    def run(self, page: Path, *, is_setup: bool, timeout: float) -> PageResult:
        """Run one page in a new shell, where the previous page left the machine."""
        start, before = time.perf_counter(), self.state or self.clone_state()
        blocks, page_options, failures = parse_page(page)
        result = PageResult(page, failures + _check_files(blocks, self.root))
        result.failures += [f"{_display(page)}: unknown page option '{key}' (known: timeout)"
                            for key in page_options.keys() - {"timeout"}]  # fmt: skip
        result.skipped = [b for b in blocks if "skip" in b.options]
        if is_setup:  # the learner starts at home
            lines = [f"cd {shlex.quote(str(self.home))}"]
        else:  # a new terminal in the clone, its environment active, as the setup page says
            activate = shlex.quote(str(self.repo / ".venv" / "bin" / "activate"))
            lines = [f"cd {shlex.quote(str(self.repo))} || exit 97",
                     f"[ ! -f {activate} ] || . {activate}"]  # fmt: skip
        (outputs := self.work / f"out-{page.stem}").mkdir(exist_ok=True)  # output, status
        commands: list[_Command] = []
        for block in _runnable(blocks):
            if "cwd" in block.options:
                lines.append(f"cd {shlex.quote(str(self.repo / block.options['cwd']))} || exit 97")
            for command in self.commands(block):
                out = shlex.quote(str(outputs / str(len(commands))))
                lines += [  # a group, not a subshell: cd and export carry over
                    f"{{ {command.command}\n}} >{out} 2>&1; rc=$?; echo $rc >{out}.rc",
                    f'[ "$rc" -eq {command.status} ] || exit 98',
                ]
                commands.append(command)
        limit = float(page_options.get("timeout", timeout))
        shell, status = _run_shell("\n".join(lines) + "\n", self.env, limit)
        if status is None:
            result.failures.append(f"{_display(page)}: timed out after {limit:.0f} s")
        code = 124 if status is None else status
        result.failures += self.verdicts(commands, outputs, self.hide(shell), code)
        after = self.state = self.clone_state()  # where the next page starts
        if before and after != before:
            diff = "\n".join(difflib.unified_diff(before, after, "before", "after", lineterm=""))
            result.failures.append(f"{_display(page)}: left ~/mygame changed:\n{diff}")
        result.commands, result.seconds = len(commands), time.perf_counter() - start
        return result

    def verdicts(self, commands: list[_Command], outputs: Path, shell: str, code: int) -> list[str]:
        """Compare each command's output and status; stop at the first unexpected status."""
        failures: list[str] = []
        for number, command in enumerate(commands):
            where = f"{_display(command.block.page)}:{command.line}"
            out, rc = outputs / str(number), outputs / f"{number}.rc"
            if not out.is_file():  # the shell stopped before it: show how
                return [*failures, f"{where}: did not run:\n" + "\n".join(shell.splitlines()[-15:])]
            # no status file: the command ended the shell (exit, timeout), its status is the shell's
            status = int(rc.read_text()) if rc.is_file() else code
            text = self.hide(out.read_text(encoding="utf-8", errors="replace"))
            failures += [f"{where}: {p}" for p in _check_command(command, text, status)]
            if status != command.status:
                break
        return failures


def _runnable(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if b.lang in {"console", "python", "pycon"}
            and not {"skip", "file", "from"} & b.options.keys()]  # fmt: skip


def _check_files(blocks: list[Block], root: Path) -> list[str]:
    """Check blocks that show a file (``file=``) or an excerpt of one (``from=``)."""
    failures: list[str] = []
    for block in (b for b in blocks if b.options.keys() & {"file", "from"}):
        name = block.options.get("file") or block.options["from"]
        real = (root / name).read_text(encoding="utf-8") if (root / name).is_file() else None
        if real is None:
            failures.append(f"{block.where}: shows {name}, which does not exist")
        elif "from" in block.options and block.text.strip() not in real:
            failures.append(f"{block.where}: is no longer an excerpt of {name}")
        elif "file" in block.options and real != block.text:
            diff = difflib.unified_diff(block.text.splitlines(), real.splitlines(), "shown", name,
                                        lineterm="")  # fmt: skip
            failures.append(f"{block.where}: differs from {name}:\n" + "\n".join(diff))
    return failures


def run_pages(pages: list[Path], root: Path = ROOT, timeout: float = 300) -> list[PageResult]:
    """Run the setup page (if any), then ``pages``, in order, as one learner would."""
    setup = root / "docs" / SETUP_PAGE
    ordered = ([setup] if setup.is_file() else []) + [p for p in pages if p != setup]
    index = any("network" in b.options for p in ordered for b in _runnable(parse_page(p)[0]))
    with tempfile.TemporaryDirectory(prefix="docs-") as tmp, contextlib.ExitStack() as stack:
        learner = _Learner(root, Path(tmp).resolve(), stack, index=index)  # macOS: /private/var
        if not setup.is_file():
            learner.git("clone", "-q", CLONE_URL, cwd=learner.home)
        return [learner.run(page, is_setup=page == setup, timeout=timeout) for page in ordered]


def _run_shell(script: str, env: dict[str, str], timeout: float) -> tuple[str, int | None]:
    """Run the page's script in bash; on timeout kill it and all it started (status None)."""
    with subprocess.Popen(
        ["bash", "-c", script], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, start_new_session=True,
    ) as process:  # fmt: skip
        try:
            out, status = process.communicate(timeout=timeout)[0], process.returncode
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, status = process.communicate()[0], None
    return out.decode("utf-8", errors="replace"), status


def _check_command(command: _Command, out: str, status: int) -> list[str]:
    """Compare one command's output and exit status with what its page shows."""
    block = command.block
    if block.lang == "pycon":  # doctest numbers lines within the block: name the page's
        out = re.sub(r'File "[^"]*", line (\d+), in \S+',
                     lambda m: f"{_display(block.page)}:{block.line + int(m[1])}", out)  # fmt: skip
        return [] if status == command.status else ["doctest failed:\n" + out]
    shown = command.command if block.lang == "console" else block.lang
    names = [n for n in block.options.get("normalise", "").split(",") if n]
    problems = [f"unknown normalise={n}; known: {', '.join(_NORMALISERS)}"
                for n in names if n not in _NORMALISERS]  # fmt: skip
    texts = [out, "\n".join(command.expected)]
    for pattern, replacement in (pair for n in names for pair in _NORMALISERS.get(n, [])):
        texts = [re.sub(pattern, replacement, text) for text in texts]
    actual, expected = (text.rstrip().splitlines() for text in texts)
    if not _matches(expected, actual):
        diff = difflib.unified_diff(expected, actual, "shown", "produced", lineterm="")
        problems.append(f"output of `{shown}` differs:\n" + "\n".join(diff))
    if status != command.status:
        problems.append(f"`{shown}` exited {status}, the page expects {command.status}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Run the pages named (or all of them) and report drift; return the exit status."""
    parser = argparse.ArgumentParser("docs", description="Run the docs; fail where a page drifts.")
    parser.add_argument("pages", nargs="*", type=Path, help="pages to run (default: all)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the git checkout to clone")
    parser.add_argument("-v", "--verbose", action="store_true", help="list skipped blocks")
    args = parser.parse_args(argv)
    if sys.platform == "win32":
        print("docs: POSIX only, skipped (the pages drive bash and git as a learner would)")
        return 0
    root = args.root.resolve()
    every = [*root.glob("README.md"), *sorted(root.glob("docs/*.md"))]
    pages = [p.resolve() for p in args.pages] or every
    if missing := [str(p) for p in pages if not p.is_file()]:
        parser.error(f"no such page: {', '.join(missing)}")
    if not (root / ".git").exists():
        parser.error(f"{root}: not a git checkout: the learner clones it")
    start = time.perf_counter()
    results = run_pages(pages, root)
    for result in results:
        ran = f"{result.commands} commands, {result.seconds:.1f} s"
        print(f"docs: {'FAIL' if result.failures else 'ok':4} {_display(result.page)} ({ran})")
    skipped = [block for result in results for block in result.skipped]
    commands = sum(result.commands for result in results)
    counts = f"docs: {len(results)} pages, {commands} commands, {len(skipped)} blocks skipped"
    failures = [failure for result in results for failure in result.failures]
    index = root / "docs" / "README.md"
    text = index.read_text(encoding="utf-8") if index.is_file() and not args.pages else ""
    if (claimed := _CLAIMED.search(text)) and claimed[0] != counts:  # the whole path's figures
        where = f"{_display(index)}:{text.count(chr(10), 0, claimed.start()) + 1}"
        failures.append(f"{where}: shows '{claimed[0]}', but the run counted '{counts}': update it")
    for block in skipped if args.verbose else []:
        print(f"docs: skipped {block.where}: {block.options['skip']}")
    for failure in failures:
        print(f"\n{failure}")
    verdict = f"{len(failures)} failure(s)" if failures else "all pages match"
    print(f"\n{counts}, {time.perf_counter() - start:.1f} s: {verdict}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
