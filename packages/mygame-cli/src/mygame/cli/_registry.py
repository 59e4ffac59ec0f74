"""The players installed: entry points of the group ``mygame.players``, read from metadata.

Finding them reads each distribution's ``entry_points.txt`` and imports nothing, so a
broken plugin cannot break ``mygame info`` or a command's ``--help``. A player's code is
imported only when a command is asked to use it (:meth:`Entry.load`). mygame-logic
registers its computer players the same way: there is one path for every player.
Everything read here is another distribution's text: it is escaped wherever it is shown.
``importlib.metadata`` (with email, zipfile and tempfile behind it) is imported only by
the functions that read metadata: a command that takes no player does not pay for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
        from importlib.metadata import EntryPoint

        try:
            return EntryPoint(self.name, self.value, GROUP).load()
        except (Exception, SystemExit) as error:  # noqa: BLE001 - another program's code
            msg = f"cannot be imported: {exception_text(error)}"
            raise PluginError(self, msg) from None


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


def _entries(dist: metadata.Distribution, name: str) -> list[Entry]:
    version = dist.version or "?"
    return [Entry(ep.name, ep.value, name, version) for ep in dist.entry_points.select(group=GROUP)]


def _name(dist: metadata.Distribution) -> str | None:
    """Return the distribution's name; None if its metadata cannot be read (none to name)."""
    try:
        name: str | None = dist.metadata["Name"]
    except Exception:  # noqa: BLE001 - another distribution's files
        return None
    return name


def installed() -> Registry:
    """Read the players of every installed distribution from its metadata; import nothing.

    A distribution installed twice on the path counts once, the first found, as for
    ``importlib.metadata.entry_points``. One whose ``entry_points.txt`` cannot be read
    is listed in :attr:`Registry.problems`, not fatal.
    """
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
            entries += _entries(dist, name)
        except Exception as error:  # noqa: BLE001 - malformed metadata is that distribution's
            problem = f"{name}: its entry points cannot be read ({exception_text(error)})"
            problems.append(printable(problem))
    entries.sort(key=lambda e: (e.name, normalize(e.distribution)))
    return Registry(tuple(entries), tuple(problems))
