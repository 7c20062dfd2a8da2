"""Error pages in the shop's design; a 500 shows no stack trace and is logged with an id."""

import logging

import pytest

from shop.errors import Conflict, NotFound
from shop.extensions import db
from tests.harness import make_test_app


@pytest.fixture(scope="module")
def boom_app(database_factory):
    app = make_test_app(database_factory("errors"), PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("secret internal detail")

    @app.get("/missing-for-test")
    def missing():
        raise NotFound("address 42 of user 7")

    @app.get("/conflict-for-test")
    def conflict():
        raise Conflict("Someone bought the last one a moment ago.")

    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_500_hides_the_trace_and_logs_the_request_id(boom_app, caplog):
    client = boom_app.test_client()
    with caplog.at_level(logging.ERROR):
        r = client.get("/boom-for-test", headers={"X-Request-ID": "req-12345"})
    assert r.status_code == 500
    assert "Something went wrong" in r.text and "req-12345" in r.text
    assert "secret internal detail" not in r.text and "Traceback" not in r.text
    assert any("req-12345" in rec.getMessage() for rec in caplog.records)
    assert "secret internal detail" in caplog.text


@pytest.mark.parametrize("method, path, code, words", [
    ("get", "/account/no-such-page", 404, "Page not found"),
    ("get", "/account/logout", 405, "Method not allowed"),
    ("post", "/account/addresses/1/edit/x", 404, "Page not found"),
])
def test_error_pages_in_the_shop_design(client, method, path, code, words):
    r = getattr(client, method)(path)
    assert r.status_code == code
    assert words in r.text and 'class="site-header"' in r.text


def test_services_not_found_and_conflict_answer_404_and_409_pages(boom_app):
    client = boom_app.test_client()
    missing = client.get("/missing-for-test")
    assert missing.status_code == 404
    assert "Page not found" in missing.text and 'class="site-header"' in missing.text
    assert "address 42" not in missing.text  # the service's note is for logs, not people
    conflict = client.get("/conflict-for-test")
    assert conflict.status_code == 409
    assert "Conflict" in conflict.text and 'class="site-header"' in conflict.text
    assert "Someone bought the last one a moment ago." in conflict.text
