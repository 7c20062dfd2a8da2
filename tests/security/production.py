"""Building the shop in its production configuration inside a test."""

from __future__ import annotations

from contextlib import contextmanager

from shop import create_app
from shop.config import ProductionConfig
from shop.extensions import db
from tests.harness import IsolatedClient, rate_limiter_restored

BASE_URL = "https://shop.example"

PRODUCTION_ENV = {
    "SECRET_KEY": "a-real-secret-for-this-test",
    "PUBLIC_BASE_URL": BASE_URL,
    "MAIL_OUTBOX": "1",
}


def set_env(monkeypatch, url: str, **env) -> None:
    """The environment production reads at start-up; ``None`` removes a variable."""
    values = {**PRODUCTION_ENV, "DATABASE_URL": url, **env}
    for name in ("MAIL_SERVER", "MAIL_OUTBOX", "PUBLIC_BASE_URL", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)


@contextmanager
def production_app(monkeypatch, url: str, **env):
    """A production app over ``url`` (schema created), with CSRF and rate limits off so a
    test can send plain forms; everything else as production has it."""
    set_env(monkeypatch, url, **env)
    with rate_limiter_restored() as limiter:
        app = create_app(ProductionConfig)
        app.test_client_class = HttpsClient
        app.config.update(WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False,
                          PROPAGATE_EXCEPTIONS=False)
        limiter.enabled = False
        with app.app_context():
            db.create_all()
        try:
            yield app
        finally:
            with app.app_context():
                db.session.remove()
                db.drop_all()
                db.engine.dispose()


class HttpsClient(IsolatedClient):
    """Production cookies are Secure: talk to the shop over https, as a browser would."""

    def open(self, *args, **kwargs):
        if args and isinstance(args[0], str):
            kwargs.setdefault("base_url", BASE_URL)
        return super().open(*args, **kwargs)


def https_client(app) -> HttpsClient:
    return HttpsClient(app, app.response_class, use_cookies=True)
