"""Write a PEP 503 simple index of the given wheels into FOLDER: one page per project.

Run: python make_index.py FOLDER WHEEL... ; then pip install --index-url file://FOLDER/
"""

import shutil
import sys
from pathlib import Path

folder, wheels = Path(sys.argv[1]), [Path(w) for w in sys.argv[2:]]
for wheel in wheels:
    project = folder / wheel.name.split("-")[0].replace("_", "-").lower()
    project.mkdir(parents=True, exist_ok=True)
    shutil.copy(wheel, project)
    links = [f'<a href="{w.name}">{w.name}</a>' for w in sorted(project.glob("*.whl"))]
    (project / "index.html").write_text("\n".join(links) + "\n", encoding="utf-8")
    print(f"{project.name}: {', '.join(w.name for w in sorted(project.glob('*.whl')))}")
