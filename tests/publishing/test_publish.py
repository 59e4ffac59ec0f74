"""Publishing against a real pypiserver on loopback: order, credentials, resuming, conflicts."""

from __future__ import annotations

import hashlib
import re
import shutil
import socket
import subprocess
import sys
import zipfile
from typing import TYPE_CHECKING

import pytest
from helpers.installers import make_env
from mygame_devtools.publish import upload
from mygame_devtools.publish.index import project_files

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from helpers.devpi import PackageIndex
    from mygame_devtools.workspace import Distribution
    from publishing.conftest import Published

    RunPublish = Callable[..., subprocess.CompletedProcess[str]]

NAMES = ("mygame-logic", "mygame-draw", "mygame-cli")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def artifacts_of(dist_dir: Path, name: str) -> list[Path]:
    return sorted(dist_dir.glob(f"{name.replace('-', '_')}-*"))


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, f"expected one line of error, got:\n{text}"
    return lines[0]


class TestUpload:
    def test_authenticated_upload_puts_every_file_on_the_index_unchanged(
        self, published: Published, dist_dir: Path
    ) -> None:
        assert published.run.returncode == 0, published.run.stderr
        for name in NAMES:
            local = {p.name: sha256(p) for p in artifacts_of(dist_dir, name)}
            on_index = project_files(published.index.simple_url, name, local)
            assert on_index == local

    def test_uploads_run_in_dependency_order_logic_draw_cli(self, published: Published) -> None:
        projects = [name.split("-")[0] for name in published.index.stored()]
        assert len(projects) == 6
        assert projects == sorted(projects, key=["mygame_logic", "mygame_draw", "mygame_cli"].index)

    def test_password_is_never_printed(self, published: Published) -> None:
        assert published.password not in published.run.stdout + published.run.stderr

    def test_a_second_run_uploads_nothing_and_succeeds(self, published: Published) -> None:
        again = published.again()
        assert again.returncode == 0, again.stderr
        assert "uploaded 0 file(s); 6 already there" in again.stdout
        assert len(published.index.stored()) == 6


class TestRefusals:
    def test_wrong_password_is_refused_in_one_line_and_nothing_is_uploaded(
        self, index: PackageIndex, run_publish: RunPublish
    ) -> None:
        wrong = "not-" + index.username
        proc = run_publish(index, password=wrong)
        assert proc.returncode == 1
        line = one_line(proc.stderr)
        assert re.search(r": 40[13] ", line)  # pypiserver says 403, devpi 401
        assert "TWINE_PASSWORD" in line
        assert "not attempted: mygame-draw, mygame-cli" in line
        assert "fix them, then run again to resume" in line
        assert index.stored() == []
        assert project_files(index.simple_url, "mygame-logic") == {}

    def test_unreachable_index_is_one_line_and_exit_1(
        self, run_publish: RunPublish, index: PackageIndex
    ) -> None:
        with socket.socket() as sock:  # a loopback port nobody listens on
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        index.port = port
        proc = run_publish(index)
        assert proc.returncode == 1
        assert "cannot reach the index" in one_line(proc.stderr)

    def test_changed_file_is_refused_and_nothing_else_is_uploaded(
        self, index: PackageIndex, run_publish: RunPublish, dist_dir: Path, tmp_path: Path
    ) -> None:
        assert run_publish(index, "mygame-logic").returncode == 0
        changed = tmp_path / "changed"
        shutil.copytree(dist_dir, changed)
        wheel = artifacts_of(changed, "mygame-logic")[0]
        with zipfile.ZipFile(wheel, "a") as archive:  # still a valid wheel, other bytes
            archive.comment = b"rebuilt with different contents"
        proc = run_publish(index, dists=changed)
        assert proc.returncode == 1
        line = one_line(proc.stderr)
        assert f"{wheel.name} is already on the index with different contents" in line
        assert "if an upload of it failed part way, the index may keep a cut file" in line
        assert "else release a new version" in line
        assert "Nothing was uploaded" in line
        assert project_files(index.simple_url, "mygame-draw") == {}
        assert project_files(index.simple_url, "mygame-cli") == {}

    def test_dependent_alone_is_refused_until_its_siblings_are_on_the_index(
        self, index: PackageIndex, run_publish: RunPublish
    ) -> None:
        proc = run_publish(index, "mygame-draw")
        assert proc.returncode == 1
        assert "mygame-draw needs 'mygame-logic>=" in one_line(proc.stderr)
        assert index.stored() == []
        assert run_publish(index, "mygame-logic").returncode == 0
        assert run_publish(index, "mygame-draw").returncode == 0

    def test_missing_build_says_to_build_first(
        self, index: PackageIndex, run_publish: RunPublish, tmp_path: Path
    ) -> None:
        proc = run_publish(index, dists=tmp_path)
        assert proc.returncode == 1
        assert "run 'nox -s build' first" in one_line(proc.stderr)


