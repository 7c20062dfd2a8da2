"""Two members save the same listing at once (two tabs, two colleagues) from the same page:
the second waits for the first and is then refused with the new values, instead of
overwriting a change it never saw. PostgreSQL only (SQLite has one writer at a time)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from shop.catalog.models import Product
from shop.extensions import db
from shop.inventory.models import StockMovement
from shop.suppliers.exceptions import ApplicationErrors
from shop.suppliers.services.portal_stock import StockPriceChange, set_stock_and_price
from tests.factories import make_supplier_organisation
from tests.suppliers.portal_helpers import listing


@pytest.mark.postgres
def test_the_second_of_two_simultaneous_saves_is_refused(ctx):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs two transactions writing at once: SQLite lets one writer in at a "
                    "time, so no save can overlap another; CI runs this on PostgreSQL")
    organisation = make_supplier_organisation("Alpha Optics B.V.")
    product = listing(organisation.id, "A-1", 200_00, 5)
    db.session.commit()
    org_id, product_id = organisation.id, product.id
    movements = db.session.scalar(select(func.count()).select_from(StockMovement))
    holding, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def first_tab():
        with ctx.app_context():
            try:
                set_stock_and_price(org_id, product_id, StockPriceChange(210_00, 200_00, 7, 5))
                holding.set()  # its transaction stays open, the product locked
                release.wait(10)
                db.session.commit()
            except BaseException as exc:  # reported to the test below
                errors.append(exc)
                holding.set()
            finally:
                db.session.remove()

    thread = threading.Thread(target=first_tab)
    thread.start()
    try:
        assert holding.wait(10)
        threading.Timer(0.3, release.set).start()  # the first commits while this one waits
        with pytest.raises(ApplicationErrors) as refused:
            set_stock_and_price(org_id, product_id, StockPriceChange(220_00, 200_00, 8, 5))
        db.session.rollback()
    finally:
        release.set()
        thread.join(10)
    assert not errors
    assert [(e.field, e.message.split(" after")[0]) for e in refused.value.errors] == [
        ("price", "The price was changed to $210.00"), ("stock", "The stock was changed to 7")]
    db.session.expire_all()
    assert db.session.get(Product, product_id).price_cents == 210_00
    assert db.session.scalar(select(func.count()).select_from(StockMovement)) == movements + 1
