"""Upload the built distributions with twine, in dependency order, resumably.

``python -m mygame_devtools.publish [--repository testpypi|pypi|NAME |
--repository-url URL] [DIST...]``

- Order: mygame-logic, then mygame-draw, then mygame-cli (the workspace's dependency
  order), so a dependent never reaches an index before what it needs. The first
  failure stops the run: nothing after it is uploaded.
- Publishing only some distributions (``publish.py mygame-cli``) is refused while
  a sibling they need (a version their range admits) is neither on the index nor
  in the same run.
- Resumable: before uploading anything, the index's simple API (PEP 691 JSON or
  PEP 503 HTML) says which files it already has, with their sha256. Files it has
  with the same contents are skipped; a file it has with *different* contents is
  an error, raised before any upload, since no index replaces a file.
- Credentials: only twine's own sources (``TWINE_USERNAME``/``TWINE_PASSWORD``,
  keyring, ``~/.pypirc``); never from the repository, never printed or stored. The
  simple API is read anonymously, or with ``TWINE_USERNAME``/``TWINE_PASSWORD`` when
  the index asks for a login. URLs are printed without any ``user:password@`` part.
  A URL with a ``user:password@`` part is refused (nox would echo it). Plain
  ``http://`` to another machine gets a warning: the password would travel in clear.
- Bounded: each twine upload gets ``MYGAME_UPLOAD_DEADLINE`` seconds (600), each
  read of the index the limits of tools/simple_index.py.
- Errors (refused credentials, unreachable index, rejected file, a server that
  stopped answering) end in one line on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import configparser
import hashlib
import ipaddress
import os
import re
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)

from mygame_devtools.release import pretty
from mygame_devtools.simple_discovery import find_simple_url
from mygame_devtools.simple_index import (
    IndexReadError,
    env_seconds,
    project_files,
    redact,
    simple_url_for,
)
from mygame_devtools.workspace import ROOT, Distribution, load_workspace

if TYPE_CHECKING:
    from collections.abc import Sequence

    from packaging.version import Version

__all__ = [
    "PublishError",
    "Target",
    "UploadPlan",
    "artifacts",
    "credentials_refusal",
    "main",
    "plan",
    "publish",
    "resolve_target",
]

_KNOWN = {"pypi": "https://upload.pypi.org/legacy/", "testpypi": "https://test.pypi.org/legacy/"}
_HINTS = {
    401: "check TWINE_USERNAME and TWINE_PASSWORD (or your keyring) for this index",
    403: "check TWINE_USERNAME and TWINE_PASSWORD (or your keyring) for this index",
    400: "the index rejected the file",
    409: "the index already has a file of that name",
}


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_URL_OPTIONS = ("--repository-url", "--simple-url")
_UPLOAD_DEADLINE = 600.0
_REFUSAL = (
    "{option} must not carry credentials (user:password@): nox and logs would show "
    "them; set TWINE_USERNAME and TWINE_PASSWORD, or store them in keyring, instead"
)


class PublishError(Exception):
    """Publishing cannot go on; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Target:
    """Where to upload: twine's arguments for it and the simple API to ask first."""

    label: str
    twine_args: tuple[str, ...]
    simple_url: str
    pypi_like: bool = False
    insecure: bool = False  # plain http to another machine: the password travels in clear
    upload_url: str | None = None  # asked for its simple API before any upload
    simple_given: bool = False  # --simple-url: checked, not searched for


@dataclass(slots=True)
class UploadPlan:
    """One distribution's files: those the index has already, those to upload."""

    dist: Distribution
    present: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pypirc_repository(name: str) -> str | None:
    """Return the ``repository`` URL ``~/.pypirc`` gives ``name``, or None."""
    config = configparser.ConfigParser()
    config.read(Path("~/.pypirc").expanduser(), encoding="utf-8")
    return config.get(name, "repository") if config.has_option(name, "repository") else None


def _pypirc_url(name: str) -> str:
    url = _pypirc_repository(name)
    if url is None:
        msg = (
            f"no repository named '{name}': use testpypi, pypi, a [{name}] section with "
            "'repository = URL' in ~/.pypirc, or --repository-url URL"
        )
        raise PublishError(msg)
    return url


def _has_userinfo(url: str) -> bool:
    return "@" in urllib.parse.urlsplit(url).netloc


