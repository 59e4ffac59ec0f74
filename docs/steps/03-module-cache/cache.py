"""Import noisy twice, then reload it, and show what each step does."""

import importlib
import sys
import time

print("in the cache before?", "noisy" in sys.modules)

start = time.perf_counter()
import noisy

first = time.perf_counter() - start

start = time.perf_counter()
import noisy

second = time.perf_counter() - start

print("in the cache after? ", "noisy" in sys.modules)
print("same object?        ", sys.modules["noisy"] is noisy)
print(f"first import {first * 1e6:.0f} us, second import {second * 1e6:.1f} us")

before = noisy.LOADED_AT
same = importlib.reload(noisy)
print("reload: same object?", same is noisy, "code ran again?", noisy.LOADED_AT != before)
