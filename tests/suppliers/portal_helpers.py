"""Building the supplier portal's world for its tests: organisations with a signed-in member,
their listings with stock at their own location, orders and staff messages, and reads of
what the portal's forms may change."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from shop.catalog.models import CatalogChange, Product
from shop.extensions import db
from shop.inventory import services as inventory
from shop.inventory.imports.models import ProductImport
from shop.inventory.models import Location, StockLevel, StockMovement
from shop.inventory.supplier_locations import ensure_location
from shop.suppliers.models_messages import SupplierMessage
from tests.accounts.helpers import login, user
from tests.factories import make_category, make_product, make_supplier_organisation


@dataclass(frozen=True)
class Supplier:
    id: int  # the organisation's
    email: str  # its signed-in member's
    user_id: int


def supplier(app, name: str, email: str, **fields) -> Supplier:
    """An organisation with one member (committed)."""
    with app.app_context():
        organisation = make_supplier_organisation(name, **fields)
        member = user(email, role="supplier", supplier_id=organisation.id)
        return Supplier(organisation.id, email, member.id)


def signed_in(app, who: Supplier):
    client = app.test_client()
    assert login(client, who.email).status_code == 302
    return client


def listing(organisation_id: int | None, sku: str, price_cents: int = 100_00,
            on_hand: int = 0, **fields) -> Product:
    """A product of the organisation with ``on_hand`` units at its own location (flushed)."""
    make_category("network-adapters")
    product = make_product(sku=sku, price_cents=price_cents, supplier_id=organisation_id,
                           **fields)
    if on_hand and organisation_id is not None:
        location = ensure_location(organisation_id, f"Org {organisation_id}")
        inventory.receive(product.id, location.id, on_hand)
    return product


def world(app) -> tuple[Supplier, Supplier, dict[str, int]]:
    """Two organisations, A and B, each with two listings (stock at their own location),
    and a product of the shop's own; the products' ids by SKU."""
    a = supplier(app, "Alpha Optics B.V.", "ann@alpha.example")
    b = supplier(app, "Beta Cables GmbH", "ben@beta.example", country_code="DE")
    with app.app_context():
        ids = {}
        for org, prefix in ((a, "A"), (b, "B")):
            ids[f"{prefix}-1"] = listing(org.id, f"{prefix}-1", 200_00, 5,
                                         status="published").id
            ids[f"{prefix}-2"] = listing(org.id, f"{prefix}-2", 50_00, 0, status="draft").id
        main = inventory.get_or_create_location("MAIN", "Main warehouse")
        own = listing(None, "SHOP-1", 10_00)
        inventory.receive(own.id, main.id, 9)
        ids["SHOP-1"] = own.id
        db.session.commit()
    return a, b, ids


def snapshot(app) -> dict:
    """What the portal's forms and feeds may change: prices, stock levels, movements, the
    catalogue's change feed, imports and messages."""
    with app.app_context():
        prices = dict(db.session.execute(select(Product.sku, Product.price_cents)).all())
        levels = {(sku, code): (on_hand, reserved, allocated)
                  for sku, code, on_hand, reserved, allocated in db.session.execute(
                      select(Product.sku, Location.code, StockLevel.on_hand,
                             StockLevel.reserved, StockLevel.allocated)
                      .join(Product, Product.id == StockLevel.product_id)
                      .join(Location, Location.id == StockLevel.location_id))}

        def count(model) -> int:
            return db.session.scalar(select(func.count()).select_from(model)) or 0

        reads = sorted(db.session.execute(
            select(SupplierMessage.id, SupplierMessage.read_at)).all())
        return {"prices": prices, "levels": levels, "movements": count(StockMovement),
                "feed": count(CatalogChange), "imports": count(ProductImport),
                "messages": reads}


def on_hand(app, sku: str, code: str) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.coalesce(func.sum(StockLevel.on_hand), 0))
            .join(Product, Product.id == StockLevel.product_id)
            .join(Location, Location.id == StockLevel.location_id)
            .where(Product.sku == sku, Location.code == code))


def price(app, sku: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Product.price_cents).where(Product.sku == sku))