def credentials_refusal(argv: Sequence[str]) -> str | None:
    """Return why ``argv`` may not run (a URL option with credentials in it), or None.

    The nox session asks this before it runs (and so echoes) the command line.
    """
    for i, arg in enumerate(argv):
        option, equals, value = arg.partition("=")
        if option not in _URL_OPTIONS:
            continue
        if not equals:
            value = argv[i + 1] if i + 1 < len(argv) else ""
        if _has_userinfo(value):
            return _REFUSAL.format(option=option)
    return None


def _insecure(url: str) -> bool:
    """Say whether ``url`` is plain http to anything but this machine."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() != "http":
        return False
    host = (parts.hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def resolve_target(
    repository: str | None, repository_url: str | None, simple_url: str | None
) -> Target:
    """Turn the command line's choice of index into a :class:`Target`."""
    for option, url in zip(_URL_OPTIONS, (repository_url, simple_url), strict=True):
        if url and _has_userinfo(url):
            raise PublishError(_REFUSAL.format(option=option))
    if repository_url:
        return Target(
            label=redact(repository_url),
            twine_args=("--repository-url", repository_url),
            simple_url=simple_url or simple_url_for(repository_url),
            insecure=_insecure(repository_url),
            upload_url=repository_url,
            simple_given=bool(simple_url),
        )
    name = repository or "testpypi"
    # ~/.pypirc may point even testpypi or pypi elsewhere (a mirror, a stand-in):
    # twine honours that, so the simple API we ask must be the same index.
    if name in _KNOWN and _pypirc_repository(name) is None:
        upload = _KNOWN[name]
        # twine's --skip-existing understands these two: a second guard beside ours,
        # for the minutes in which their CDN still serves an older simple page.
        return Target(
            label=f"{name} ({upload})",
            twine_args=("--repository", name, "--skip-existing"),
            simple_url=simple_url or simple_url_for(upload),
            pypi_like=True,
            simple_given=bool(simple_url),
        )
    url = _pypirc_url(name)
    return Target(
        label=f"{name} ({redact(url)})",
        twine_args=("--repository", name),
        simple_url=simple_url or simple_url_for(redact(url)),
        insecure=_insecure(url),
        upload_url=url,
        simple_given=bool(simple_url),
    )


def artifacts(dist: Distribution, dist_dir: Path) -> list[Path]:
    """Return the wheel(s), then the sdist, of the version in the tree (twine's own order)."""
    sdist = dist_dir / f"{dist.dist_stem}.tar.gz"
    wheels = sorted(dist_dir.glob(f"{dist.dist_stem}-*.whl"))
    if not sdist.is_file() or not wheels:
        kind = "sdist" if not sdist.is_file() else "wheel"
        msg = (
            f"{dist_dir} has no {kind} of {dist.name} {dist.version} "
            "(the version in the tree): run 'nox -s build' first"
        )
        raise PublishError(msg)
    return [*wheels, sdist]


def plan(dists: Sequence[Distribution], dist_dir: Path, target: Target) -> list[UploadPlan]:
    """Compare each artifact with what the index holds; refuse any changed file.

    Nothing is uploaded by this step, so a conflict found for the last
    distribution stops the run before the first one is touched.
    """
    plans: list[UploadPlan] = []
    conflicts: list[str] = []
    for dist in dists:
        files = artifacts(dist, dist_dir)
        try:
            remote = project_files(target.simple_url, dist.name)
        except IndexReadError as error:
            raise PublishError(str(error)) from None
        step = UploadPlan(dist)
        for path in files:
            theirs = remote.get(path.name)
            if theirs is None:
                step.missing.append(path)
                continue
            ours = _sha256(path)
            if theirs.lower() == ours:
                step.present.append(path)
            else:
                conflicts.append(
                    f"{path.name} is already on the index with different contents "
                    f"(sha256 {theirs[:12]}... there, {ours[:12]}... here)"
                )
        plans.append(step)
    if conflicts:
        msg = (
            f"{'; '.join(conflicts)}. An index never replaces a file: release a new "
            "version (nox -s release -- DIST patch) instead. Nothing was uploaded."
        )
        raise PublishError(msg)
    _check_siblings(dists, target)
    return plans


