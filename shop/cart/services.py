"""Writes to carts. Every service takes the cart the entry point resolved for this visitor
(through their own cookie or account) and finds lines only inside it, so a line id from
another cart is simply not found. Services add and flush; the entry point commits.

Nothing here takes a price: a line's price is always the catalogue's, and
``price_seen_cents`` records the price the customer saw when adding or last confirmed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from shop.cart.exceptions import InvalidQuantity, LineNotFound, ProductUnavailable
from shop.cart.models import MAX_QUANTITY, Cart, CartLine
from shop.cart.queries import cart_for_user
from shop.catalog.models import Product, ProductStatus
from shop.db import utcnow
from shop.errors import ValidationError
from shop.extensions import db
from shop.inventory.queries import available_by_product


def check_quantity(quantity) -> int:
    """A whole number of units from 1 to 10,000, or ``InvalidQuantity`` saying what is wrong."""
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise InvalidQuantity("Enter a whole number of units, such as 1 or 4.")
    if quantity < 1:
        raise InvalidQuantity("The quantity must be at least 1 (use Remove to take a line "
                              "out of the cart).")
    if quantity > MAX_QUANTITY:
        raise InvalidQuantity(f"At most {MAX_QUANTITY:,} units per line; for more, ask us "
                              "for a quote.")
    return quantity


def create_guest_cart() -> Cart:
    cart = Cart()
    db.session.add(cart)
    db.session.flush()
    return cart


def get_or_create_for_user(user_id: int) -> Cart:
    """The user's cart, made on first use (two requests at once still make one)."""
    cart = cart_for_user(user_id)
    if cart is not None:
        return cart
    try:
        with db.session.begin_nested():
            cart = Cart(user_id=user_id)
            db.session.add(cart)
    except IntegrityError:
        cart = cart_for_user(user_id)
        if cart is None:
            raise
    return cart


def _touch(cart: Cart) -> None:
    cart.updated_at = utcnow()


def _line(cart: Cart, line_id, *, saved: bool | None = None) -> CartLine:
    if not isinstance(line_id, int) or isinstance(line_id, bool):
        raise LineNotFound()
    stmt = select(CartLine).where(CartLine.id == line_id, CartLine.cart_id == cart.id)
    if saved is not None:
        stmt = stmt.where(CartLine.saved_for_later.is_(saved))
    line = db.session.execute(stmt).scalar_one_or_none()
    if line is None:
        raise LineNotFound()
    return line


def _find(cart: Cart, product_id: int, saved: bool) -> CartLine | None:
    return db.session.execute(
        select(CartLine).where(CartLine.cart_id == cart.id, CartLine.product_id == product_id,
                               CartLine.saved_for_later.is_(saved))
    ).scalar_one_or_none()


def _published(product_id) -> Product:
    if not isinstance(product_id, int) or isinstance(product_id, bool):
        raise ProductUnavailable("That product does not exist.")
    product = db.session.get(Product, product_id)
    if product is None or product.status != ProductStatus.PUBLISHED:
        raise ProductUnavailable("That product is not for sale.")
    return product


def _put(cart: Cart, product: Product, quantity: int, saved: bool,
         *, price_seen: tuple[int, str] | None = None) -> CartLine:
    """Add units to the cart's line for ``product`` in the list ``saved`` names, making the
    line if needed. A second request adding the same product at once adds to the same line."""
    cents, currency = price_seen or (product.price_cents, product.currency)
    for _attempt in range(2):
        line = _find(cart, product.id, saved)
        if line is not None:
            total = line.quantity + quantity
            if total > MAX_QUANTITY:
                raise InvalidQuantity(f"That would make {total:,} units of {product.name}; at "
                                      f"most {MAX_QUANTITY:,} per line.")
            line.quantity = total
            line.price_seen_cents, line.currency_seen = cents, currency
            db.session.flush()
            return line
        try:
            with db.session.begin_nested():
                line = CartLine(cart_id=cart.id, product_id=product.id, quantity=quantity,
                                saved_for_later=saved, price_seen_cents=cents,
                                currency_seen=currency)
                db.session.add(line)
            return line
        except IntegrityError:
            continue  # added meanwhile by a request of the same visitor: add to it
    raise InvalidQuantity("The cart changed meanwhile; try again.")


def add_item(cart: Cart, product_id: int, quantity: int) -> CartLine:
    """Add ``quantity`` units of a published product; the customer has just seen its price."""
    quantity = check_quantity(quantity)
    product = _published(product_id)
    line = _put(cart, product, quantity, False)
    _touch(cart)
    return line


def set_quantity(cart: Cart, line_id: int, quantity: int) -> CartLine:
    quantity = check_quantity(quantity)
    line = _line(cart, line_id)
    line.quantity = quantity
    _touch(cart)
    db.session.flush()
    return line


def remove_line(cart: Cart, line_id: int) -> None:
    line = _line(cart, line_id)
    db.session.delete(line)
    _touch(cart)
    db.session.flush()


def _move(cart: Cart, line_id: int, to_saved: bool) -> CartLine:
    line = _line(cart, line_id, saved=not to_saved)
    other = _find(cart, line.product_id, to_saved)
    if other is None:
        line.saved_for_later = to_saved
        db.session.flush()
        moved = line
    else:
        other.quantity = min(MAX_QUANTITY, other.quantity + line.quantity)
        db.session.delete(line)
        db.session.flush()
        moved = other
    _touch(cart)
    return moved


