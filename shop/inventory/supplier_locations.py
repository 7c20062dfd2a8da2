"""Suppliers' own stock: each supplier organisation keeps its units at a stock location of
its own, coded ``SUP-<organisation id>``. The supplier portal's stock form and a supplier's
feed (the imports' supplier scope) set on-hand there and nowhere else; the storefront sells
from it like from any other location.

The location is made the first time a supplier sets stock (``ensure_location``); reads
(``find_location``) never create it."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from shop.extensions import db
from shop.inventory.models import Location
from shop.inventory.services import get_or_create_location

PREFIX = "SUP-"


def location_code(supplier_id: int) -> str:
    return f"{PREFIX}{int(supplier_id)}"


def is_supplier_location():
    """SQL: the location is a supplier's own stock (by its supplier, or by its code for
    locations made before they recorded it)."""
    return or_(Location.supplier_id.is_not(None),
               func.upper(Location.code).like(f"{PREFIX}%"))


def find_location(supplier_id: int) -> Location | None:
    """The supplier's location, or None while it has never set stock."""
    return db.session.scalar(select(Location).where(Location.code == location_code(supplier_id)))


def ensure_location(supplier_id: int, name: str = "") -> Location:
    """The supplier's location, made (and flushed) when it does not exist yet."""
    label = (name.strip() or f"Supplier {supplier_id}")[:100]
    return get_or_create_location(location_code(supplier_id), f"{label} (supplier stock)",
                                  supplier_id=supplier_id)
