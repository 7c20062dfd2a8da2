"""Reads of carts: finding a visitor's cart, and the cart as a page (or the checkout) shows it.

Prices always come from the catalogue as it is now; a line's ``price_seen_cents`` only says
what the customer last confirmed, so a repriced line is shown and must be confirmed again.
``cart_view`` runs a fixed number of queries whatever the number of lines.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import defer

from shop.cart.compat import fit_warnings
from shop.cart.models import Cart, CartLine
from shop.cart.shapes import CartView, CartWarning, LineView, Successor
from shop.catalog.models import Product, ProductImage, ProductStatus
from shop.extensions import db
from shop.inventory.queries import available_by_product

__all__ = [
    "CartView", "CartWarning", "LineView", "Successor", "cart_by_id", "cart_by_token",
    "cart_for_user", "cart_view", "empty_view", "item_count", "item_count_by_token",
    "item_count_for_user",
]


def cart_by_id(cart_id: int) -> Cart | None:
    return db.session.get(Cart, cart_id)


# Statements read on every cart and checkout request are built once (``functools.cache``)
# with bound parameters: building and keying a statement costs more than running it.

@cache
def _user_cart():
    return select(Cart).where(Cart.user_id == bindparam("user_id"))


@cache
def _guest_cart():
    return select(Cart).where(Cart.token == bindparam("token"), Cart.user_id.is_(None))


def cart_for_user(user_id: int) -> Cart | None:
    return db.session.execute(_user_cart(), {"user_id": user_id}).scalar_one_or_none()


def cart_by_token(token: str) -> Cart | None:
    """A guest's cart by its token (a user's cart is never found this way)."""
    if not token or len(token) > 64:
        return None
    return db.session.execute(_guest_cart(), {"token": token}).scalar_one_or_none()


def item_count(cart_id: int) -> int:
    """Units in the cart (not counting those saved for later), as the header shows them."""
    return int(db.session.execute(
        select(func.coalesce(func.sum(CartLine.quantity), 0))
        .where(CartLine.cart_id == cart_id, CartLine.saved_for_later.is_(False))
    ).scalar_one())


@cache
def _count_by_token():
    return (select(func.coalesce(func.sum(CartLine.quantity), 0))
            .join(Cart, Cart.id == CartLine.cart_id)
            .where(Cart.token == bindparam("token"), Cart.user_id.is_(None),
                   CartLine.saved_for_later.is_(False)))


@cache
def _count_for_user():
    return (select(func.coalesce(func.sum(CartLine.quantity), 0))
            .join(Cart, Cart.id == CartLine.cart_id)
            .where(Cart.user_id == bindparam("user_id"), CartLine.saved_for_later.is_(False)))


def item_count_by_token(token: str) -> int:
    """The header count for a guest, in one query, without loading the cart."""
    return int(db.session.execute(_count_by_token(), {"token": token}).scalar_one())


def item_count_for_user(user_id: int) -> int:
    return int(db.session.execute(_count_for_user(), {"user_id": user_id}).scalar_one())


def empty_view(currency: str = "USD") -> CartView:
    return CartView(None, [], [], 0, currency, 0, [], False, [])


@cache
def _rows_stmt():
    return (select(CartLine, Product)
            .join(Product, Product.id == CartLine.product_id)
            .where(CartLine.cart_id == bindparam("cart_id"))
            .options(defer(Product.description))
            .order_by(CartLine.id))


def _rows(cart_id: int):
    return db.session.execute(_rows_stmt(), {"cart_id": cart_id}).all()


def _images(ids: list[int]) -> dict[int, str]:
    images: dict[int, str] = {}
    for pid, path in db.session.execute(
        select(ProductImage.product_id, ProductImage.path)
        .where(ProductImage.product_id.in_(ids))
        .order_by(ProductImage.product_id, ProductImage.position.desc())
    ):
        images[pid] = path
    return images


def _successors(ids: list[int]) -> dict[int, Successor]:
    if not ids:
        return {}
    return {
        row.id: Successor(row.id, row.slug, row.name, row.mpn)
        for row in db.session.execute(
            select(Product.id, Product.slug, Product.name, Product.mpn)
            .where(Product.id.in_(ids), Product.status == ProductStatus.PUBLISHED))
    }


def _line_view(line: CartLine, product: Product, available: int, image: str | None,
               successor: Successor | None) -> LineView:
    unit = product.price_cents
    view = LineView(
        id=line.id, product=product, quantity=line.quantity, unit_price_cents=unit,
        currency=product.currency, line_total_cents=unit * line.quantity, available=available,
        price_changed=(line.price_seen_cents != unit or line.currency_seen != product.currency),
        unpublished=product.status != ProductStatus.PUBLISHED,
        price_seen_cents=line.price_seen_cents, currency_seen=line.currency_seen,
        image_path=image, successor=successor,
    )
    if line.saved_for_later:
        return view
    name = product.name
    if view.unpublished:
        view.warnings.append(CartWarning(
            "unpublished", f"{name} is no longer sold. Remove it or save it for later to "
            "go on.", line.id))
    elif view.quantity > available:
        message = (f"Only {available} of {name} available now; you asked for {line.quantity}."
                   if available > 0 else f"{name} is out of stock at the moment.")
        view.warnings.append(CartWarning("stock", message, line.id, available=available))
    if view.price_changed and not view.unpublished:
        view.warnings.append(CartWarning(
            "price", f"The price of {name} has changed since you added it.", line.id))
    if product.eol:
        message = f"{name} is end of life."
        if successor is not None:
            message += f" Its successor is {successor.name} ({successor.mpn})."
        view.warnings.append(CartWarning("eol", message, line.id, successor=successor))
    return view


def cart_view(cart: Cart | None, currency: str = "USD", *,
              for_checkout: bool = False) -> CartView:
    """The cart with today's prices, availability and warnings (see ``CartView``).

    ``for_checkout`` leaves out what only the cart page shows (images, the successors of
    end-of-life lines, fit warnings): the checkout pages and placing an order need the lines,
    their prices and availability, and the problems that block checkout."""
    if cart is None:
        return empty_view(currency)
    rows = _rows(cart.id)
    ids = sorted({product.id for _, product in rows})
    available = available_by_product(ids) if ids else {}
    images = _images(ids) if ids and not for_checkout else {}
    successors = {} if for_checkout else _successors(
        sorted({p.successor_id for _, p in rows if p.eol and p.successor_id}))
    lines: list[LineView] = []
    saved: list[LineView] = []
    for line, product in rows:
        view = _line_view(line, product, available.get(product.id, 0), images.get(product.id),
                          successors.get(product.successor_id or 0))
        (saved if line.saved_for_later else lines).append(view)
    warnings = [] if for_checkout else fit_warnings(lines)
    currency = lines[0].currency if lines else currency
    buyable = [v for v in lines if not v.unpublished]
    problems = _problems(lines, currency)
    return CartView(
        cart_id=cart.id, lines=lines, saved=saved,
        subtotal_cents=sum(v.line_total_cents for v in buyable if v.currency == currency),
        currency=currency, item_count=sum(v.quantity for v in lines), warnings=warnings,
        needs_price_confirmation=any(v.price_changed for v in buyable), problems=problems,
    )


def _problems(lines: list[LineView], currency: str) -> list[str]:
    """What must be settled before checkout."""
    problems = []
    for view in lines:
        name = view.product.name
        if view.unpublished:
            problems.append(f"{name} is no longer sold.")
            continue
        if view.available <= 0:
            problems.append(f"{name} is sold out.")
        elif view.quantity > view.available:
            problems.append(f"{name}: only {view.available} available.")
        if view.price_changed:
            problems.append(f"{name}: confirm the new price.")
        if view.currency != currency:
            problems.append(f"{name} is priced in {view.currency}; pay for it separately.")
    return problems
