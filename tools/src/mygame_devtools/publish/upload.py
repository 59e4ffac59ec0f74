"""Upload the built distributions with twine: checked first, in dependency order, verified.

Ours because ``uv publish`` reorders files and leaves half a release on a conflict, twine's
``--skip-existing`` does not compare contents, and neither refuses a dependent whose sibling
is missing from the index.
"""

from __future__ import annotations

import argparse
import contextlib
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
from twine.exceptions import InvalidConfiguration
from twine.utils import DEFAULT_CONFIG_FILE, get_repository_from_config

from mygame_devtools.publish.index import (
    KNOWN,
    IndexReadError,
    env_seconds,
    errno_reason,
    find_simple_url,
    project_files,
    redact,
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
    "check_url",
    "credentials_refusal",
    "main",
    "plan",
    "publish",
    "resolve_target",
]

_HINTS = {
    400: "the index rejected the file",
    401: "check TWINE_USERNAME and TWINE_PASSWORD (or your keyring) for this index",
    403: "check TWINE_USERNAME and TWINE_PASSWORD (or your keyring) for this index",
    409: "the index already has a file of that name",
}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_URL_OPTIONS = ("--repository-url", "--simple-url")
_SECRET_OPTIONS = ("--password", "--username", "--token")
_NO_SECRETS = "must not carry credentials (user:password@ or ?query)"
_KEEP_SECRETS = (
    "nox and logs would show them; set TWINE_USERNAME and TWINE_PASSWORD, "
    "or store them in keyring, instead"
)


