"""Show what a wheel holds: its files, then its metadata (without the long description)."""

import sys
import zipfile
from email.parser import Parser

with zipfile.ZipFile(sys.argv[1]) as wheel:
    names = wheel.namelist()
    print("\n".join(names))
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    headers = Parser().parsestr(wheel.read(metadata).decode())

print(f"\n--- {metadata} ---")
skipped = {"Classifier", "Project-URL"}
for key, value in headers.items():
    if key not in skipped:
        print(f"{key}: {value}")
for key in sorted(skipped):
    print(f"{key}: ... ({len(headers.get_all(key, []))} of them)")
