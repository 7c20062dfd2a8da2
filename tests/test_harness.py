"""The test client runs each request in an app context of its own, as a real server does."""

import pytest

from tests.harness import ContextLeak


def test_a_request_under_a_pushed_app_context_fails(app, client):
    with app.app_context():
        with pytest.raises(ContextLeak):
            client.get("/healthz")
    assert client.get("/healthz").status_code == 200


def test_requests_do_not_share_g(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert first and second and first != second
