"""Orders built through the real service, from products made by the catalogue factories."""

from __future__ import annotations

import secrets

from shop.orders import services as orders
from shop.orders.models import PaymentMethod

ADDRESS = orders.AddressDraft(full_name="Ada Admin", line1="Keizersgracht 1",
                              city="Amsterdam", country_code="NL", postal_code="1015 CJ")


def make_order(products_and_quantities, *, method=PaymentMethod.INVOICE, controlled=False,
               reserve_until=None, user_id=None, email="buyer@example.com", country=None,
               company="", po_number=""):
    lines = tuple(orders.LineDraft(product_id=p.id, sku=p.sku, mpn=p.mpn, name=p.name,
                                   eccn=p.eccn or "", unit_price_cents=p.price_cents,
                                   quantity=q) for p, q in products_and_quantities)
    subtotal = sum(line.unit_price_cents * line.quantity for line in lines)
    address = ADDRESS if country is None else orders.AddressDraft(
        **{**vars(ADDRESS), "country_code": country})
    draft = orders.OrderDraft(
        checkout_token=secrets.token_urlsafe(16), email=email, name="Ada Admin",
        payment_method=method, shipping_method="standard", shipping_label="Standard",
        currency="USD", lines=lines, shipping=address, billing=address, shipping_cents=2500,
        tax_rate_bp=2100, tax_cents=(subtotal + 2500) * 21 // 100, reverse_charge=False,
        controlled=controlled, screening="clear", user_id=user_id,
        reserve_until=reserve_until, company=company, po_number=po_number)
    return orders.create_order(draft)
