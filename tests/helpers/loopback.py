"""A small HTTP server on loopback, served from a thread for as long as a block runs."""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import http.server
    from collections.abc import Iterator

__all__ = ["serving"]

POLL_SECONDS = 0.02
"""How often the serving thread looks for a stop: ``shutdown()`` waits up to this long."""


@contextlib.contextmanager
def serving(server: http.server.HTTPServer) -> Iterator[str]:
    """Serve ``server`` (bound to a loopback port) in a thread; yield its URL; stop and close it.

    ``serve_forever`` looks for a stop every half second by default, so each stop
    would cost up to that; here it costs at most :data:`POLL_SECONDS`.
    """
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
