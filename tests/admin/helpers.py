"""Helpers for back-office tests: the hidden fields of a page's form (a refund's
confirmation carries its key, amount and choices in them) and signing in with CSRF on."""

from __future__ import annotations

from html.parser import HTMLParser


class _Hidden(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name"):
            self.fields.setdefault(attrs["name"], attrs.get("value") or "")


def hidden_fields(html: str) -> dict[str, str]:
    """Every hidden input of the page by name (the first of each name)."""
    parser = _Hidden()
    parser.feed(html)
    return parser.fields


def login_with_csrf(client, email: str, password: str) -> None:
    token = hidden_fields(client.get("/account/login").text)["csrf_token"]
    response = client.post("/account/login", data={"email": email, "password": password,
                                                   "csrf_token": token})
    assert response.status_code == 302, "sign-in failed"


def csrf_of(client, path: str) -> str:
    return hidden_fields(client.get(path).text)["csrf_token"]
