"""The players installed: entry points of the group ``mygame.players``, read from metadata.

Finding them reads each distribution's ``entry_points.txt`` and imports nothing, so a
broken plugin cannot break ``mygame info`` or a command's ``--help``. A player's code is
imported only when a command is asked to use it (:meth:`Entry.load`). mygame-logic
registers its computer players the same way: there is one path for every player.
Everything read here is another distribution's text: it is escaped wherever it is shown.
Ours, not ``importlib.metadata``: it imports zipfile, email, inspect and urllib (tens of
milliseconds, more than the rest of a start); this reads the same ``*.dist-info`` and
``*.egg-info`` folders of ``sys.path`` with ``os`` alone, and defers to it where the path
holds anything else (a zip file, another finder of distributions).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from importlib import import_module
from importlib.machinery import PathFinder

from mygame.cli._errors import EXIT_USAGE, CliError
from mygame.cli._shown import exception_text, printable, shown

TYPE_CHECKING = False  # ``typing`` costs milliseconds at start-up; mypy treats this as True
if TYPE_CHECKING:
    from importlib import metadata

__all__ = ["BUILTIN", "GROUP", "Entry", "PluginError", "Registry", "installed", "normalize"]

GROUP = "mygame.players"
"""``mygame.logic.PLAYER_GROUP``, spelled out: finding players must not import the engine."""

BUILTIN = "mygame-logic"
"""The distribution of the engine's own players (called directly, not in a worker thread)."""

_SEPARATOR = ":"  # DIST:NAME chooses by distribution; distribution names have no colon
# An entry point's object reference, as importlib.metadata.EntryPoint reads it (extras ignored).
_REFERENCE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?(\[.*\]\s*)?")
_INFO = (".dist-info", ".egg-info")


def normalize(name: str) -> str:
    """Return a distribution name as PEP 503 compares it: ``Wall_Player`` is ``wall-player``."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True, slots=True)
class Entry:
    """One player an installed distribution registers: ``name = value`` in its metadata."""

    name: str
    value: str
    distribution: str
    version: str

    @property
    def qualified(self) -> str:
        """``DIST:NAME``: this entry, even when another distribution uses the same name."""
        return f"{self.distribution}{_SEPARATOR}{self.name}"

    @property
    def builtin(self) -> bool:
        """Whether the engine's own distribution provides it."""
        return normalize(self.distribution) == BUILTIN

    def where(self) -> str:
        """Name the entry point and its distribution, for messages: ``'wall = m:W' of d 1.0``."""
        return printable(f"'{self.name} = {self.value}' of {self.distribution} {self.version}")

    def who(self) -> str:
        """Name the player and its entry point, for messages about it."""
        return f"player {printable(repr(self.name))} (entry point {self.where()})"

    def load(self) -> object:
        """Import the module and return the object the entry point names (runs its code).

        Any failure (an ImportError, a SyntaxError, an exception raised at import, a name
        that is not there) is a :class:`PluginError` naming the entry point.
        """
        try:
            return _resolve(self.value)
        except (Exception, SystemExit) as error:  # noqa: BLE001 - another program's code
            msg = f"cannot be imported: {exception_text(error)}"
            raise PluginError(self, msg) from None


def _resolve(reference: str) -> object:
    """Import ``module`` and return ``module:object.attribute``, as ``EntryPoint.load`` does."""
    match = _REFERENCE.fullmatch(reference)
    if match is None:
        msg = f"{reference!r} is not 'module' or 'module:object'"
        raise ValueError(msg)
    found: object = import_module(match["module"])
    for attribute in match["attr"].split(".") if match["attr"] else ():
        found = getattr(found, attribute)
    return found


class PluginError(CliError):
    """A player's distribution is broken: the message names it and its entry point."""

    def __init__(self, entry: Entry, problem: str) -> None:
        """Say what is wrong with ``entry``, and to fix or uninstall its distribution."""
        advice = f"fix or uninstall {printable(entry.distribution)}"
        super().__init__(f"{entry.who()} {problem}; {advice}")
        self.entry = entry


@dataclass(frozen=True, slots=True)
class Registry:
    """Every player installed, by name then distribution; and metadata that could not be read."""

    entries: tuple[Entry, ...]
    problems: tuple[str, ...] = ()

    def named(self, name: str) -> list[Entry]:
        """Return the entries registered under ``name`` (more than one is a clash)."""
        return [entry for entry in self.entries if entry.name == name]

    def find(self, distribution: str, name: str) -> Entry | None:
        """Return the entry ``name`` of ``distribution``, if it is installed."""
        key = normalize(distribution)
        return next((e for e in self.named(name) if normalize(e.distribution) == key), None)

    def choose(self, text: str, option: str) -> Entry:
        """Return the player ``text`` names for ``option``: ``NAME`` or ``DIST:NAME``.

        An unknown name, or a name two distributions register, is a usage error that
        lists the players or says which distributions clash and how to choose one.
        """
        distribution, separator, name = text.partition(_SEPARATOR)
        if not separator:
            name = text
        found = self.named(name)
        if separator:
            entry = self.find(distribution, name)
            found = [entry] if entry is not None else []
        if len(found) == 1:
            return found[0]
        if found:
            clash = " and ".join(
                printable(f"{e.distribution} {e.version} ({e.value})") for e in found
            )
            choices = " or ".join(f"{option} {printable(e.qualified)}" for e in found)
            msg = (
                f"{option} {shown(text)}: {len(found)} distributions register a player of that "
                f"name, {clash}: choose one by its distribution, {choices}"
            )
            raise CliError(msg, EXIT_USAGE)
        names = ", ".join(dict.fromkeys(printable(e.name) for e in self.entries)) or "none"
        msg = (
            f"{option} {shown(text)}: no player of that name is installed; installed: {names}"
            " ('mygame info' lists them)"
        )
        raise CliError(msg, EXIT_USAGE)


