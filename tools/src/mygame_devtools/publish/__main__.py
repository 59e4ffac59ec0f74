"""``python -m mygame_devtools.publish [--repository NAME | --repository-url URL] [DIST...]``."""

from mygame_devtools.publish.upload import main

raise SystemExit(main())
