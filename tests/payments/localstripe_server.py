"""Run localstripe for the tests: on 127.0.0.1 only, on a free port, state in memory.

localstripe's own command listens on every interface and pickles its state into /tmp after
every write; this launcher imports its aiohttp app instead, turns the disk store off, binds
the loopback interface on a port the kernel picks, prints ``PORT <n>`` and serves until it
is terminated (by its process id).
"""

from __future__ import annotations

import logging
import socket
import sys

from aiohttp import web
from localstripe import resources
from localstripe.server import app


def _in_memory_only(_store) -> None:
    """The store stays in this process: nothing is read from or written to disk."""


def main() -> None:
    resources.Store.dump_to_disk = _in_memory_only
    resources.Store.try_load_from_disk = _in_memory_only
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    print(f"PORT {sock.getsockname()[1]}", flush=True)
    web.run_app(app, sock=sock, print=None, access_log=None, handle_signals=True)


if __name__ == "__main__":
    main()
