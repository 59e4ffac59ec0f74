"""noisy.py: says so when its code runs."""

import time

print(f"noisy: running my code, as module {__name__!r}")
LOADED_AT = time.perf_counter()
