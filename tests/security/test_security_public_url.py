"""Links the shop builds with a host (mails above all) come from PUBLIC_BASE_URL, never
from the request's Host header; production refuses to start without it."""

from __future__ import annotations

import pytest

from shop import create_app
from shop import mail as mail_module
from shop.config import ConfigError, ProductionConfig
from tests.accounts.helpers import account
from tests.harness import rate_limiter_restored
from tests.security.production import BASE_URL, https_client, production_app, set_env


@pytest.fixture(scope="module")
def prod_url(database_factory):
    return database_factory("prod_public_url")


@pytest.mark.parametrize("value", [None, "", "shop.example", "ftp://shop.example",
                                   "https://shop.example/shop"])
def test_production_refuses_to_start_without_a_public_base_url(monkeypatch, prod_url, value):
    set_env(monkeypatch, prod_url, PUBLIC_BASE_URL=value)
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"), rate_limiter_restored():
        create_app(ProductionConfig)


def test_a_forged_host_does_not_reach_the_mails(monkeypatch, prod_url):
    sent = []
    monkeypatch.setattr(mail_module, "deliver", lambda settings, message: sent.append(message))
    with production_app(monkeypatch, prod_url, MAIL_SERVER="smtp.example",
                        MAIL_OUTBOX=None) as app:
        account(app, "victim@example.com")
        client = https_client(app)
        r = client.post("/account/reset", data={"email": "victim@example.com"},
                        headers={"Host": "evil.example"})
        assert r.status_code == 302
        r = client.post("/account/reset", data={"email": "nobody@example.com"},
                        headers={"Host": "evil.example"})
        assert len(sent) == 2
        for message in sent:
            body = message.get_body(("plain",)).get_content()
            assert "evil.example" not in message.as_string()
            assert f"{BASE_URL}/account/" in body
        assert f"{BASE_URL}/account/reset/" in sent[0].get_body(("plain",)).get_content()
        # Pages' own absolute links (robots.txt, canonical links) use it too.
        robots = client.get("/robots.txt", headers={"Host": "evil.example"}).text
        assert f"Sitemap: {BASE_URL}/sitemap.xml" in robots


def test_mail_links_refuse_to_guess_a_host_in_production(monkeypatch, prod_url):
    with production_app(monkeypatch, prod_url) as app:
        app.config["PUBLIC_BASE_URL"] = None
        with app.test_request_context("/", headers={"Host": "evil.example"}):
            with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
                mail_module.absolute_url("accounts.login")