def _folders() -> list[str] | None:
    """Return the distribution folders of ``sys.path`` in its order; None where ours cannot see.

    importlib.metadata also looks inside zip files and asks any other finder on
    ``sys.meta_path``: where there are such things, it is the one to ask.
    """
    if any(hasattr(f, "find_distributions") and f is not PathFinder for f in sys.meta_path):
        return None
    found: list[str] = []
    for entry in sys.path:
        folder = entry or "."
        try:
            with os.scandir(folder) as children:
                names = sorted(c.name for c in children if c.name.lower().endswith(_INFO))
        except NotADirectoryError:
            return None  # a zip file on the path
        except OSError:
            continue  # a folder that is not there, or cannot be read: nothing found in it
        found += (_join(folder, name) for name in names)
    return found


def _join(folder: str, name: str) -> str:
    """``os.path``, not ``pathlib``: pathlib would add milliseconds to every start."""
    return os.path.join(folder, name)  # noqa: PTH118


def _read(folder: str, name: str) -> str | None:
    """Return the text of a file of a distribution folder; None where importlib.metadata's is."""
    try:
        with open(_join(folder, name), encoding="utf-8") as file:  # noqa: PTH123 (as _join)
            return file.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return None


def _headers(text: str) -> dict[str, str]:
    """Return the first value of each header of core metadata (RFC 822 style, PEP 566)."""
    headers: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            break  # the description follows
        key, colon, value = line.partition(":")
        if colon and not line[:1].isspace():
            headers.setdefault(key.strip().lower(), value.strip())
    return headers


def _players(text: str) -> list[tuple[str, str]]:
    """Return the ``name = value`` pairs of the players' section of ``entry_points.txt``.

    A line that is not a section, a comment or ``name = value`` is a ValueError, as in
    ``importlib.metadata``.
    """
    pairs: list[tuple[str, str]] = []
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        name, equals, value = line.partition("=")
        if not equals or section is None:
            msg = f"not a section or 'name = value': {line!r}"
            raise ValueError(msg)
        if section == GROUP:
            pairs.append((name.strip(), value.strip()))
    return pairs


def _unreadable(name: str, error: BaseException) -> str:
    problem = f"{name}: its entry points cannot be read ({exception_text(error)})"
    return printable(problem)


def _registry(entries: list[Entry], problems: list[str]) -> Registry:
    entries.sort(key=lambda e: (e.name, normalize(e.distribution)))
    return Registry(tuple(entries), tuple(problems))


def _from_folders(folders: list[str]) -> Registry:
    """Read the registry from distribution folders: their core metadata only where it is used.

    The same reading as :func:`_from_metadata`: each folder counts once by the name in its
    file name, and one whose metadata cannot be read has no name to report a problem by.
    """
    entries: list[Entry] = []
    problems: list[str] = []
    seen: set[str] = set()
    for folder in folders:
        stem = os.path.splitext(os.path.basename(folder))[0]  # noqa: PTH119, PTH122
        key = normalize(stem.partition("-")[0])  # as importlib.metadata counts it once
        if key in seen:
            continue
        seen.add(key)
        trouble: Exception | None = None
        try:
            pairs = _players(_read(folder, "entry_points.txt") or "")
        except (OSError, UnicodeError, ValueError) as error:
            pairs, trouble = [], error
        if not pairs and trouble is None:
            continue  # no players: its metadata need not be read
        try:
            headers = _headers(_read(folder, "METADATA") or _read(folder, "PKG-INFO") or "")
        except (OSError, UnicodeError):
            continue
        if not (name := headers.get("name")):
            continue
        if trouble is not None:
            problems.append(_unreadable(name, trouble))
            continue
        version = headers.get("version") or "?"
        entries += (Entry(n, value, name, version) for n, value in pairs)
    return _registry(entries, problems)


def _name(dist: metadata.Distribution) -> str | None:
    """Return the distribution's name; None if its metadata cannot be read (none to name)."""
    try:
        name: str | None = dist.metadata["Name"]
    except Exception:  # noqa: BLE001 - another distribution's files
        return None
    return name


def _from_metadata() -> Registry:
    """Read the same registry with ``importlib.metadata``, for a path ours cannot read."""
    from importlib import metadata

    entries: list[Entry] = []
    problems: list[str] = []
    seen: set[str] = set()
    for dist in metadata.distributions():
        name = _name(dist)
        if not name or normalize(name) in seen:
            continue
        seen.add(normalize(name))
        try:
            eps = dist.entry_points.select(group=GROUP)
        except Exception as error:  # noqa: BLE001 - malformed metadata is that distribution's
            problems.append(_unreadable(name, error))
            continue
        entries += (Entry(ep.name, ep.value, name, dist.version or "?") for ep in eps)
    return _registry(entries, problems)


def installed() -> Registry:
    """Read the players of every installed distribution from its metadata; import nothing.

    A distribution installed twice on the path counts once, the first found, as for
    ``importlib.metadata.entry_points``. One whose ``entry_points.txt`` cannot be read
    is listed in :attr:`Registry.problems`, not fatal.
    """
    folders = _folders()
    return _from_metadata() if folders is None else _from_folders(folders)
