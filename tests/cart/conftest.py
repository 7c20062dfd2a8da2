"""Cart fixtures: a client without a pushed app context (each request gets its own, so
``g`` never leaks between requests), and an app as in production: CSRF on, page cache on."""

from __future__ import annotations

import pytest

from tests.conftest import _truncate
from tests.harness import app_with_schema, wipe_with_pages


@pytest.fixture
def web(app):
    """A test client on the empty database; set up data in ``with app.app_context():``."""
    yield app.test_client()
    _truncate(app)


@pytest.fixture(scope="module")
def live_app(database_factory):
    """CSRF on and the page cache on (its own cache, so tests do not share pages)."""
    with app_with_schema(database_factory, "cart_live", WTF_CSRF_ENABLED=True,
                         PAGE_CACHE=True) as app:
        yield app


@pytest.fixture
def live(live_app):
    yield live_app
    wipe_with_pages(live_app)
