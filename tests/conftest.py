"""For every test folder: coverage measures each path of the code once, not thousands of times.

Under coverage (the traced tests session, ``coverage run -m pytest``) every line costs
a call into the tracer: the property-based tests (hypothesis runs each one a hundred
times or more) and the hostile-file corpus ran three to five times slower traced
than not, for no line or branch the example tests do not reach. They run
unmeasured: hypothesis tests always, and any test marked ``unmeasured`` (with the
``mygame`` processes it starts, see ``tests/cli/conftest.py``). The combined report is
the same line for line and branch for branch; a path only such a test reached would
show as missed, never as covered, and wants an example test of its own.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator


def repeats_a_path(request: pytest.FixtureRequest) -> bool:
    """Whether this test runs unmeasured: a hypothesis test, or one marked ``unmeasured``."""
    function = getattr(request, "function", None)
    return bool(
        request.node.get_closest_marker("unmeasured")
        or getattr(function, "is_hypothesis_test", False)
    )


@pytest.fixture(autouse=True)
def _measured_once(request: pytest.FixtureRequest) -> Iterator[None]:
    """Pause coverage, if it measures this process, around a test that repeats a path."""
    coverage = sys.modules.get("coverage")  # not imported: nothing measures this process
    current = coverage.Coverage.current() if coverage is not None else None
    if current is None or not repeats_a_path(request):
        yield
        return
    current.stop()
    try:
        yield
    finally:
        current.start()
