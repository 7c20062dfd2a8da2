"""The facet index follows the catalogue: prices and stock are never stale in filters."""

from werkzeug.datastructures import MultiDict

from shop.catalog import queries
from shop.catalog.listing import Scope, run_listing
from shop.catalog.listing_params import parse_params
from shop.catalog.models import Product
from shop.catalog.services import set_price
from shop.extensions import db
from shop.inventory import services as inventory
from tests.factories import make_product


def listing(args):
    root = queries.category_by_slug("cables-transceivers")
    return run_listing(Scope(category_id=root.id), parse_params(MultiDict(args)),
                       page_size=24)


def names(result):
    return [p.name for p in queries.products_by_ids(result.product_ids)]


def test_price_change_is_seen_by_the_next_listing(cable_shelf):
    assert "HDR DAC 1 m" not in names(listing({"price_max": "100"}))
    set_price(cable_shelf["hdr1"], 50_00)
    db.session.commit()
    assert "HDR DAC 1 m" in names(listing({"price_max": "100"}))
    assert names(listing({"sort": "price_asc"}))[0] == "HDR DAC 1 m"


def test_stock_change_is_seen_by_in_stock_filter(cable_shelf):
    assert "HDR DAC 3 m" not in names(listing({"in_stock": "1"}))
    location = inventory.get_or_create_location("MAIN", "Main warehouse")
    inventory.receive(cable_shelf["hdr3"].id, location.id, 1)
    db.session.commit()
    assert "HDR DAC 3 m" in names(listing({"in_stock": "1"}))
    inventory.allocate(cable_shelf["hdr3"].id, location.id, 1, order_id=9)
    db.session.commit()
    assert "HDR DAC 3 m" not in names(listing({"in_stock": "1"}))


def test_new_and_withdrawn_products(cable_shelf):
    before = listing({}).total
    product = make_product(name="Brand new DAC", product_type="cable",
                           category=queries.category_by_slug("dac-cables"),
                           specs={"data_rate": [200], "form_factor": ["QSFP56"]})
    db.session.commit()
    result = listing({"data_rate": "200"})
    assert listing({}).total == before + 1 and "Brand new DAC" in names(result)
    from shop.catalog.models import ChangeKind
    from shop.catalog.services import record_change

    product.status = "archived"
    record_change(ChangeKind.STRUCTURE, product.id)
    db.session.commit()
    assert listing({}).total == before


def test_card_prices_come_from_the_database(app, cable_shelf_ids, client):
    client.get("/c/cables-transceivers")
    with app.app_context():
        set_price(db.session.get(Product, cable_shelf_ids["e100"]), 12_34)
        db.session.commit()
    assert "$12.34" in client.get("/c/cables-transceivers").get_data(as_text=True)


def test_background_rebuild_keeps_prices_current(database_factory):
    """A large catalogue rebuilds its index in the background after a structural change;
    meanwhile the previous index keeps serving with every price change replayed."""
    import time

    from tests.factories import make_category
    from tests.harness import make_test_app

    app = make_test_app(database_factory("async"), FACET_INDEX_SYNC_LIMIT=0)
    with app.app_context():
        db.create_all()
        cat = make_category("network-adapters", "Network adapters")
        cheap = make_product(name="Cheap card", category=cat, price_cents=100_00).id
        db.session.commit()
    client = app.test_client()

    def listed(query=""):
        return client.get(f"/c/network-adapters{query}").get_data(as_text=True)

    assert "Cheap card" in listed()
    with app.app_context():
        cat = queries.category_by_slug("network-adapters")
        make_product(name="Brand new card", category=cat, price_cents=300_00)  # structural
        set_price(db.session.get(Product, cheap), 500_00)
        db.session.commit()
    # Served at once: the price filter already sees the new price.
    assert "Cheap card" not in listed("?price_max=200")
    deadline = time.time() + 10
    while "Brand new card" not in listed() and time.time() < deadline:
        time.sleep(0.05)
    assert "Brand new card" in listed()
    with app.app_context():
        db.engine.dispose()
