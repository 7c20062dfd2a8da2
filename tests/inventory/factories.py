"""Stock test data: locations, stocked products, purchase orders, built through the services."""

from __future__ import annotations

from datetime import date

from shop.inventory import purchasing
from shop.inventory import services as inventory
from tests.factories import make_product


def main_location():
    return inventory.get_or_create_location("MAIN", "Main warehouse")


def stocked_product(units: int = 10, **overrides):
    """A product with ``units`` on hand at MAIN (flushed, not committed)."""
    product = make_product(**overrides)
    if units:
        inventory.receive(product.id, main_location().id, units)
    return product


def make_purchase_order(lines, *, supplier="Mellanox Direct", location=None, place=True,
                        actor_id=None):
    """A purchase order of ``lines`` [(product, quantity, expected date or None)], sent to
    the supplier unless ``place`` is false."""
    location = location or main_location()
    order = purchasing.create_purchase_order(
        supplier_name=supplier, supplier_id=None, location_id=location.id,
        lines=[purchasing.LineInput(n, p.sku, q, when)
               for n, (p, q, when) in enumerate(lines, start=1)],
        actor_id=actor_id)
    if place:
        purchasing.place_order(order, actor_id)
    return order


def soon(days: int = 10) -> date:
    from datetime import timedelta

    return date.today() + timedelta(days=days)
