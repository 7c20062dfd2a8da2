"""Checkout use cases: check the details, price the cart, place the order.

Every figure is worked out here from the catalogue and the configuration at the moment of each
step; nothing the browser sends can set a price, a currency or a total. Placing is idempotent:
the review page's one-time token becomes the order's ``checkout_token`` (unique), so a
double-click, a resubmitted form or a retried request finds the order already placed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import timedelta

from flask import current_app

from shop.accounts.countries import is_country_code
from shop.cart import services as cart_services
from shop.cart.queries import CartView
from shop.checkout import pricing
from shop.compliance import services as compliance
from shop.db import utcnow
from shop.errors import DomainError, ValidationError
from shop.orders import services as orders
from shop.orders.models import Order, PaymentMethod

ADDRESS_KEYS = ("full_name", "company", "line1", "line2", "city", "region", "postal_code",
                "country_code", "phone")


class PricesChanged(DomainError):
    """The cart's total moved between the review and the click on "Place order"."""


class DestinationRefused(DomainError):
    """Export rules forbid shipping there; the screening was recorded."""


@dataclass
class CheckoutDetails:
    email: str
    name: str
    shipping: dict[str, str]
    shipping_method: str
    payment_method: str
    billing: dict[str, str] | None = None  # None: bill to the shipping address
    company: str = ""
    phone: str = ""
    vat_number: str = ""
    po_number: str = ""
    note: str = ""
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> CheckoutDetails | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(**data)
        except TypeError:
            return None

    @property
    def billing_address(self) -> dict[str, str]:
        return self.billing or self.shipping


def payment_methods(card_enabled: bool) -> list[tuple[str, str]]:
    methods = [(PaymentMethod.INVOICE.value,
                "Invoice: bank transfer or purchase order (we send payment details)")]
    if card_enabled:
        methods.insert(0, (PaymentMethod.CARD.value, "Card"))
    return methods


def check_details(details: CheckoutDetails, card_enabled: bool) -> CheckoutDetails:
    """The rules the form cannot check. Raises ``ValidationError`` on the field at fault."""
    for prefix, address in (("ship", details.shipping), ("bill", details.billing)):
        if address is None:
            continue
        if not is_country_code(address.get("country_code")):
            raise ValidationError(f"{prefix}_country_code", "Choose a country from the list.")
    country = details.shipping["country_code"]
    if pricing.shipping_option(country, details.shipping_method) is None:
        raise ValidationError("shipping_method", "Choose one of the shipping methods shown.")
    if details.payment_method not in dict(payment_methods(card_enabled)):
        raise ValidationError("payment_method", "Choose one of the ways to pay shown.")
    if details.vat_number:
        vat = pricing.normalise_vat(details.vat_number)
        if not pricing.vat_number_valid(vat):
            raise ValidationError("vat_number", "This is not a valid EU VAT number: check the "
                                                "country prefix and the digits.")
        details.vat_number = vat
    screening = compliance.screen_destination(
        country, details.shipping.get("region", ""), details.shipping.get("city", ""),
        details.shipping.get("postal_code", ""))
    if screening.refused:
        raise ValidationError("ship_country_code", screening.message)
    return details


def quote(view: CartView, details: CheckoutDetails) -> pricing.Quote:
    return pricing.quote(view.subtotal_cents, view.currency,
                         details.shipping["country_code"], details.shipping_method,
                         details.vat_number)


def place_order(cart, view: CartView, details: CheckoutDetails, token: str,
                reviewed_total_cents: int | None, user_id: int | None) -> Order:
    """Turn the cart into an order carrying ``token``.

    The entry point looks the token up first (``orders.order_by_token``) and answers with the
    order already placed; two requests with the same token at once both get here, and the
    second fails on the token's unique constraint (``IntegrityError``) as its order is written.

    Raises ``ValidationError`` when the cart cannot be ordered as it stands (a line unpublished,
    above what is available, a price not confirmed), ``PricesChanged`` when the total is not
    the one reviewed, ``DestinationRefused`` (the screening recorded: commit it) and
    ``inventory.InsufficientStock`` when the last units went meanwhile."""
    if not view.lines:
        raise ValidationError(None, "Your cart is empty.")
    if view.problems:
        raise ValidationError(None, view.problems[0])
    priced = quote(view, details)
    if reviewed_total_cents is None or priced.total_cents != reviewed_total_cents:
        raise PricesChanged("The total changed since you reviewed it: check it again.")
    address = details.shipping
    destination = compliance.screen_destination(
        address["country_code"], address.get("region", ""), address.get("city", ""),
        address.get("postal_code", ""))
    if destination.refused:
        compliance.record("checkout", cart.id, destination)
        raise DestinationRefused(destination.message)
    items = compliance.screen_items([line.product.eccn for line in view.lines])
    card = details.payment_method == PaymentMethod.CARD
    minutes = current_app.config.get("RESERVATION_MINUTES", 15)
    draft = orders.OrderDraft(
        checkout_token=token, email=details.email, name=details.name,
        company=details.company, phone=details.phone, po_number=details.po_number,
        note=details.note, vat_number=details.vat_number, user_id=user_id,
        payment_method=PaymentMethod(details.payment_method),
        shipping_method=priced.shipping.code, shipping_label=priced.shipping.label,
        currency=priced.currency,
        lines=tuple(orders.LineDraft(
            product_id=line.product.id, sku=line.product.sku, mpn=line.product.mpn,
            name=line.product.name, eccn=line.product.eccn or "",
            unit_price_cents=line.unit_price_cents, quantity=line.quantity)
            for line in view.lines),
        shipping=_address(details.shipping), billing=_address(details.billing_address),
        shipping_cents=priced.shipping.cents, tax_rate_bp=priced.tax_rate_bp,
        tax_cents=priced.tax_cents, reverse_charge=priced.reverse_charge,
        controlled=items.held, screening=compliance.combine(destination, items).summary[:200],
        reserve_until=utcnow() + timedelta(minutes=minutes) if card else None,
    )
    order = orders.create_order(draft)
    compliance.record("order", order.id, destination)
    compliance.record("order", order.id, items)
    cart_services.clear_ordered(cart)
    return order


def _address(values: dict[str, str]) -> orders.AddressDraft:
    return orders.AddressDraft(**{key: (values.get(key) or "").strip()[:200]
                                  for key in ADDRESS_KEYS})
