"""Compatibility warnings between the lines of a cart. The one place the cart asks the
catalogue whether its parts go together (``shop.catalog.pairing.check_fit``)."""

from __future__ import annotations

from shop.cart.shapes import CartWarning, LineView
from shop.catalog.pairing import check_fit

SUGGESTIONS = 3


def fit_warnings(lines: list[LineView]) -> list[CartWarning]:
    """Warnings for the cart as a whole: a cable or transceiver that fits none of the
    switches or adapters in the cart, and a switch or adapter with no cable that fits it
    (with suggestions that do)."""
    live = [v for v in lines if not v.unpublished]
    check = check_fit([(v.product.id, v.product.product_type) for v in live], SUGGESTIONS)
    warnings = []
    for view in live:
        product = view.product
        if product.id in check.stranded:
            warnings.append(CartWarning(
                "fit", f"{product.name} ({product.mpn}) fits none of the switches or adapters "
                "in your cart.", view.id, product_slug=product.slug))
        elif product.id in check.uncabled:
            warnings.append(CartWarning(
                "cables", f"Needs cables? {product.name} ({product.mpn}) has no cable or "
                "transceiver in your cart that fits it. These fit:", view.id,
                product_slug=product.slug, suggestions=check.suggestions.get(product.id, ())))
    return warnings
