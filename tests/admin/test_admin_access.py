from shop.extensions import db
from shop.mail import send_mail
from tests.accounts.helpers import account, login, stored_user, user
from tests.factories import make_supplier_organisation

STAFF_PAGES = ["/admin/", "/admin/outbox"]


def _organisation(app) -> int:
    """A supplier organisation for a supplier account to belong to; its id."""
    with app.app_context():
        organisation = make_supplier_organisation()
        db.session.commit()
        return organisation.id


def test_anonymous_goes_to_sign_in(client):
    for path in [*STAFF_PAGES, "/admin/users"]:
        r = client.get(path)
        assert r.status_code == 302 and "/account/login" in r.location, path


def test_customers_and_suppliers_get_403(app, client):
    account(app, "cust@example.com")
    account(app, "supp@example.com", role="supplier", supplier_id=_organisation(app))
    for email in ("cust@example.com", "supp@example.com"):
        login(client, email)
        for path in [*STAFF_PAGES, "/admin/users", "/admin/outbox/1"]:
            r = client.get(path)
            assert r.status_code == 403, (email, path)
            assert "Forbidden" in r.text
        assert "Back office" not in client.get("/account/profile").text
        client.post("/account/logout")


def test_staff_reach_back_office_but_not_users(app, client):
    account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    for path in STAFF_PAGES:
        assert client.get(path).status_code == 200, path
    dashboard = client.get("/admin/").text
    assert "Mail outbox" in dashboard and "/admin/users" not in dashboard
    assert client.get("/admin/users").status_code == 403
    assert client.post("/admin/users/1/role", data={"u1-role": "admin"}).status_code == 403
    assert "Back office" in client.get("/account/profile").text


def test_outbox_lists_and_shows_both_parts_sandboxed(app, client):
    with app.app_context():
        user("staff@example.com", role="staff")
        row = send_mail("x@example.com", "Hello <b>there</b>", "plain words",
                        '<p>rich</p><script>alert("x")</script>')
        db.session.commit()
        row_id = row.id
    login(client, "staff@example.com")
    listing = client.get("/admin/outbox").text
    assert "x@example.com" in listing and "Hello &lt;b&gt;there&lt;/b&gt;" in listing
    page = client.get(f"/admin/outbox/{row_id}").text
    assert "plain words" in page
    assert 'sandbox=""' in page and "srcdoc=" in page
    assert "<script>alert" not in page  # escaped, never live
    assert "&lt;script&gt;" in page
    assert client.get("/admin/outbox/999999").status_code == 404


def test_admin_changes_roles(app, client):
    admin = account(app, "admin@example.com", role="admin")
    target = account(app, "t@example.com")
    login(client, "admin@example.com")
    page = client.get("/admin/users").text
    assert "t@example.com" in page and f'id="u{target.id}-role"' in page
    r = client.post(f"/admin/users/{target.id}/role", data={f"u{target.id}-role": "staff"})
    assert r.status_code == 302
    assert stored_user(app, target.id).role == "staff"
    # Supplier only with an organisation; unknown roles refused; never lock out the last admin.
    client.post(f"/admin/users/{target.id}/role", data={f"u{target.id}-role": "supplier"})
    client.post(f"/admin/users/{target.id}/role", data={f"u{target.id}-role": "emperor"})
    client.post(f"/admin/users/{admin.id}/role", data={f"u{admin.id}-role": "customer"})
    assert stored_user(app, target.id).role == "staff"
    assert stored_user(app, admin.id).role == "admin"
    assert client.post("/admin/users/999999/role", data={}).status_code == 404
    # Open redirects are impossible through the form's next field.
    r = client.post(f"/admin/users/{target.id}/role",
                    data={f"u{target.id}-role": "customer", "next": "https://evil.example/"})
    assert r.location.endswith("/admin/users")


def test_users_search(app, client):
    account(app, "admin@example.com", role="admin")
    account(app, "findme@example.com")
    login(client, "admin@example.com")
    page = client.get("/admin/users?q=findme").text
    assert "findme@example.com" in page and "admin@example.com</td>" not in page


def test_dashboard_links_are_declared_once_and_match_who_may_open_them(app, client):
    from flask import url_for

    from shop.admin.dashboard import LINKS

    assert len({link.endpoint for link in LINKS}) == len(LINKS)
    assert {link.endpoint for link in LINKS} >= {"admin.posts", "admin.comments", "admin.users",
                                                 "admin.outbox"}
    for role in ("customer", "supplier", "staff", "admin"):
        email = f"{role}-links@example.com"
        account(app, email, role=role,
                supplier_id=_organisation(app) if role == "supplier" else None)
        login(client, email)
        with app.test_request_context():
            urls = {link.endpoint: url_for(link.endpoint) for link in LINKS}
        dashboard = client.get("/admin/")
        for link in LINKS:
            opens = client.get(urls[link.endpoint]).status_code == 200
            assert opens == (role in link.roles), (role, link.endpoint)
            if dashboard.status_code == 200:
                assert (f'href="{urls[link.endpoint]}"' in dashboard.text) == opens, (
                    role, link.endpoint)
        assert (dashboard.status_code == 200) == (role in ("staff", "admin"))
        client.post("/account/logout")


# Private files (a supplier listing's staged images and PDFs): everyone but staff gets 404,
# signed in or not, so the address confirms nothing.
HIDDEN = {"admin.supplier_listing_file"}


def test_every_back_office_route_is_for_signed_in_staff_only(app, client):
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("admin.")]
    assert len(rules) >= 17 and all(rule.rule.startswith("/admin/") for rule in rules)
    account(app, "cust-guard@example.com")
    for signed_in in (False, True):
        if signed_in:
            login(client, "cust-guard@example.com")
        for rule in rules:
            path = rule.rule.replace("<int:", "<")
            for name in rule.arguments:
                path = path.replace(f"<{name}>", "1")
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                r = client.open(path, method=method)
                if rule.endpoint in HIDDEN:
                    assert r.status_code == 404, (method, path)
                elif signed_in:
                    assert r.status_code == 403, (method, path)
                else:
                    assert r.status_code == 302 and "/account/login" in r.location, (
                        method, path)
