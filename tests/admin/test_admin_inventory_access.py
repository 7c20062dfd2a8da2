"""Every inventory page and action of the back office, walked from the URL map: a stranger is
sent to sign in, a customer and a supplier get 403, and nothing changes either way."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shop.extensions import db
from shop.inventory.models import StockMovement
from tests.accounts.helpers import account, login
from tests.factories import make_supplier_organisation
from tests.inventory.factories import main_location, make_purchase_order, stocked_product


def _inventory_rules(app):
    from shop.admin import inventory, inventory_counts, inventory_ledger, inventory_purchasing

    views = {f"admin.{name}" for module in (inventory, inventory_counts, inventory_ledger,
                                            inventory_purchasing)
             for name, value in vars(module).items()
             if callable(value) and getattr(value, "__module__", "") == module.__name__}
    rules = [r for r in app.url_map.iter_rules() if r.endpoint in views]
    assert len(rules) >= 20  # every page and action of the four modules
    return rules


def _path(rule, values):
    path = rule.rule
    for arg in rule.arguments:
        path = path.replace(f"<int:{arg}>", str(values.get(arg, 1))).replace(
            f"<{arg}>", str(values.get(arg, "place")))
    return path


def _setup(app):
    with app.app_context():
        product = stocked_product(5)
        order = make_purchase_order([(product, 3, None)])
        from shop.inventory import counts

        count = counts.start_count(main_location().id, "Check", None)
        counts.record_by_product(count, {product.id: 4})
        db.session.commit()
        return {"product_id": product.id, "order_id": order.id, "count_id": count.id,
                "line_id": count.lines[0].id, "action": "place"}


def _movements(app):
    with app.app_context():
        return db.session.scalar(select(func.count(StockMovement.id)))


@pytest.mark.parametrize("who", ["anonymous", "customer", "supplier"])
def test_only_staff_reach_inventory_pages_and_actions(app, client, who):
    values = _setup(app)
    if who != "anonymous":
        with app.app_context():
            supplier_id = make_supplier_organisation().id if who == "supplier" else None
            db.session.commit()
        account(app, f"{who}@example.com", role=who, supplier_id=supplier_id)
        login(client, f"{who}@example.com")
    before = _movements(app)
    for rule in _inventory_rules(app):
        path = _path(rule, values)
        query = f"?product={values['product_id']}" if "adjust" in rule.rule else ""
        for method in sorted(rule.methods & {"GET", "POST"}):
            data = {"request_key": "x", "step": "confirm", "location": 1, "reason": "received",
                    "delta": "5", "note": "n", "action": "all", "lines": "T-1, 1"}
            r = client.open(path + query, method=method,
                            data=data if method == "POST" else None)
            if who == "anonymous":
                assert r.status_code == 302 and "/account/login" in r.location, (method, path)
            else:
                assert r.status_code == 403, (who, method, path)
    assert _movements(app) == before