def _versions_on_index(simple_url: str, project: str) -> set[Version]:
    versions: set[Version] = set()
    for name in project_files(simple_url, project):
        try:
            if name.endswith(".whl"):
                versions.add(parse_wheel_filename(name)[1])
            elif name.endswith(".tar.gz"):
                versions.add(parse_sdist_filename(name)[1])
        except (InvalidSdistFilename, InvalidWheelFilename):
            continue
    return versions


def _check_siblings(dists: Sequence[Distribution], target: Target) -> None:
    """Refuse a dependent whose siblings are neither in this run nor on the index.

    Publishing ``mygame-cli`` alone is fine once a ``mygame-draw`` its range admits
    is on the index; before that, it would reach users before what it needs.
    """
    in_run = {d.name: d.version for d in dists}
    missing: list[str] = []
    for dist in dists:
        for req in dist.requirements:
            sibling = canonicalize_name(req.name)
            if sibling in in_run and req.specifier.contains(in_run[sibling], prereleases=True):
                continue
            try:
                available = _versions_on_index(target.simple_url, sibling)
            except IndexReadError as error:
                raise PublishError(str(error)) from None
            if not any(req.specifier.contains(v, prereleases=True) for v in available):
                missing.append(f"{dist.name} needs '{pretty(req)}', which the index lacks")
    if missing:
        msg = f"{'; '.join(missing)}: publish those first (or together). Nothing was uploaded."
        raise PublishError(msg)


def _twine_failure(output: str) -> str:
    """Say in one line why twine failed, with a hint for the usual causes."""
    lines = [_ANSI.sub("", line).strip() for line in output.splitlines()]
    lines = [line for line in lines if line]
    errors = [i for i, line in enumerate(lines) if line.startswith("ERROR")]
    if not errors:
        last = lines[-1] if lines else "twine failed without saying why"
        errno = re.search(r"\[Errno -?\d+\] [^\"')]+", last)
        if "ConnectionError" in last or errno:
            return f"cannot reach the index ({errno[0] if errno else last})"
        return last
    first = errors[0]
    reason = lines[first].removeprefix("ERROR").strip()
    detail = lines[first + 1] if first + 1 < len(lines) else ""
    reason = reason.split(" from ")[0]
    if detail and detail not in reason:
        reason = f"{reason} ({detail})"
    for code, hint in _HINTS.items():
        if f": {code} " in reason:
            return f"{reason}: {hint}"
    if "Credential not found" in reason:
        return f"{reason} Set TWINE_USERNAME and TWINE_PASSWORD, or store them in keyring"
    return reason


def _when_to_run_again(reason: str) -> str:
    """Say "run again" only when running again can succeed."""
    if any(f": {code} " in reason for code in (400, 409)):
        return "running again will not help: the index refuses this file"
    if any(f": {code} " in reason for code in (401, 403)):
        return "fix them, then run again to resume"
    return "run again to resume"


