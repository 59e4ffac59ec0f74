"""The floors of the tool ranges: the versions the lowest_tools session builds and checks with."""

from __future__ import annotations

import pytest
from mygame_devtools.tool_floors import FloorError, floors, main, tool_requirements
from packaging.requirements import Requirement
from packaging.version import Version


def test_the_lowest_bound_across_groups_is_the_floor() -> None:
    """Two groups admit different floors: the lower one is what some user may get."""
    reqs = [Requirement("twine>=7"), Requirement("twine>=6.0.1,!=6.1.*"), Requirement("build>=1.2")]

    assert floors(reqs, ["twine", "build"]) == ["build==1.2", "twine==6.0.1"]


def test_a_tool_without_lower_bound_is_an_error() -> None:
    """An open range has no oldest version to test: refused, with what to do."""
    with pytest.raises(FloorError, match=r"twine<8 has no lower bound: give it one"):
        floors([Requirement("twine<8")], ["twine"])


def test_the_trees_floors_read_metadata_2_5() -> None:
    """hatchling 1.32 first writes import-names; twine 6.1 and 6.2 reject Metadata-Version 2.5."""
    pins = dict(pin.split("==") for pin in floors(tool_requirements()))

    assert Version(pins["hatchling"]) >= Version("1.32")
    assert Version(pins["twine"]) >= Version("7")


def test_command_line_prints_one_pin_a_line(capsys: pytest.CaptureFixture[str]) -> None:
    """The session reads the pins from standard output."""
    assert main(["twine", "hatchling"]) == 0

    assert [line.split("==")[0] for line in capsys.readouterr().out.split()] == [
        "hatchling",
        "twine",
    ]
