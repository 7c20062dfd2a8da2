"""Gunicorn settings, read by `gunicorn app:app` from the project folder.

The app is loaded once in the master and the facet index is built there before the workers
fork, so every worker starts with it (shared copy-on-write) instead of building its own on
its first request. Command-line flags (-w, -b) still win over these defaults.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
preload_app = True
timeout = 60


def when_ready(server):
    from shop.catalog.facet_index import warm

    warm(server.app.wsgi())
