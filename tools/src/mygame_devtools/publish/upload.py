"""Upload the built distributions with twine: checked first, in dependency order, verified.

Ours because ``uv publish`` reorders files and stops half way on a conflict, and twine's
``--skip-existing`` neither compares contents nor refuses a dependent lacking its sibling.
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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from packaging import utils
from twine.exceptions import InvalidConfiguration
from twine.utils import DEFAULT_CONFIG_FILE, get_repository_from_config

from mygame_devtools.publish import index
from mygame_devtools.publish.index import IndexReadError, redact
from mygame_devtools.workspace import ROOT, Distribution, WorkspaceError, load_workspace

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["PublishError", "Target", "artifacts", "main", "resolve_target"]

_LOGIN = "set TWINE_USERNAME and TWINE_PASSWORD, or store them in keyring"
_CHECK = "check TWINE_USERNAME and TWINE_PASSWORD (or your keyring) for this index"
_NO = "running again will not help: the index refuses this file"
_FIX = "fix them, then run again to resume"
# A server that fails while storing (a full disk) may keep a cut file, which no upload replaces.
_CUT = "the index may keep a cut file: have its operator delete it, then run again"
_Plan = tuple[Distribution, list[Path], list[Path]]  # its files on the index, those missing
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_HINTS = {  # in twine's error -> the hint to add, and whether running again can help
    ": 400 ": ("the index rejected the file", _NO),
    ": 401 ": (_CHECK, _FIX),
    ": 403 ": (_CHECK, _FIX),
    ": 409 ": ("the index already has a file of that name", _NO),
    ": 500 ": ("the index failed while storing it (a full disk?)", _CUT),
    ": 507 ": ("the index has no room left", _CUT),
    "Credential not found": (_LOGIN, _FIX),
}


class PublishError(Exception):
    """Publishing cannot go on; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Target:
    """Where twine uploads; ``pypi_like``: PyPI or TestPyPI, whose CDN lags (no verify)."""

    label: str
    twine_args: tuple[str, ...]
    upload_url: str
    simple_url: str | None = None  # None: found from upload_url
    pypi_like: bool = False


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_url(url: str, what: str) -> None:
    """Refuse, in one line naming ``what``, a URL that is not a plain http(s) index URL."""
    parts = urllib.parse.urlsplit(url.strip())
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    carries = "must not carry credentials (user:password@ or ?query): nox and logs would show them"
    problems = (
        (not url.strip(), "is empty"),
        (any(not c.isprintable() or c.isspace() for c in url), "has spaces or control characters"),
        (parts.scheme.lower() not in {"http", "https"}, "must start with https:// (or http://)"),
        ("@" in parts.netloc or bool(parts.query), f"{carries}; {_LOGIN}, instead"),
        (not parts.hostname, "has no host"),
        (not port_ok, "has a malformed port"),
        (bool(parts.fragment), "must not have a #fragment"),
    )
    if problem := next((problem for failed, problem in problems if failed), None):
        msg = f"{what} {problem}"
        raise PublishError(msg)


