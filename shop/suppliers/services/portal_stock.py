"""A supplier sets the price and the stock of its own listings from the portal: one listing
by form (``set_stock_and_price``), or many by a feed file (``upload_feed``, which hands the
file to the imports in the organisation's scope).

Price and stock set by form are "set to" values checked against what the form showed
(``price_was``, ``on_hand_was``): a value already as asked changes nothing (the same form
sent twice is harmless), and a value that someone else changed meanwhile is refused with
what it is now, so nobody overwrites a change they never saw. The price goes through
``catalog.services.set_price``; the stock is the on-hand at the organisation's own location
(``SUP-<id>``, made the first time), set through ``inventory.bulk.set_counts`` with a
movement (reason ``supplier update``) and never below what orders hold there. Either both
change or, with any error, neither (the caller rolls back)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from shop.catalog.models import Product
from shop.catalog.services import set_price
from shop.db import format_money
from shop.extensions import db
from shop.inventory.bulk import StockChanged, set_counts
from shop.inventory.imports import services as imports
from shop.inventory.imports.models import ProductImport
from shop.inventory.models import StockLevel
from shop.inventory.supplier_locations import ensure_location
from shop.suppliers.exceptions import ApplicationErrors, NotFound, ValidationError

REASON = "supplier update"


@dataclass(frozen=True)
class StockPriceChange:
    price_cents: int
    price_was: int | None  # what the form showed; None: not known (no check)
    on_hand: int
    on_hand_was: int | None


@dataclass(frozen=True)
class Outcome:
    sku: str
    price_changed: bool
    stock_changed: bool

    @property
    def changed(self) -> bool:
        return self.price_changed or self.stock_changed


def _own_product(organisation_id: int, product_id: int) -> Product:
    """The product, locked until the transaction ends (PostgreSQL), only if it is the
    organisation's; anyone else's is as good as missing."""
    product = db.session.scalar(
        select(Product).where(Product.id == product_id,
                              Product.supplier_id == organisation_id)
        .with_for_update(of=Product).execution_options(populate_existing=True))
    if product is None:
        raise NotFound("No such listing of yours.")
    return product


def set_stock_and_price(organisation_id: int, product_id: int, change: StockPriceChange, *,
                        organisation_name: str = "", actor_id: int | None = None) -> Outcome:
    """Set one listing's price and on-hand (see the module's docstring). Raises
    ``NotFound`` for a product that is not the organisation's, and ``ValidationError``
    (``ApplicationErrors`` when both fields are wrong) on ``price`` and ``stock``."""
    product = _own_product(organisation_id, product_id)
    errors: list[ValidationError] = []
    price_changed = change.price_cents != product.price_cents
    if (price_changed and change.price_was is not None
            and product.price_cents != change.price_was):
        now = format_money(product.price_cents, product.currency)
        errors.append(ValidationError(
            "price", f"The price was changed to {now} after you opened this page. Check it "
                     "and save again."))
        price_changed = False
    if change.price_cents < 0:
        errors.append(ValidationError("price", "A price cannot be negative."))
        price_changed = False

    location = ensure_location(organisation_id, organisation_name)
    level = db.session.execute(
        select(StockLevel.on_hand, StockLevel.reserved + StockLevel.allocated)
        .where(StockLevel.product_id == product.id, StockLevel.location_id == location.id)
    ).first()
    on_hand, held = (level[0], level[1]) if level else (0, 0)
    stock_changed = change.on_hand != on_hand
    if stock_changed and change.on_hand_was is not None and on_hand != change.on_hand_was:
        errors.append(ValidationError(
            "stock", f"The stock was changed to {on_hand} after you opened this page (an "
                     "order, or another change). Check it and save again."))
        stock_changed = False
    elif stock_changed and change.on_hand < held:
        errors.append(ValidationError(
            "stock", f"{held} units are already held for orders, so on hand cannot go below "
                     f"{held}."))
        stock_changed = False
    if change.on_hand < 0:
        errors.append(ValidationError("stock", "Stock cannot be negative."))
        stock_changed = False
    if errors:
        raise errors[0] if len(errors) == 1 else ApplicationErrors(errors)

    if price_changed:
        set_price(product, change.price_cents)
    if stock_changed:
        try:
            set_counts([(product.id, location.id, on_hand, change.on_hand)], reason=REASON,
                       actor_id=actor_id, note=f"Supplier portal: {product.sku}")
        except StockChanged:
            raise ValidationError("stock", "The stock changed while this was saved (an "
                                           "order came in). Check it and save again.") from None
    return Outcome(product.sku, price_changed, stock_changed)


def upload_feed(organisation_id: int, data: bytes, filename: str, *,
                settings: imports.Settings, currency: str, organisation_name: str = "",
                actor_id: int | None = None) -> ProductImport:
    """Check and store a feed file of the organisation (``imports.services.create_import``
    in its scope: prices and stock of its own listings, stock at its own location, made
    first under the organisation's name). Raises ``ValidationError("file", …)`` with
    nothing stored."""
    ensure_location(organisation_id, organisation_name)
    return imports.create_import(data, filename, settings=settings, currency=currency,
                                 supplier_id=organisation_id, actor_id=actor_id)
