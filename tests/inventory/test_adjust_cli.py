"""``flask inventory adjust``: the same rules as the back office's form, clear errors and a
non-zero exit status when nothing changed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shop.extensions import db
from shop.inventory import adjustments
from shop.inventory import services as inventory
from shop.inventory.models import StockLevel, StockMovement
from tests.factories import make_supplier_organisation
from tests.inventory.factories import main_location, stocked_product


def run(app, *args):
    return app.test_cli_runner().invoke(args=["inventory", "adjust", *args])


def _on_hand(app, product_id, code="MAIN"):
    with app.app_context():
        return db.session.scalar(
            select(StockLevel.on_hand).join(StockLevel.location)
            .where(StockLevel.product_id == product_id,
                   StockLevel.location.has(code=code)))


@pytest.fixture
def product(clean):
    with clean.app_context():
        p = stocked_product(10, sku="CLI-1", mpn="CLIMPN-77")
        db.session.commit()
        return p.id


def test_adjust_through_the_command(clean, product):
    app = clean
    r = run(app, "CLI-1", "-3", "--reason", "damaged", "--note", "Crushed in transit")
    assert r.exit_code == 0, r.output
    assert "CLI-1 at MAIN: on hand 10 → 7 (damaged)." in r.output
    r = run(app, "climpn77", "+5", "--reason", "received", "--note", "Late box",
            "--location", "main", "--key", "delivery-9")
    assert r.exit_code == 0 and "7 → 12" in r.output
    again = run(app, "CLI-1", "+5", "--reason", "received", "--note", "Late box", "--key",
                "delivery-9")
    assert again.exit_code == 1 and "recorded already" in again.output
    assert _on_hand(app, product) == 12
    with app.app_context():
        moves = db.session.execute(select(StockMovement.reason, StockMovement.on_hand_delta,
                                          StockMovement.note)
                                   .where(StockMovement.product_id == product)
                                   .order_by(StockMovement.id)).all()
    assert moves[1:] == [("damaged", -3, "Crushed in transit"), ("received", 5, "Late box")]


@pytest.mark.parametrize("args, message", [
    (["NOPE-9", "1", "--reason", "correction", "--note", "x"], "No single product"),
    (["CLI-1", "1.5", "--reason", "correction", "--note", "x"], "DELTA must be a whole number"),
    (["CLI-1", "2", "--reason", "gift", "--note", "x"], "Unknown reason 'gift'"),
    (["CLI-1", "2", "--reason", "correction"], "--note: Say why the stock changes"),
    (["CLI-1", "-11", "--reason", "correction", "--note", "x"], "largest decrease is -10"),
    (["CLI-1", "4", "--reason", "damaged", "--note", "x"], "takes units away"),
    (["CLI-1", "0", "--reason", "count", "--note", "x"], "not 0"),
    (["CLI-1", "2", "--reason", "count", "--note", "x", "--location", "MOON"],
     "No location 'MOON'; the locations are: MAIN"),
])
def test_refusals_exit_non_zero_and_change_nothing(clean, product, args, message):
    r = run(clean, *args)
    assert r.exit_code == 1, r.output
    assert message in r.output
    assert _on_hand(clean, product) == 10


def test_the_location_must_be_named_when_it_is_not_obvious(clean):
    with clean.app_context():
        main = main_location()
        east = inventory.get_or_create_location("EAST", "East warehouse")
        p = stocked_product(2, sku="CLI-2")
        inventory.receive(p.id, east.id, 2)
        fresh = stocked_product(0, sku="CLI-3")
        db.session.commit()
        del main, fresh
    r = run(clean, "CLI-2", "1", "--reason", "correction", "--note", "x")
    assert r.exit_code == 1 and "Name the location with --location (one of: EAST, MAIN)" \
        in r.output
    assert run(clean, "CLI-2", "1", "--reason", "correction", "--note", "x", "--location",
               "EAST").exit_code == 0
    assert _on_hand(clean, _pid(clean, "CLI-2"), "EAST") == 3
    r = run(clean, "CLI-3", "1", "--reason", "correction", "--note", "x")
    assert r.exit_code == 1 and "Name the location" in r.output


def _pid(app, sku):
    from shop.catalog.models import Product

    with app.app_context():
        return db.session.scalar(select(Product.id).where(Product.sku == sku))


def test_a_supplier_listing_adjusts_the_supplier_stock(clean):
    with clean.app_context():
        main_location()
        make_supplier_organisation(id=42)
        p = stocked_product(0, sku="CLI-S", supplier_id=42)
        location = adjustments.supplier_location(42)
        assert adjustments.supplier_location(42).id == location.id  # made once
        assert (location.code, location.supplier_id) == ("SUP-42", 42)
        db.session.commit()
        del p
    r = run(clean, "CLI-S", "9", "--reason", "received", "--note", "Supplier's count")
    assert r.exit_code == 0 and "CLI-S at SUP-42: on hand 0 → 9" in r.output
