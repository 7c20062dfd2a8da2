"""What the cart pages and the checkout read about a cart: plain shapes built by
``shop.cart.queries.cart_view``."""

from __future__ import annotations

from dataclasses import dataclass, field

from shop.catalog.models import Product
from shop.catalog.queries import Card


@dataclass(frozen=True)
class Successor:
    id: int
    slug: str
    name: str
    mpn: str


@dataclass
class CartWarning:
    """Something the customer should look at, with a way out: ``kind`` says which
    (``stock``, ``unpublished``, ``price``, ``eol``, ``fit``, ``cables``)."""

    kind: str
    message: str
    line_id: int | None = None
    available: int | None = None
    successor: Successor | None = None
    product_slug: str | None = None
    suggestions: tuple[Card, ...] = ()


@dataclass
class LineView:
    id: int
    product: Product
    quantity: int
    unit_price_cents: int
    currency: str
    line_total_cents: int
    available: int
    price_changed: bool
    unpublished: bool
    price_seen_cents: int
    currency_seen: str
    image_path: str | None = None
    successor: Successor | None = None
    warnings: list[CartWarning] = field(default_factory=list)

    @property
    def over_available(self) -> bool:
        return self.quantity > self.available


@dataclass
class CartView:
    cart_id: int | None
    lines: list[LineView]
    saved: list[LineView]
    subtotal_cents: int
    currency: str
    item_count: int
    warnings: list[CartWarning]
    needs_price_confirmation: bool
    problems: list[str]

    @property
    def is_empty(self) -> bool:
        return not self.lines and not self.saved
