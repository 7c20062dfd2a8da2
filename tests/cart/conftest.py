"""Cart fixtures: a client without a pushed app context (each request gets its own, so
``g`` never leaks between requests), and an app as in production: CSRF on, page cache on."""

from __future__ import annotations

import pytest

from shop.extensions import db
from tests.conftest import _truncate, make_test_app


@pytest.fixture
def web(app):
    """A test client on the empty database; set up data in ``with app.app_context():``."""
    yield app.test_client()
    _truncate(app)


@pytest.fixture(scope="module")
def live_app(database_factory):
    """CSRF on and the page cache on (its own cache, so tests do not share pages)."""
    app = make_test_app(database_factory("cart_live"), WTF_CSRF_ENABLED=True, PAGE_CACHE=True)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def live(live_app):
    yield live_app
    with live_app.app_context():
        from shop.extensions import cache

        cache.clear()
    _truncate(live_app)
