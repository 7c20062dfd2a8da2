"""Bad input never answers 5xx. Every route of the shop is walked with NUL bytes, Unicode
digits that ``str.isdigit`` accepts and ``int`` refuses, and integers past the database's
range: in the path, in the query string and in every form field, as a stranger, a customer
and a member of staff. The error page renders after a failed transaction, and a Host outside
``TRUSTED_HOSTS`` gets 400."""

from __future__ import annotations

import itertools
from urllib.parse import quote, urlencode

import pytest
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.core import UnboundField

from shop.accounts.addresses import AddressInput, add_address
from shop.accounts.models import Role, User
from shop.content.models import PostRevision
from shop.extensions import db
from shop.forms import BaseForm
from shop.mail import OutboxMessage
from tests.accounts.helpers import PASSWORD, user
from tests.content.factories import make_comment, make_post
from tests.factories import make_category, make_product
from tests.harness import make_test_app

BAD_VALUES = ["a\x00b", "\x00", "²", "٣", "2147483648", "99999999999999999999", "-1"]
EXTRA_FIELDS = {"parent_id", "next", "action", "role", "ids", "reply", "page", "q", "status",
                "tag", "topic", "sort", "reason", "in_stock", "price_min", "price_max"}


def _form_fields() -> set[str]:
    """Every field name of every form of the shop (their modules are loaded by the app)."""
    names: set[str] = set()
    pending = list(BaseForm.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        names.update(n for n in dir(cls) if isinstance(getattr(cls, n, None), UnboundField))
    return names


@pytest.fixture(scope="module")
def walk_app(database_factory):
    app = make_test_app(database_factory("walk"), PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        db.create_all()
        category = make_category("cables-and-optics")
        product = make_product(category=category)
        customer = user("customer@example.com")
        admin = user("admin@example.com", role=Role.ADMIN)
        address = add_address(customer.id, AddressInput(
            full_name="Cus Tomer", line1="1 Main Street", city="Springfield",
            country_code="US", postal_code="78701"))
        post = make_post("A post to walk")
        comment = make_comment(post)
        db.session.add(OutboxMessage(to_address="a@example.com", from_address="s@localhost",
                                     subject="Hello", text_body="Hello"))
        db.session.commit()
        revision = db.session.scalars(select(PostRevision)).first()
        real = {
            "catalog.category": {"slug": category.slug},
            "catalog.product_detail": {"slug": product.slug},
            "content": {"slug": post.slug, "comment_id": comment.id},
            "admin": {"post_id": post.id, "revision_id": revision.id if revision else 1,
                      "comment_id": comment.id, "message_id": 1, "user_id": customer.id},
            "accounts": {"address_id": address.id},
        }
        app.config["WALK_REAL"] = real
        app.config["WALK_USERS"] = {"customer": customer.email, "admin": admin.email}
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _real_args(app, rule) -> dict:
    real = app.config["WALK_REAL"]
    values = {**real.get(rule.endpoint.split(".")[0], {}), **real.get(rule.endpoint, {})}
    out = {}
    for arg in rule.arguments:
        out[arg] = values.get(arg, 1 if "id" in arg else "x-token")
    return out


def _path(rule, args: dict) -> str:
    """The rule's path with ``args`` put in as typed (no converter checks them)."""
    path = rule.rule
    for name, converter in rule._converters.items():
        token = next(t for t in (f"<{name}>", f"<int:{name}>", f"<path:{name}>")
                     if t in path)
        del converter
        path = path.replace(token, quote(str(args[name]), safe=""))
    return path


def _client(app, role: str):
    client = app.test_client()
    if role != "anonymous":
        email = app.config["WALK_USERS"][role]
        r = client.post("/account/login", data={"email": email, "password": PASSWORD})
        assert r.status_code == 302, r.text
    return client


def _requests(app, rule, fields):
    """(method, path, query, form) to send for one rule: bad path values, then real path
    values with every query parameter and every form field bad."""
    methods = [m for m in ("GET", "POST") if m in rule.methods]
    real = _real_args(app, rule)
    for arg, bad in itertools.product(rule.arguments, BAD_VALUES):
        for method in methods:
            yield method, _path(rule, {**real, arg: bad}), {}, {}
    for bad in BAD_VALUES:
        for method in methods:
            query = {name: bad for name in EXTRA_FIELDS}
            form = {name: bad for name in fields} if method == "POST" else {}
            if method == "POST" and "user_id" in rule.arguments:
                form[f"u{real['user_id']}-role"] = bad
            yield method, _path(rule, real), query, form


@pytest.mark.parametrize("role", ["anonymous", "customer", "admin"])
def test_every_route_survives_bad_input(walk_app, role):
    fields = _form_fields() | EXTRA_FIELDS
    client = _client(walk_app, role)
    failures = []
    rules = sorted(walk_app.url_map.iter_rules(),
                   key=lambda r: (r.endpoint == "accounts.logout", r.rule))
    for rule in rules:
        for method, path, query, form in _requests(walk_app, rule, fields):
            url = path + ("?" + urlencode(query) if query else "")
            r = client.open(url, method=method, data=form if method == "POST" else None)
            if r.status_code >= 500:
                failures.append(f"{role} {method} {url} {sorted(form)[:3]}… → {r.status_code}")
    assert not failures, "\n".join(failures[:40])


def test_nul_bytes_and_out_of_range_ids_are_refused_before_any_view(walk_app):
    client = walk_app.test_client()
    assert client.get("/search?q=a%00b").status_code == 400
    assert client.get("/c/a%00b").status_code == 400
    assert client.post("/account/register", data={"email": "a\x00@example.com",
                                                   "password": "x"}).status_code == 400
    assert client.get("/admin/posts/2147483648/edit").status_code == 404
    assert client.get("/admin/posts/%C2%B2/edit").status_code == 404
    assert client.get("/admin/posts/%D9%A3/edit").status_code == 404  # not ASCII digits
    assert client.get("/compare?ids=%C2%B2,99999999999").status_code == 200
    assert client.get("/blog?page=%C2%B2").status_code == 404


@pytest.fixture(scope="module")
def failing_app(database_factory):
    app = make_test_app(database_factory("failing"), PROPAGATE_EXCEPTIONS=False)

    @app.post("/fail-a-transaction-for-test")
    def fail():
        db.session.add(User(email=current_user.email, password_hash="x"))  # duplicate
        db.session.flush()  # raises; the view does not roll back
        return "unreachable"

    with app.app_context():
        db.create_all()
        user("signed-in@example.com")
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_the_error_page_renders_after_a_failed_transaction(failing_app):
    client = failing_app.test_client()
    assert client.post("/account/login", data={"email": "signed-in@example.com",
                                               "password": PASSWORD}).status_code == 302
    r = client.post("/fail-a-transaction-for-test")
    assert r.status_code == 500
    assert "Something went wrong" in r.text and 'class="site-header"' in r.text
    assert "signed-in@example.com" not in r.text or "Sign out" in r.text


@pytest.fixture
def trusted_app(database_factory):
    app = make_test_app(database_factory("trusted"), PROPAGATE_EXCEPTIONS=False,
                        TRUSTED_HOSTS=["shop.example"])
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("method, path", [("GET", "/healthz"), ("GET", "/"),
                                          ("GET", "/account/login"), ("POST", "/account/login"),
                                          ("GET", "/no-such-page")])
def test_a_foreign_host_gets_400(trusted_app, method, path):
    client = trusted_app.test_client()
    r = client.open(path, method=method, headers={"Host": "evil.example"})
    assert r.status_code == 400
    assert "evil.example" not in r.text
    assert client.get("/healthz", headers={"Host": "shop.example"}).status_code == 200