def _insecure(url: str) -> bool:
    """Plain http to anything but this machine: the password would travel in clear."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    with contextlib.suppress(ValueError):  # a name, not an address
        host = "localhost" if ipaddress.ip_address(host).is_loopback else host
    return (
        parts.scheme.lower() == "http" and host != "localhost" and not host.endswith(".localhost")
    )


def resolve_target(name: str | None, url: str | None, simple_url: str | None) -> Target:
    """Turn ``--repository``, ``--repository-url`` and ``--simple-url`` into a :class:`Target`."""
    for option, given in (("--repository-url", url), ("--simple-url", simple_url)):
        if given is not None:
            _check_url(given, option)
    if url is not None:
        return Target(redact(url), ("--repository-url", url), url, simple_url)
    name = name or "testpypi"
    try:  # the very lookup twine makes, so the simple API asked is that of twine's index
        url = str(get_repository_from_config(DEFAULT_CONFIG_FILE, name)["repository"])
    except InvalidConfiguration:
        msg = f"no repository named '{name}': use testpypi, pypi, a [{name}] section (listed in"
        msg += (
            " [distutils] index-servers) with 'repository = URL' in ~/.pypirc, or --repository-url"
        )
        raise PublishError(msg) from None
    _check_url(url, f"the repository of [{name}] in ~/.pypirc")
    pypi_like = url in index.KNOWN
    args = ("--repository", name, *(("--skip-existing",) if pypi_like else ()))
    return Target(f"{name} ({redact(url)})", args, url, simple_url, pypi_like)


def artifacts(dist: Distribution, dist_dir: Path) -> list[Path]:
    """Return the wheel(s), then the sdist, of the version in the tree (twine's own order)."""
    sdist = dist_dir / f"{dist.dist_stem}.tar.gz"
    wheels = sorted(dist_dir.glob(f"{dist.dist_stem}-*.whl"))
    if not sdist.is_file() or not wheels:
        kind = "sdist" if not sdist.is_file() else "wheel"
        msg = f"{dist_dir} has no {kind} of {dist.name} {dist.version} (the version in the tree)"
        raise PublishError(msg + ": run 'nox -s build' first")
    return [*wheels, sdist]


def _plan(dists: Sequence[Distribution], dist_dir: Path, simple_url: str) -> list[_Plan]:
    """Compare every artifact with the index before any upload; refuse any changed file."""
    plans: list[_Plan] = []
    conflicts: list[str] = []
    for dist in dists:
        files = artifacts(dist, dist_dir)
        remote = index.project_files(simple_url, dist.name, {p.name for p in files})
        present = [path for path in files if path.name in remote]
        plans.append((dist, present, [path for path in files if path.name not in remote]))
        conflicts += [
            f"{path.name} is already on the index with different contents "
            f"(sha256 {remote[path.name][:12]}... there, {_sha256(path)[:12]}... here)"
            for path in present
            if remote[path.name] != _sha256(path)
        ]
    if conflicts:
        msg = f"{'; '.join(conflicts)}. An index never replaces a file: if an upload of it failed"
        msg += f" part way, {_CUT}; else release a new version (nox -s release -- DIST patch)."
        raise PublishError(msg + " Nothing was uploaded.")
    _check_siblings(dists, simple_url)
    return plans


def _check_siblings(dists: Sequence[Distribution], simple_url: str) -> None:
    """Refuse a dependent whose siblings are neither in this run nor on the index."""
    in_run = {d.name: d.version for d in dists}
    lacking = []
    for dist, req in ((d, r) for d in dists for r in d.requirements):
        sibling = utils.canonicalize_name(req.name)
        if sibling in in_run and req.specifier.contains(in_run[sibling], prereleases=True):
            continue
        versions = []
        for name in index.project_files(simple_url, sibling):
            with contextlib.suppress(utils.InvalidWheelFilename, utils.InvalidSdistFilename):
                wheel = name.endswith(".whl")
                parse = utils.parse_wheel_filename if wheel else utils.parse_sdist_filename
                versions.append(parse(name)[1])
        if not any(req.specifier.contains(v, prereleases=True) for v in versions):
            specs = sorted(req.specifier, key=lambda s: (s.operator in {"<", "<="}, str(s)))
            lacking.append(f"{dist.name} needs '{req.name}{','.join(map(str, specs))}'")
    if lacking:
        msg = f"{'; '.join(lacking)}, which the index lacks: publish those first (or together)"
        raise PublishError(msg + ". Nothing was uploaded.")


def _twine_failure(output: str) -> str:
    """Say in one line, printable, why twine failed, with a hint for the usual causes."""
    lines = [x for x in (_ANSI.sub("", y).strip() for y in output.splitlines()) if x]
    first = next((i for i, line in enumerate(lines) if line.startswith("ERROR")), None)
    if first is None:  # a traceback: twine lets requests' connection errors through
        reason = lines[-1] if lines else "twine failed without saying why"
        if (errno := index.errno_reason(reason)) or "ConnectionError" in reason:
            reason = f"cannot reach the index ({errno or reason})"
    else:
        reason = lines[first].removeprefix("ERROR").strip().split(" from ")[0]
        detail = lines[first + 1] if first + 1 < len(lines) else ""
        reason += f" ({detail})" if detail and detail not in reason else ""
        reason += next((f": {hint}" for code, (hint, _) in _HINTS.items() if code in reason), "")
    return "".join(c if c.isprintable() else "?" for c in reason)


def _upload(dist: Distribution, files: list[Path], target: Target, simple: str, state: str) -> None:
    """Upload one distribution's missing files and verify them; else say what is done."""
    name = f"{dist.name} {dist.version}"
    # Never wait for a password prompt; keep each of twine's messages on one line.
    env = {**os.environ, "TWINE_NON_INTERACTIVE": "1", "COLUMNS": "500", "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "twine", "upload", "--disable-progress-bar", *target.twine_args]
    try:
        deadline = index.env_seconds("MYGAME_UPLOAD_DEADLINE", 600.0)
        proc = subprocess.run(
            [*cmd, *map(str, files)],
            capture_output=True, text=True, env=env, check=False, timeout=deadline,
        )  # fmt: skip
        why = _twine_failure(proc.stdout + proc.stderr) if proc.returncode else ""
    except subprocess.TimeoutExpired:
        why = f"the index at {target.label} stopped answering: the upload did not finish within"
        why += f" {deadline:g} s (MYGAME_UPLOAD_DEADLINE)"
    except ValueError as error:
        why = str(error)
    if why:
        again = next((again for code, (_, again) in _HINTS.items() if code in why), None)
        msg = f"uploading {name} failed: {why} ({state}; {again or 'run again to resume'})"
        raise PublishError(msg)
    try:
        if not target.pypi_like:
            _verify(dist, files, simple)
    except (PublishError, IndexReadError) as error:
        msg = f"{name} was uploaded but not verified: {error} ({state})"
        raise PublishError(msg) from None
    for path in files:
        print(f"publish: {name}: uploaded {path.name}")


def _verify(dist: Distribution, uploaded: list[Path], simple_url: str) -> None:
    """Ask the index again: each uploaded file must now be there, byte for byte."""
    remote = index.project_files(simple_url, dist.name, {p.name for p in uploaded})
    for path in uploaded:
        if remote.get(path.name) != _sha256(path):
            why = "serves other bytes: running again will not help, check the index"
            if path.name not in remote:
                why = "does not list it yet: run again once it does"
            msg = f"{redact(simple_url)} {why} ({path.name})"
            raise PublishError(msg)


def _publish(dists: Sequence[Distribution], dist_dir: Path, target: Target, *, dry: bool) -> str:
    """Upload what the index lacks, one distribution at a time, in the given order."""
    simple = index.find_simple_url(target.upload_url, target.simple_url)
    print(f"publish: target {target.label}; simple API {redact(simple)}")
    if _insecure(target.upload_url):
        msg = f"publish: warning: {target.label} is plain http to another machine: the password"
        print(f"{msg} would travel unencrypted; use an https URL", file=sys.stderr)
    plans = _plan(dists, dist_dir, simple)
    names = [dist.name for dist, _, _ in plans]
    for at, (dist, present, missing) in enumerate(plans):
        name = f"{dist.name} {dist.version}"
        for path in present:
            print(f"publish: {name}: {path.name} already on the index, same sha256: skipped")
        if missing and dry:
            print(f"publish: {name}: would upload {', '.join(p.name for p in missing)}")
        elif missing:
            state = f"done before it: {', '.join(names[:at]) or 'none'}"
            state += f"; not attempted: {', '.join(names[at + 1 :])}" if names[at + 1 :] else ""
            _upload(dist, missing, target, simple, state)
    uploaded, there = sum(len(plan[2]) for plan in plans), sum(len(plan[1]) for plan in plans)
    verb = "would upload" if dry else "uploaded"
    return f"{verb} {uploaded} file(s); {there} already there; order: {' -> '.join(names)}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the publish command line; return its exit status."""
    about = f"Upload dist/ with twine in dependency order, resumably; {_LOGIN}."
    # No abbreviations: argparse would echo an ambiguous one, and it may carry a password.
    parser = argparse.ArgumentParser(prog="publish", description=about, allow_abbrev=False)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--repository", "-r", help="testpypi (default), pypi, a ~/.pypirc section")
    where.add_argument("--repository-url", help="upload URL of any other index")
    parser.add_argument("--simple-url", help="the index's simple API root (default: found)")
    parser.add_argument("--dist-dir", type=Path, default=ROOT / "dist", help="default: dist/")
    parser.add_argument("--dry-run", action="store_true", help="say what would be uploaded")
    parser.add_argument("dists", nargs="*", metavar="DIST", help="only these (default: all)")
    args, unknown = parser.parse_known_args(argv)
    wanted = {utils.canonicalize_name(n) for n in args.dists}
    try:
        dists = load_workspace()
        if unknown:  # not echoed as argparse would: one may be a password
            msg = "unknown arguments (not shown: one may be a password); publish takes no"
            msg += f" credentials on its command line: {_LOGIN}"
            raise PublishError(msg)  # noqa: TRY301 - one way out for every refusal
        if strangers := wanted - {d.name for d in dists}:
            msg = f"unknown distribution(s) {', '.join(sorted(strangers))}: choose from "
            raise PublishError(msg + ", ".join(d.name for d in dists))  # noqa: TRY301
        target = resolve_target(args.repository, args.repository_url, args.simple_url)
        chosen = [d for d in dists if d.name in wanted or not wanted]
        done = _publish(chosen, args.dist_dir, target, dry=args.dry_run)
    except (PublishError, IndexReadError, WorkspaceError) as error:
        print(f"publish: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("publish: interrupted; run it again to upload what is missing", file=sys.stderr)
        return 130
    print(f"publish: {done}")
    return 0