def save_for_later(cart: Cart, line_id: int) -> CartLine:
    """Move a line from the cart to the list under it (merging with the same product there)."""
    return _move(cart, line_id, True)


def move_to_cart(cart: Cart, line_id: int) -> CartLine:
    return _move(cart, line_id, False)


def swap_for_successor(cart: Cart, line_id: int) -> CartLine:
    """Put an end-of-life product's successor in place of it, same quantity."""
    line = _line(cart, line_id)
    product = db.session.get(Product, line.product_id)
    if product is None or not product.successor_id:
        raise ProductUnavailable("This product has no successor to swap in.")
    successor = _published(product.successor_id)
    quantity = line.quantity
    db.session.delete(line)
    db.session.flush()
    moved = _put(cart, successor, quantity, line.saved_for_later)
    _touch(cart)
    return moved


def confirm_prices(cart: Cart) -> int:
    """The customer has seen today's prices of every line: record them. Returns how many
    lines changed."""
    changed = 0
    rows = db.session.execute(
        select(CartLine, Product.price_cents, Product.currency)
        .join(Product, Product.id == CartLine.product_id)
        .where(CartLine.cart_id == cart.id)
    ).all()
    for line, cents, currency in rows:
        if (line.price_seen_cents, line.currency_seen) != (cents, currency):
            line.price_seen_cents, line.currency_seen = cents, currency
            changed += 1
    db.session.flush()
    return changed


def clear_ordered(cart: Cart) -> int:
    """Remove the lines just ordered (everything in the cart); saved-for-later lines stay."""
    result = db.session.execute(
        delete(CartLine).where(CartLine.cart_id == cart.id,
                               CartLine.saved_for_later.is_(False))
        .execution_options(synchronize_session="fetch")
    )
    _touch(cart)
    db.session.flush()
    return result.rowcount or 0


def merge_guest_cart(guest_cart: Cart, user_id: int) -> list[str]:
    """Move a guest's lines into the user's cart at sign-in and delete the guest cart.
    Quantities add up, capped by the units available (a user's own quantity is never
    lowered); saved-for-later lines join the user's list. Returns a note of each change."""
    if guest_cart.user_id is not None:
        raise ValueError("only a guest cart can be merged")
    target = get_or_create_for_user(user_id)
    rows = db.session.execute(
        select(CartLine, Product).join(Product, Product.id == CartLine.product_id)
        .where(CartLine.cart_id == guest_cart.id).order_by(CartLine.id)
    ).all()
    available = available_by_product([p.id for _, p in rows]) if rows else {}
    notes: list[str] = []
    for line, product in rows:
        mine = _find(target, product.id, line.saved_for_later)
        have = mine.quantity if mine is not None else 0
        wanted = min(MAX_QUANTITY, have + line.quantity)
        name = product.name
        if line.saved_for_later:
            quantity = wanted
        elif product.status != ProductStatus.PUBLISHED:
            notes.append(f"{name} is no longer sold, so it was not added to your cart.")
            continue
        else:
            quantity = max(have, min(wanted, available.get(product.id, 0)))
        added = quantity - have
        if added <= 0:
            if not line.saved_for_later:
                notes.append(f"{name} was not added: "
                             + ("it is out of stock." if available.get(product.id, 0) <= 0
                                else f"your cart already holds {have}, all that is available."))
            continue
        price_seen = (line.price_seen_cents, line.currency_seen)
        _put(target, product, added, line.saved_for_later, price_seen=price_seen)
        where = "your saved-for-later list" if line.saved_for_later else "your cart"
        note = f"Added {added} × {name} from before you signed in to {where}"
        if not line.saved_for_later and added < line.quantity:
            note += f" ({line.quantity} wanted, {available.get(product.id, 0)} available)"
        notes.append(note + ".")
    db.session.execute(delete(CartLine).where(CartLine.cart_id == guest_cart.id)
                       .execution_options(synchronize_session="fetch"))
    db.session.delete(guest_cart)
    _touch(target)
    db.session.flush()
    return notes


def add_items(cart: Cart, items: list[tuple[int, int]]) -> list[str | None]:
    """Add several (product id, quantity) pairs, as a quick order does: each either goes in
    or comes back with the reason it did not (in the order given)."""
    outcome: list[str | None] = []
    for product_id, quantity in items:
        try:
            add_item(cart, product_id, quantity)
        except ValidationError as exc:
            outcome.append(exc.message)
        else:
            outcome.append(None)
    return outcome


def prune_guest_carts(older_than: datetime) -> int:
    """Delete guest carts (no account) untouched since ``older_than``, with their lines.
    A visitor coming back with that cookie simply starts a new cart."""
    stale = select(Cart.id).where(Cart.user_id.is_(None), Cart.updated_at < older_than)
    db.session.execute(delete(CartLine).where(CartLine.cart_id.in_(stale)))
    return db.session.execute(delete(Cart).where(Cart.user_id.is_(None),
                                                 Cart.updated_at < older_than)).rowcount or 0