def _upload(files: Sequence[Path], target: Target) -> None:
    env = {
        **os.environ,
        "TWINE_NON_INTERACTIVE": "1",  # never wait for a password prompt
        "COLUMNS": "500",  # twine's rich logging: keep each message on one line
        "NO_COLOR": "1",
    }
    try:
        deadline = env_seconds("MYGAME_UPLOAD_DEADLINE", _UPLOAD_DEADLINE)
    except ValueError as error:
        raise PublishError(str(error)) from None
    cmd = [sys.executable, "-m", "twine", "upload", "--disable-progress-bar", *target.twine_args]
    try:
        proc = subprocess.run(
            [*cmd, *map(str, files)],
            capture_output=True, text=True, env=env, check=False, timeout=deadline,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        msg = (
            f"the index at {target.label} stopped answering: the upload did not finish "
            f"within {deadline:g} s (MYGAME_UPLOAD_DEADLINE)"
        )
        raise PublishError(msg) from None
    if proc.returncode != 0:
        raise PublishError(_twine_failure(proc.stdout + proc.stderr))


def _verify(step: UploadPlan, target: Target) -> None:
    """Ask the index again: each uploaded file must now be there, byte for byte."""
    remote = project_files(target.simple_url, step.dist.name)
    for path in step.missing:
        theirs = remote.get(path.name)
        if theirs is None:
            msg = (
                f"{path.name} was accepted but {redact(target.simple_url)} does not list it yet; "
                "run again once it does"
            )
            raise PublishError(msg)
        if theirs.lower() != _sha256(path):
            msg = (
                f"{path.name} was accepted but the index serves other bytes (sha256 "
                f"{theirs[:12]}...); running again will not help: check the index"
            )
            raise PublishError(msg)


def _with_simple_api(target: Target) -> Target:
    """Find the simple API (or check the one given) before anything is uploaded."""
    if target.upload_url is None and not target.simple_given:
        return target  # PyPI or TestPyPI: known
    given = target.simple_url if target.simple_given else None
    try:
        found = find_simple_url(target.upload_url or target.simple_url, given)
    except IndexReadError as error:
        raise PublishError(str(error)) from None
    return replace(target, simple_url=found)


def publish(
    dists: Sequence[Distribution], dist_dir: Path, target: Target, *, dry_run: bool = False
) -> list[UploadPlan]:
    """Upload what the index lacks, one distribution at a time, in the given order."""
    target = _with_simple_api(target)
    print(f"publish: target {target.label}; simple API {redact(target.simple_url)}")
    if target.insecure:
        print(
            f"publish: warning: {target.label} is plain http to another machine: the "
            "password would travel unencrypted; use an https URL",
            file=sys.stderr,
        )
    plans = plan(dists, dist_dir, target)
    for index, step in enumerate(plans):
        name = f"{step.dist.name} {step.dist.version}"
        for path in step.present:
            print(f"publish: {name}: {path.name} already on the index, same sha256: skipped")
        if not step.missing:
            continue
        if dry_run:
            print(f"publish: {name}: would upload {', '.join(p.name for p in step.missing)}")
            continue
        done = ", ".join(s.dist.name for s in plans[:index]) or "none"
        after = ", ".join(s.dist.name for s in plans[index + 1 :])
        state = f"done before it: {done}" + (f"; not attempted: {after}" if after else "")
        try:
            _upload(step.missing, target)
        except PublishError as error:
            again = _when_to_run_again(str(error))
            msg = f"uploading {name} failed: {error} ({state}; {again})"
            raise PublishError(msg) from None
        try:
            if not target.pypi_like:
                _verify(step, target)
        except (PublishError, IndexReadError) as error:
            msg = f"{name} was uploaded but not verified: {error} ({state})"
            raise PublishError(msg) from None
        for path in step.missing:
            print(f"publish: {name}: uploaded {path.name}")
    return plans


def _select(dists: list[Distribution], names: Sequence[str]) -> list[Distribution]:
    if not names:
        return dists
    wanted = {canonicalize_name(n) for n in names}
    unknown = wanted - {d.name for d in dists}
    if unknown:
        known = ", ".join(d.name for d in dists)
        msg = f"unknown distribution(s) {', '.join(sorted(unknown))}: choose from {known}"
        raise PublishError(msg)
    return [d for d in dists if d.name in wanted]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publish",
        description="Upload dist/ with twine in dependency order; resumable; "
        "credentials from TWINE_USERNAME/TWINE_PASSWORD or keyring.",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--repository", "-r", help="testpypi (default), pypi, or a section of ~/.pypirc"
    )
    where.add_argument("--repository-url", help="upload URL of any other index")
    parser.add_argument(
        "--simple-url",
        help="the index's simple API root; by default found by trying the known layouts "
        "(PyPI, pypiserver simple/, devpi +simple/, Artifactory, Nexus)",
    )
    parser.add_argument("--dist-dir", type=Path, default=ROOT / "dist", help="default: dist/")
    parser.add_argument("--dry-run", action="store_true", help="say what would be uploaded")
    parser.add_argument(
        "dists", nargs="*", metavar="DIST", help="only these distributions (default: all)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the publish command line; return its exit status."""
    args = _parser().parse_args(argv)
    try:
        dists = _select(load_workspace(), args.dists)
        target = resolve_target(args.repository, args.repository_url, args.simple_url)
        plans = publish(dists, args.dist_dir, target, dry_run=args.dry_run)
    except PublishError as error:
        print(f"publish: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("publish: interrupted; run it again to upload what is missing", file=sys.stderr)
        return 130
    uploaded = sum(len(p.missing) for p in plans)
    present = sum(len(p.present) for p in plans)
    verb = "would upload" if args.dry_run else "uploaded"
    print(f"publish: {verb} {uploaded} file(s); {present} already there; order: ", end="")
    print(" -> ".join(p.dist.name for p in plans))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
