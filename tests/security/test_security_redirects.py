"""Every next= target passes safe_next_url: no open redirects."""

import pytest

from tests.accounts.helpers import PASSWORD, account, login

EVIL = ["https://evil.example/", "//evil.example", "/\\evil.example", "\\\\evil.example",
        "http:evil.example", "javascript:alert(1)", " //evil.example",
        "\t//evil.example"]


@pytest.mark.parametrize("target", EVIL)
def test_sign_in_never_leaves_the_site(app, client, target):
    account(app, "r@example.com")
    r = login(client, "r@example.com", PASSWORD, next=target)
    assert r.status_code == 302
    assert r.location == "/account/profile"


@pytest.mark.parametrize("target", EVIL)
def test_signed_in_visit_to_login_never_leaves(app, client, target):
    account(app, "v@example.com")
    login(client, "v@example.com")
    r = client.get("/account/login", query_string={"next": target})
    assert r.status_code == 302 and r.location == "/account/profile"


def test_safe_target_is_kept(app, client):
    account(app, "k@example.com")
    r = login(client, "k@example.com", next="/c/switches?speed=400")
    assert r.location == "/c/switches?speed=400"