class PublishError(Exception):
    """Publishing cannot go on; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Target:
    """Where twine uploads, and the simple API that says what is there (None: to be found)."""

    label: str
    twine_args: tuple[str, ...]
    upload_url: str
    simple_url: str | None = None
    pypi_like: bool = False  # PyPI, TestPyPI: their CDN lags, so twine skips too; no verify


@dataclass(slots=True)
class UploadPlan:
    """One distribution's files: those the index has already, those to upload."""

    dist: Distribution
    present: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _secret_in_url(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return "@" in parts.netloc or bool(parts.query)


def credentials_refusal(argv: Sequence[str]) -> str | None:
    """Return why ``argv`` may not run (it carries a credential), or None; never echo it."""
    for i, arg in enumerate(argv):
        option, equals, value = arg.partition("=")
        if re.match(r"-[pu]", arg) or (
            len(option) > 2 and any(s.startswith(option) for s in _SECRET_OPTIONS)
        ):
            return f"publish takes no credentials on its command line: {_KEEP_SECRETS}"
        if option in _URL_OPTIONS:
            value = value if equals else (argv[i + 1] if i + 1 < len(argv) else "")
            if _secret_in_url(value):
                return f"{option} {_NO_SECRETS}: {_KEEP_SECRETS}"
    return None


def check_url(url: str, what: str) -> None:
    """Refuse, in one line naming ``what``, a URL that is not a plain http(s) index URL."""
    parts = urllib.parse.urlsplit(url.strip())
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    checks = (
        (not url.strip(), "is empty"),
        (any(not c.isprintable() or c.isspace() for c in url), "has spaces or control characters"),
        (parts.scheme.lower() not in {"http", "https"}, "must start with https:// (or http://)"),
        (_secret_in_url(url), f"{_NO_SECRETS}: {_KEEP_SECRETS}"),
        (not parts.hostname, "has no host"),
        (not port_ok, "has a malformed port"),
        (bool(parts.fragment), "must not have a #fragment"),
    )
    for failed, problem in checks:
        if failed:
            msg = f"{what} {problem}"
            raise PublishError(msg)


def _insecure(url: str) -> bool:
    """Plain http to anything but this machine: the password would travel in clear."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() != "http" or host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def resolve_target(
    repository: str | None, repository_url: str | None, simple_url: str | None
) -> Target:
    """Turn the command line's choice of index into a :class:`Target`; twine reads ~/.pypirc."""
    for option, url in zip(_URL_OPTIONS, (repository_url, simple_url), strict=True):
        if url is not None:
            check_url(url, option)
    if repository_url is not None:
        args = ("--repository-url", repository_url)
        return Target(redact(repository_url), args, repository_url, simple_url)
    name = repository or "testpypi"
    try:  # the very lookup twine makes, so the simple API asked is that of twine's index
        url = str(get_repository_from_config(DEFAULT_CONFIG_FILE, name)["repository"])
    except InvalidConfiguration:
        msg = (
            f"no repository named '{name}': use testpypi, pypi, a [{name}] section (listed in"
            " [distutils] index-servers) with 'repository = URL' in ~/.pypirc, or --repository-url"
        )
        raise PublishError(msg) from None
    check_url(url, f"the repository of [{name}] in ~/.pypirc")
    pypi_like = url in KNOWN
    args = ("--repository", name, *(("--skip-existing",) if pypi_like else ()))
    return Target(f"{name} ({redact(url)})", args, url, simple_url, pypi_like)


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


def _files(simple_url: str, project: str, wanted: Sequence[Path] = ()) -> dict[str, str]:
    try:
        return project_files(simple_url, project, {p.name for p in wanted})
    except IndexReadError as error:
        raise PublishError(str(error)) from None


def plan(dists: Sequence[Distribution], dist_dir: Path, simple_url: str) -> list[UploadPlan]:
    """Compare every artifact with the index before any upload; refuse any changed file."""
    plans: list[UploadPlan] = []
    conflicts: list[str] = []
    for dist in dists:
        files = artifacts(dist, dist_dir)
        remote = _files(simple_url, dist.name, files)
        step = UploadPlan(dist)
        for path in files:
            theirs, ours = remote.get(path.name), _sha256(path)
            if theirs is None:
                step.missing.append(path)
            elif theirs == ours:
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
    _check_siblings(dists, simple_url)
    return plans


def _versions_on_index(simple_url: str, project: str) -> set[Version]:
    versions: set[Version] = set()
    for name in _files(simple_url, project):
        with contextlib.suppress(InvalidSdistFilename, InvalidWheelFilename):
            parse = parse_wheel_filename if name.endswith(".whl") else parse_sdist_filename
            versions.add(parse(name)[1])
    return versions


def _check_siblings(dists: Sequence[Distribution], simple_url: str) -> None:
    """Refuse a dependent whose siblings are neither in this run nor on the index."""
    in_run = {d.name: d.version for d in dists}
    missing: list[str] = []
    for dist in dists:
        for req in dist.requirements:
            sibling = canonicalize_name(req.name)
            if sibling in in_run and req.specifier.contains(in_run[sibling], prereleases=True):
                continue
            available = _versions_on_index(simple_url, sibling)
            if not any(req.specifier.contains(v, prereleases=True) for v in available):
                specs = sorted(req.specifier, key=lambda s: (s.operator in {"<", "<="}, str(s)))
                wanted = f"{req.name}{','.join(map(str, specs))}"
                missing.append(f"{dist.name} needs '{wanted}', which the index lacks")
    if missing:
        msg = f"{'; '.join(missing)}: publish those first (or together). Nothing was uploaded."
        raise PublishError(msg)


def _twine_failure(output: str) -> str:
    """Say in one line, printable, why twine failed, with a hint for the usual causes."""
    reason = _twine_reason(output)
    return "".join(c if c.isprintable() else "?" for c in reason)


def _twine_reason(output: str) -> str:
    lines = [line for line in (_ANSI.sub("", x).strip() for x in output.splitlines()) if line]
    errors = [i for i, line in enumerate(lines) if line.startswith("ERROR")]
    if not errors:
        last = lines[-1] if lines else "twine failed without saying why"
        errno = errno_reason(last)
        if "ConnectionError" in last or errno:
            return f"cannot reach the index ({errno or last})"
        return last
    first = errors[0]
    reason = lines[first].removeprefix("ERROR").strip().split(" from ")[0]
    detail = lines[first + 1] if first + 1 < len(lines) else ""
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
    try:
        deadline = env_seconds("MYGAME_UPLOAD_DEADLINE", 600.0)
    except ValueError as error:
        raise PublishError(str(error)) from None
    # Never wait for a password prompt; keep each of twine's messages on one line.
    env = {**os.environ, "TWINE_NON_INTERACTIVE": "1", "COLUMNS": "500", "NO_COLOR": "1"}
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
    assert target.simple_url is not None
    remote = _files(target.simple_url, step.dist.name, step.missing)
    for path in step.missing:
        theirs = remote.get(path.name)
        if theirs is None:
            msg = (
                f"{path.name} was accepted but {redact(target.simple_url)} does not list it "
                "yet; run again once it does"
            )
            raise PublishError(msg)
        if theirs != _sha256(path):
            msg = (
                f"{path.name} was accepted but the index serves other bytes (sha256 "
                f"{theirs[:12]}...); running again will not help: check the index"
            )
            raise PublishError(msg)


def _upload_step(step: UploadPlan, target: Target, plans: list[UploadPlan], index: int) -> None:
    """Upload one distribution's missing files and verify them; say what is done if not."""
    name = f"{step.dist.name} {step.dist.version}"
    done = ", ".join(s.dist.name for s in plans[:index]) or "none"
    after = ", ".join(s.dist.name for s in plans[index + 1 :])
    state = f"done before it: {done}" + (f"; not attempted: {after}" if after else "")
    try:
        _upload(step.missing, target)
    except PublishError as error:
        msg = f"uploading {name} failed: {error} ({state}; {_when_to_run_again(str(error))})"
        raise PublishError(msg) from None
    if not target.pypi_like:
        try:
            _verify(step, target)
        except PublishError as error:
            msg = f"{name} was uploaded but not verified: {error} ({state})"
            raise PublishError(msg) from None
    for path in step.missing:
        print(f"publish: {name}: uploaded {path.name}")


def publish(
    dists: Sequence[Distribution], dist_dir: Path, target: Target, *, dry_run: bool = False
) -> list[UploadPlan]:
    """Upload what the index lacks, one distribution at a time, in the given order."""
    try:
        simple = find_simple_url(target.upload_url, target.simple_url)
    except IndexReadError as error:
        raise PublishError(str(error)) from None
    target = replace(target, simple_url=simple)
    print(f"publish: target {target.label}; simple API {redact(simple)}")
    if _insecure(target.upload_url):
        print(
            f"publish: warning: {target.label} is plain http to another machine: the "
            "password would travel unencrypted; use an https URL",
            file=sys.stderr,
        )
    plans = plan(dists, dist_dir, simple)
    for index, step in enumerate(plans):
        name = f"{step.dist.name} {step.dist.version}"
        for path in step.present:
            print(f"publish: {name}: {path.name} already on the index, same sha256: skipped")
        if not step.missing:
            continue
        if dry_run:
            print(f"publish: {name}: would upload {', '.join(p.name for p in step.missing)}")
            continue
        _upload_step(step, target, plans, index)
    return plans


def _select(dists: list[Distribution], names: Sequence[str]) -> list[Distribution]:
    wanted = {canonicalize_name(n) for n in names}
    if unknown := wanted - {d.name for d in dists}:
        known = ", ".join(d.name for d in dists)
        msg = f"unknown distribution(s) {', '.join(sorted(unknown))}: choose from {known}"
        raise PublishError(msg)
    return [d for d in dists if d.name in wanted or not names]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publish",
        description="Upload dist/ with twine in dependency order; resumable; "
        "credentials from TWINE_USERNAME/TWINE_PASSWORD or keyring.",
        allow_abbrev=False,  # no spelling of an option but its own
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--repository", "-r", help="testpypi (default), pypi, or a ~/.pypirc section"
    )
    where.add_argument("--repository-url", help="upload URL of any other index")
    parser.add_argument(
        "--simple-url",
        help="the index's simple API root; by default found by trying the known layouts "
        "(PyPI, pypiserver simple/, devpi +simple/, Artifactory, Nexus)",
    )
    parser.add_argument("--dist-dir", type=Path, default=ROOT / "dist", help="default: dist/")
    parser.add_argument("--dry-run", action="store_true", help="say what would be uploaded")
    parser.add_argument("dists", nargs="*", metavar="DIST", help="only these (default: all)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the publish command line; return its exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if refusal := credentials_refusal(argv):
        print(f"publish: error: {refusal}", file=sys.stderr)
        return 1
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
    order = " -> ".join(p.dist.name for p in plans)
    print(f"publish: {verb} {uploaded} file(s); {present} already there; order: {order}")
    return 0