class TestSimpleApi:
    def test_an_index_whose_simple_api_cannot_be_found_fails_before_any_upload(
        self, index: PackageIndex, hermetic: dict[str, str], index_password: str, dist_dir: Path
    ) -> None:
        """One line: the URLs tried and the option to fix it; nothing reaches the index."""
        wrong = index.upload_url + "nowhere/"
        env = {**hermetic, "TWINE_USERNAME": index.username, "TWINE_PASSWORD": index_password}
        proc = subprocess.run(
            [
                sys.executable, "-m", "mygame_devtools.publish", "--repository-url", wrong,
                "--dist-dir", str(dist_dir),
            ],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        assert proc.returncode == 1
        line = one_line(proc.stderr)
        assert f"cannot find the simple API of {wrong}: tried {wrong}simple/" in line
        assert "give it with --simple-url URL. Nothing was uploaded." in line
        assert "run again" not in line
        assert index.stored() == []

    def test_a_wrong_simple_url_is_refused_before_any_upload(
        self, index: PackageIndex, run_publish: RunPublish
    ) -> None:
        proc = run_publish(index, "--simple-url", index.upload_url + "wrong/")
        assert proc.returncode == 1
        assert "--simple-url does not answer" in one_line(proc.stderr)
        assert index.stored() == []

    def test_the_simple_api_found_is_the_servers_own(
        self, index: PackageIndex, run_publish: RunPublish
    ) -> None:
        proc = run_publish(index, "--dry-run")
        assert proc.returncode == 0, proc.stderr
        assert f"; simple API {index.simple_url}\n" in proc.stdout


class TestDryRun:
    def test_dry_run_uploads_nothing(self, index: PackageIndex, run_publish: RunPublish) -> None:
        proc = run_publish(index, "--dry-run")
        assert proc.returncode == 0, proc.stderr
        assert "would upload 6 file(s); 0 already there" in proc.stdout
        assert index.stored() == []

    def test_dry_run_of_a_dependent_sees_its_siblings_on_the_index(
        self, index: PackageIndex, run_publish: RunPublish
    ) -> None:
        """The siblings are read back from the index (devpi: +simple/), not reported missing."""
        assert run_publish(index, "mygame-logic", "mygame-draw").returncode == 0
        stored = index.stored()
        proc = run_publish(index, "--dry-run", "mygame-cli")
        assert proc.returncode == 0, proc.stderr
        assert "would upload 2 file(s); 0 already there" in proc.stdout
        assert index.stored() == stored


class TestResume:
    def test_publish_interrupted_by_a_lost_index_resumes_where_it_stopped(
        self,
        index: PackageIndex,
        index_password: str,
        dist_dir: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """The index goes away after the first distribution; a second run finishes the job."""
        monkeypatch.setenv("TWINE_USERNAME", index.username)
        monkeypatch.setenv("TWINE_PASSWORD", index_password)
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
        real_verify = upload._verify

        def verify_then_lose_the_index(dist: Distribution, files: list[Path], simple: str) -> None:
            real_verify(dist, files, simple)
            index.stop()  # the network drops right after mygame-logic went up

        monkeypatch.setattr(upload, "_verify", verify_then_lose_the_index)
        args = ["--repository-url", index.upload_url, "--dist-dir", str(dist_dir)]
        assert upload.main(args) == 1
        error = capsys.readouterr().err
        assert "uploading mygame-draw" in one_line(error)
        assert "done before it: mygame-logic; not attempted: mygame-cli" in error
        assert [n.split("-")[0] for n in index.stored()] == ["mygame_logic", "mygame_logic"]

        monkeypatch.setattr(upload, "_verify", real_verify)
        index.start()  # the same folder, so the same files, on a new port
        args = ["--repository-url", index.upload_url, "--dist-dir", str(dist_dir)]
        assert upload.main(args) == 0
        out = capsys.readouterr().out
        assert out.count("already on the index, same sha256: skipped") == 2
        assert "uploaded 4 file(s); 2 already there" in out
        for name in NAMES:
            assert len(project_files(index.simple_url, name)) == 2


class TestInstallFromIndex:
    @pytest.mark.slow
    @pytest.mark.parametrize(
        ("name", "present", "absent"),
        [
            ("mygame-logic", ["logic"], ["draw", "cli"]),
            ("mygame-draw", ["logic", "draw"], ["cli"]),
            ("mygame-cli", ["logic", "draw", "cli"], []),
        ],
    )
    def test_pip_installs_each_distribution_on_its_own_from_the_index(
        self,
        *,
        published: Published,
        hermetic: dict[str, str],
        tmp_path: Path,
        name: str,
        present: list[str],
        absent: list[str],
    ) -> None:
        index = published.index
        env = make_env(tmp_path / "venv", "pip")  # pip from outside fills it, as uv would
        install = subprocess.run(
            [*map(str, env.pip), "install", "--index-url", index.simple_url, name],
            capture_output=True, text=True, env=hermetic, check=False,
        )  # fmt: skip
        assert install.returncode == 0, install.stdout + install.stderr
        probe = (
            "import importlib.util as u,sys; print(*(bool(u.find_spec(m)) for m in sys.argv[1:]))"
        )
        modules = [f"mygame.{short}" for short in [*present, *absent]]
        found = subprocess.run(
            [str(env.python), "-c", probe, *modules],
            capture_output=True, text=True, env=hermetic, cwd=tmp_path, check=True,
        )  # fmt: skip
        expected = " ".join(["True"] * len(present) + ["False"] * len(absent))
        assert found.stdout.strip() == expected
