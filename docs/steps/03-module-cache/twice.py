"""twice.py imports itself: run as a script, its code runs twice."""

print(f"running as {__name__!r}")

import twice  # noqa: E402 (the point of the example)
