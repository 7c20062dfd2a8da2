"""Every product page and action of the back office: anonymous visitors go to sign in,
customers and suppliers get 403, staff get through."""

import pytest

from shop.catalog.edit_models import ProductBulkChange
from shop.extensions import db
from tests.accounts.helpers import account, login
from tests.admin.products_helpers import adapter
from tests.factories import make_supplier_organisation


def _routes(product_id: int, change_id: int) -> list[tuple[str, str]]:
    base = f"/admin/products/{product_id}"
    return [
        ("GET", "/admin/products"),
        ("GET", "/admin/products/new"),
        ("GET", "/admin/products/new?type=cable"),
        ("POST", "/admin/products/new?type=cable"),
        ("GET", f"{base}/edit"),
        ("POST", f"{base}/edit"),
        ("POST", f"{base}/status"),
        ("GET", f"{base}/images"),
        ("POST", f"{base}/images"),
        ("POST", f"{base}/images/arrange"),
        ("POST", f"{base}/images/1/delete"),
        ("GET", f"{base}/documents"),
        ("POST", f"{base}/documents"),
        ("POST", f"{base}/documents/1/delete"),
        ("GET", f"{base}/connectors"),
        ("POST", f"{base}/connectors"),
        ("POST", "/admin/products/bulk"),
        ("GET", f"/admin/products/bulk/{change_id}"),
        ("POST", f"/admin/products/bulk/{change_id}/apply"),
    ]


@pytest.fixture
def targets(app, clean):
    product_id = adapter(app)
    with app.app_context():
        change = ProductBulkChange(action="archive", params={}, items=[[product_id, 1]],
                                   total=1, status="planned", cursor=0, changed=0, skipped=0,
                                   notes=[])
        db.session.add(change)
        db.session.commit()
        return _routes(product_id, change.id)


def test_anonymous_visitors_are_sent_to_sign_in(client, targets):
    for method, path in targets:
        response = client.open(path, method=method)
        assert response.status_code == 302, (method, path)
        assert "/account/login" in response.location, (method, path)


def test_customers_and_suppliers_are_refused(app, client, targets):
    account(app, "cust@example.com")
    with app.app_context():
        supplier_id = make_supplier_organisation().id
        db.session.commit()
    account(app, "supp@example.com", role="supplier", supplier_id=supplier_id)
    for email in ("cust@example.com", "supp@example.com"):
        login(client, email)
        for method, path in targets:
            assert client.open(path, method=method).status_code == 403, (email, method, path)
        client.post("/account/logout")


def test_staff_reach_every_page_and_the_dashboard_links_products(app, client, targets):
    account(app, "staff@example.com", role="staff")
    login(client, "staff@example.com")
    for method, path in targets:
        if method == "GET":
            assert client.get(path).status_code == 200, path
        else:  # empty submissions: refused with a message or a 400, never a 403 or a 500
            assert client.open(path, method=method).status_code in (200, 302, 400), path
    dashboard = client.get("/admin/").text
    assert "/admin/products" in dashboard and "Products" in dashboard
