"""Tests of the docs runner: it passes a page that matches and fails one that drifts."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING
from unittest import mock

import pytest
from mygame_devtools.docs.runner import main

if TYPE_CHECKING:
    from pathlib import Path

FENCE = "```"


def runner(root: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run the runner on ``root`` (made a git checkout, as it needs), from there: (status, output).

    In this process, ``env`` added to its environment: one interpreter for all the tests.
    """
    if not (root / ".git").exists():
        subprocess.run(["git", "init", "--quiet", str(root)], check=True)
    out = io.StringIO()
    with (
        mock.patch.dict(os.environ, env or {}),
        contextlib.chdir(root),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(out),
    ):
        try:
            status = main(["--root", str(root), *args])
        except SystemExit as stop:  # argparse's errors
            status = int(stop.code or 0)
    return status, out.getvalue()


def run_docs(root: Path, page: str, *, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Write ``page`` as docs/page.md under ``root``, run the runner on it: (status, output)."""
    docs = root / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "page.md").write_text(textwrap.dedent(page).replace("~~~", FENCE), encoding="utf-8")
    return runner(root, str(docs / "page.md"), env=env)


class TestConsole:
    def test_matching_output_passes(self, tmp_path: Path) -> None:
        """A console block whose output is what the command prints passes."""
        status, out = run_docs(
            tmp_path,
            """
            ~~~console
            $ echo hello
            hello
            ~~~
        """,
        )
        assert status == 0, out
        assert "all pages match" in out

    def test_drifted_output_fails_with_page_line_and_diff(self, tmp_path: Path) -> None:
        """Output that differs from the page fails, naming page and line, with a diff."""
        status, out = run_docs(
            tmp_path,
            """
            Some prose.

            ~~~console
            $ echo hello
            goodbye
            ~~~
        """,
        )
        assert status == 1
        assert "docs/page.md:5: output of `echo hello` differs" in out
        assert "-goodbye" in out
        assert "+hello" in out

    def test_ellipsis_line_matches_any_lines_and_inline_ellipsis_any_text(
        self, tmp_path: Path
    ) -> None:
        """A line `...` stands for any lines (or none); `...` inside a line for any text."""
        status, out = run_docs(
            tmp_path,
            """
            ~~~console
            $ printf 'first\\nnoise 1\\nnoise 2\\nlast line 42\\n'
            first
            ...
            last line ...
            $ printf 'a\\nb\\n'
            a
            ...
            b
            ~~~
        """,
        )
        assert status == 0, out

    def test_ellipsis_does_not_match_a_wrong_line(self, tmp_path: Path) -> None:
        """The wildcard still requires the lines around it to match."""
        status, out = run_docs(
            tmp_path,
            """
            ~~~console
            $ printf 'first\\nlast\\n'
            first
            ...
            other
            ~~~
        """,
        )
        assert status == 1, out

    def test_state_carries_across_blocks_of_a_page(self, tmp_path: Path) -> None:
        """`cd` and exported variables persist from one block to the next, like a terminal."""
        (tmp_path / "sub").mkdir()
        (tmp_path / "sub" / "file").touch()
        status, out = run_docs(
            tmp_path,
            """
            ~~~console
            $ cd sub && export GREETING=hi
            ~~~

            ~~~console
            $ basename "$PWD"; echo $GREETING
            sub
            hi
            ~~~
        """,
        )
        assert status == 0, out

    def test_cwd_marker_sets_the_folder(self, tmp_path: Path) -> None:
        """`cwd=` runs the block in that folder of the scratch copy."""
        (tmp_path / "a" / "b").mkdir(parents=True)
        (tmp_path / "a" / "b" / "file").touch()
        status, out = run_docs(
            tmp_path,
            """
            <!-- docs: cwd=a/b -->
            ~~~console
            $ pwd
            ~/mygame/a/b
            ~~~
        """,
        )
        assert status == 0, out

    def test_pages_run_in_a_scratch_copy(self, tmp_path: Path) -> None:
        """What a page does to files happens in a clone, never in the repository."""
        (tmp_path / "game.py").write_text("print('original')\n", encoding="utf-8")
        status, out = run_docs(
            tmp_path,
            """
            ~~~console
            $ rm game.py && ls game.py || echo gone
            ...
            gone
            $ git checkout --quiet game.py
            ~~~
        """,
        )
        assert status == 0, out
        assert (tmp_path / "game.py").is_file()


class TestExitStatus:
    def test_unexpected_failure_fails_the_page(self, tmp_path: Path) -> None:
        """A command that exits non-zero without `exit=` in its marker fails the page."""
        status, out = run_docs(
            tmp_path,
            """
            ~~~console
            $ false
            ~~~
        """,
        )
        assert status == 1
        assert "`false` exited 1, the page expects 0" in out

    def test_declared_exit_status_passes(self, tmp_path: Path) -> None:
        """`exit=N` declares the status of the block's last command."""
        status, out = run_docs(
            tmp_path,
            """
            <!-- docs: exit=3 -->
            ~~~console
            $ echo before
            before
            $ sh -c 'echo oops >&2; exit 3'
            oops
            ~~~
        """,
        )
        assert status == 0, out

    def test_commands_after_a_failure_are_reported_as_not_run(self, tmp_path: Path) -> None:
        """The page stops at the first unexpected status; later blocks say they did not run."""
        status, out = run_docs(
            tmp_path,
            """
            ~~~console
            $ exit 4
            ~~~

            ~~~console
            $ echo later
            later
            ~~~
        """,
        )
        assert status == 1
        assert "exited 4" in out

    def test_a_page_that_hangs_is_stopped_and_fails(self, tmp_path: Path) -> None:
        """A page over its time limit is killed (with what it started) and fails."""
        status, out = run_docs(
            tmp_path,
            """
            <!-- docs-page: timeout=1 -->
            ~~~console
            $ sleep 60 & sleep 60
            ~~~
        """,
        )
        assert status == 1
        assert "timed out after 1 s" in out


class TestFiles:
    def test_file_block_must_equal_the_file(self, tmp_path: Path) -> None:
        """A block marked `file=` fails when the file in the tree has changed."""
        (tmp_path / "draw.py").write_text("def draw_game(result):\n    pass\n", encoding="utf-8")
        status, out = run_docs(
            tmp_path,
            """
            <!-- docs: file=draw.py -->
            ~~~python
            def draw_game():
                pass
            ~~~
        """,
        )
        assert status == 1
        assert "docs/page.md:3: differs from draw.py" in out
        assert "+def draw_game(result):" in out

    def test_file_block_equal_to_the_file_passes(self, tmp_path: Path) -> None:
        """A `file=` block that shows the file as it is passes (and is not run)."""
        (tmp_path / "boom.py").write_text("raise SystemExit(9)\n", encoding="utf-8")
        status, out = run_docs(
            tmp_path,
            """
            <!-- docs: file=boom.py -->
            ~~~python
            raise SystemExit(9)
            ~~~
        """,
        )
        assert status == 0, out

    def test_excerpt_must_still_be_in_the_file(self, tmp_path: Path) -> None:
        """A `from=` block fails when its lines no longer appear in the file."""
        (tmp_path / "pyproject.toml").write_text('[project]\nname = "b"\n', encoding="utf-8")
        status, out = run_docs(
            tmp_path,
            """
            <!-- docs: from=pyproject.toml -->
            ~~~toml
            name = "a"
            ~~~
        """,
        )
        assert status == 1
        assert "no longer an excerpt of pyproject.toml" in out


class TestPython:
    def test_python_block_output_is_compared(self, tmp_path: Path) -> None:
        """A text block right after a python block is its expected output."""
        status, out = run_docs(
            tmp_path,
            """
            ~~~python
            print(6 * 7)
            ~~~
            ~~~text
            41
            ~~~
        """,
        )
        assert status == 1
        assert "+42" in out

    def test_python_block_sees_the_current_folder(self, tmp_path: Path) -> None:
        """Snippets import modules from the folder they run in, like `python game.py`."""
        (tmp_path / "draw.py").write_text("NAME = 'draw'\n", encoding="utf-8")
        (tmp_path / ".gitignore").write_text("__pycache__/\n", encoding="utf-8")
        status, out = run_docs(
            tmp_path,
            """
            ~~~python
            import draw
            print(draw.NAME)
            ~~~
            ~~~text
            draw
            ~~~
        """,
        )
        assert status == 0, out

    def test_pycon_drift_names_the_page_line(self, tmp_path: Path) -> None:
        """A pycon block runs as a doctest; a wrong result names its line on the page."""
        status, out = run_docs(
            tmp_path,
            """
            Prose.

            ~~~pycon
            >>> 1 + 1
            2
            >>> 2 + 2
            5
            ~~~
        """,
        )
        assert status == 1
        assert "docs/page.md:7" in out

    def test_python_is_a_fresh_environment(self, tmp_path: Path) -> None:
        """`python` on a page is a new empty venv: nothing installed beyond the stdlib."""
        status, out = run_docs(
            tmp_path,
            """
            ~~~console
            $ python -c "import sys; print(sys.prefix != sys.base_prefix)"
            True
            $ python -c "import pytest"
            ...
            ModuleNotFoundError: No module named 'pytest'
            ~~~
        """.replace("~~~console", "<!-- docs: exit=1 -->\n~~~console"),
        )
        assert status == 0, out


class TestMarkers:
    def test_skip_needs_a_reason(self, tmp_path: Path) -> None:
        """`skip` without a reason is an error: a skipped block must say why."""
        status, out = run_docs(
            tmp_path,
            """
            <!-- docs: skip -->
            ~~~console
            $ false
            ~~~
        """,
        )
        assert status == 1
        assert "'skip' needs a reason" in out

    def test_skipped_block_does_not_run(self, tmp_path: Path) -> None:
        """A block skipped with a reason is not run, and is listed with -v."""
        status, out = run_docs(
            tmp_path,
            """
            <!-- docs: skip uploads to the real PyPI -->
            ~~~console
            $ false
            ~~~
        """,
        )
        assert status == 0, out

    def test_options_before_network_apply_to_the_block(self, tmp_path: Path) -> None:
        """`cwd=... network REASON` sets the folder and the reason, not one long reason."""
        (tmp_path / "sub").mkdir()
        (tmp_path / "sub" / "file").touch()
        status, out = run_docs(
            tmp_path,
            """
            <!-- docs: cwd=sub exit=3 skip the reason words cwd=nowhere -->
            ~~~console
            $ exit 0
            ~~~

            <!-- docs: cwd=sub exit=3 -->
            ~~~console
            $ basename "$PWD"; exit 3
            sub
            ~~~
        """,
        )
        assert status == 0, out

    def test_timings_normalised_only_where_marked(self, tmp_path: Path) -> None:
        """normalise=timings lets a duration differ, but not the words around it."""
        page = """
            <!-- docs: MARK -->
            ~~~console
            $ echo took 0.31 s
            took 9.99 s
            ~~~
        """
        assert run_docs(tmp_path, page.replace("MARK", "normalise=timings"))[0] == 0
        assert run_docs(tmp_path, page.replace("MARK", "cwd=."))[0] == 1
        drifted = page.replace("MARK", "normalise=timings").replace("took 9", "lasted 9")
        assert run_docs(tmp_path, drifted)[0] == 1

    def test_pip_configuration_does_not_leak_into_pages(self, tmp_path: Path) -> None:
        """Pages run with no pip configuration file and no find-links from the caller."""
        status, out = run_docs(
            tmp_path,
            """
            ~~~console
            $ echo "config=$PIP_CONFIG_FILE links=${PIP_FIND_LINKS-unset} uv=$UV_NO_CONFIG"
            config=/dev/null links=unset uv=1
            ~~~
            """,
            env={"PIP_FIND_LINKS": "/opt/wheels", "PIP_INDEX_URL": "http://example.invalid"},
        )
        assert status == 0, out


def test_it_runs_as_a_module_and_exits_with_its_status(tmp_path: Path) -> None:
    """``python -m mygame_devtools.docs.runner``, as the docs session runs it: 1 on a drift."""
    (tmp_path / "README.md").write_text("```console\n$ echo a\nb\n```\n", encoding="utf-8")
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    done = subprocess.run(
        [sys.executable, "-m", "mygame_devtools.docs.runner", "--root", str(tmp_path)],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "README.md:2: output of `echo a` differs" in done.stdout


def test_without_arguments_it_runs_the_readme_and_every_page(tmp_path: Path) -> None:
    """The default set is README.md and docs/*.md; a drift in the README fails too."""
    (tmp_path / "README.md").write_text("```console\n$ echo a\nb\n```\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "one.md").write_text("```console\n$ echo 1\n1\n```\n", encoding="utf-8")
    status, out = runner(tmp_path)
    assert status == 1
    assert "docs: ok   docs/one.md" in out
    assert "README.md:2: output of `echo a` differs" in out


@pytest.mark.parametrize(
    ("claimed", "status"),
    [
        ("docs: 2 pages, 2 commands, 1 blocks skipped, 9.9 s: all pages match", 0),
        ("docs: 2 pages, 1 commands, 1 blocks skipped, 9.9 s: all pages match", 1),
    ],
)
def test_the_index_page_shows_the_figures_of_the_whole_run(
    tmp_path: Path, claimed: str, status: int
) -> None:
    """docs/README.md's sample summary line must count what the run counts (time aside)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "one.md").write_text("```console\n$ echo 1\n1\n```\n", encoding="utf-8")
    index = f"<!-- docs: skip the run itself -->\n```console\n$ nox -s docs\n{claimed}\n```\n"
    (docs / "README.md").write_text("```console\n$ echo a\na\n```\n\n" + index, "utf-8")
    done, out = runner(tmp_path)
    assert done == status, out
    if status:
        assert (
            "docs/README.md:9: shows 'docs: 2 pages, 1 commands, 1 blocks skipped', but the run "
            "counted 'docs: 2 pages, 2 commands, 1 blocks skipped'"
        ) in out


def test_pages_run_in_a_clone_with_uncommitted_work_committed(tmp_path: Path) -> None:
    """The learner's clone has the tree's history, and its uncommitted work on top, clean."""
    (tmp_path / "game.py").write_text("print('hi')\n", encoding="utf-8")
    status, out = run_docs(
        tmp_path,
        """
        ~~~console
        $ git log --format=%s
        Uncommitted work
        $ git status --short
        ~~~
    """,
    )
    assert status == 0, out


def test_the_learner_has_no_git_identity_and_can_set_one(tmp_path: Path) -> None:
    """No identity reaches a page (from the caller's env or config), but ~/.gitconfig works."""
    config = tmp_path.parent / f"{tmp_path.name}-gitconfig"
    config.write_text("[user]\n\tname = Caller\n\temail = caller@example.org\n", "utf-8")
    caller = {"GIT_AUTHOR_NAME": "Caller", "GIT_COMMITTER_EMAIL": "c@example.org",
              "EMAIL": "c@example.org", "GIT_CONFIG_GLOBAL": str(config)}  # fmt: skip
    status, out = run_docs(
        tmp_path,
        """
        <!-- docs: exit=128 -->
        ~~~console
        $ git config user.email || echo none
        none
        $ git commit --quiet --allow-empty --message=x
        ...
        fatal: no email was given and auto-detection is disabled
        ~~~

        ~~~console
        $ git config --global user.name "A. Learner"
        $ git config --global user.email learner@example.org
        $ git var GIT_AUTHOR_IDENT
        A. Learner <learner@example.org> ...
        ~~~
    """,
        env=caller,
    )
    assert status == 0, out


def test_nothing_built_or_configured_reaches_the_learner(tmp_path: Path) -> None:
    """No dist/ from the tree, no MYGAME_* setting from the caller's session."""
    (tmp_path / ".gitignore").write_text("/dist/\n", encoding="utf-8")
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "mygame-1.0.tar.gz").touch()
    status, out = run_docs(
        tmp_path,
        """
        ~~~console
        $ ls; echo ${MYGAME_DIST_DIR-unset}
        docs
        unset
        ~~~
    """,
        env={"MYGAME_DIST_DIR": str(tmp_path / "dist")},
    )
    assert status == 0, out


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        ("git tag v9", "+refs/tags/v9 "),
        ("touch new.txt", "+?? new.txt"),
        ("git -c user.name=a -c user.email=a@b commit -q --allow-empty -m x", "+refs/heads/"),
        ("git worktree add -q ../release", "+~/release "),
    ],
)
def test_a_page_must_leave_the_clone_as_it_found_it(
    tmp_path: Path, command: str, shown: str
) -> None:
    """A new tag, file, commit or worktree left behind fails the page that left it."""
    (tmp_path / "game.py").write_text("print('hi')\n", encoding="utf-8")
    status, out = run_docs(tmp_path, f"~~~console\n$ {command}\n~~~\n")
    assert status == 1
    assert "docs/page.md: left ~/mygame changed:" in out
    assert f"\n{shown}" in out


def test_a_page_that_undoes_its_release_passes(tmp_path: Path) -> None:
    """Commit and tag in a throw-away worktree, then remove both: the clone is as it was."""
    (tmp_path / "game.py").write_text("print('hi')\n", encoding="utf-8")
    status, out = run_docs(
        tmp_path,
        """
        ~~~console
        $ git worktree add --quiet --detach ../release && cd ../release
        $ git -c user.name=a -c user.email=a@b commit -q --allow-empty -m release && git tag v1
        $ cd ~/mygame && git worktree remove ../release && git tag --delete v1
        Deleted tag 'v1' (was ...)
        ~~~
    """,
    )
    assert status == 0, out


@pytest.mark.slow
def test_network_block_shows_testpypi_while_using_the_local_index(tmp_path: Path) -> None:
    """TestPyPI is named `testpypi` in ~/.pypirc; its URLs in a command reach the local index."""
    status, out = run_docs(
        tmp_path,
        """
        <!-- docs: network talks to TestPyPI -->
        ~~~console
        $ echo https://test.pypi.org/simple/ ${PIP_INDEX_URL-none} ${TWINE_PASSWORD-none}
        https://test.pypi.org/simple/ none none
        $ grep -A3 '^\\[testpypi\\]' ~/.pypirc
        [testpypi]
        repository = https://test.pypi.org/legacy/
        username = __token__
        password = ********
        ~~~
    """,
    )
    assert status == 0, out


def test_pages_run_in_order_on_one_machine(tmp_path: Path) -> None:
    """What a page leaves (an ignored file) is there for the next page, in a new shell."""
    (tmp_path / ".gitignore").write_text("made.txt\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "01-one.md").write_text(
        "```console\n$ export GONE=1; echo made > made.txt\n```\n", encoding="utf-8"
    )
    (docs / "02-two.md").write_text(
        "```console\n$ cat made.txt; echo ${GONE-unset}\nmade\nunset\n```\n", encoding="utf-8"
    )
    status, out = runner(tmp_path)
    assert status == 0, out


@pytest.mark.slow
def test_setup_page_clones_first_and_later_pages_use_its_venv(tmp_path: Path) -> None:
    """docs/00-setup.md runs first, from home: it clones; later pages start in its venv.

    The venv needs no pip here (ensurepip would spend seconds installing one): the
    later page only has to be run by its Python.
    """
    (tmp_path / "game.py").write_text("print('hi')\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("/.venv/\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "00-setup.md").write_text(
        textwrap.dedent("""\
            ```console
            $ pwd
            ~
            $ git clone https://github.com/mygame-dev/mygame
            Cloning into 'mygame'...
            ...
            $ cd mygame
            $ python -m venv --without-pip .venv
            ```
        """),
        encoding="utf-8",
    )
    (docs / "01-page.md").write_text(
        textwrap.dedent("""\
            ```console
            $ pwd
            ~/mygame
            $ python game.py
            hi
            $ python -c "import sys; print(sys.prefix)"
            ~/mygame/.venv
            $ git status --short
            ```
        """),
        encoding="utf-8",
    )
    status, out = runner(tmp_path, str(docs / "01-page.md"))
    assert status == 0, out
    assert "docs: ok   docs/00-setup.md" in out


def test_a_hidden_environment_is_refused(tmp_path: Path) -> None:
    """`docs-page: env=dev` (tools the learner never installed) is an error, not a shortcut."""
    status, out = run_docs(
        tmp_path,
        """
        <!-- docs-page: env=dev -->
        ~~~console
        $ echo hi
        hi
        ~~~
    """,
    )
    assert status == 1
    assert "unknown page option 'env'" in out


@pytest.mark.slow
def test_network_block_runs_against_a_local_index(tmp_path: Path) -> None:
    """A `network` block reaches a local pypiserver where the page says TestPyPI."""
    status, out = run_docs(
        tmp_path,
        """
        <!-- docs: network TestPyPI is replaced by a local index -->
        ~~~console
        $ python -c "import urllib.request as u; print(u.urlopen('https://test.pypi.org/simple/').status)"
        200
        ~~~
    """,
    )
    assert status == 0, out


def test_on_windows_it_says_posix_only_and_passes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The pages drive bash and git as a learner would: Windows gets one line and exit 0."""
    monkeypatch.setattr(sys, "platform", "win32")
    assert main(["--root", "/nowhere"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("docs: POSIX only, skipped")
    assert out.count("\n") == 1
