"""Cart services: lines, quantities, the saved-for-later list, prices and the sign-in merge."""

from __future__ import annotations

import pytest

from shop.cart import queries, services
from shop.cart.exceptions import InvalidQuantity, LineNotFound, ProductUnavailable
from shop.catalog.services import set_price, set_successor
from shop.extensions import db
from shop.inventory import services as inventory
from tests.cart.helpers import adapter, cable, unpublish
from tests.factories import make_user


def _view(cart):
    db.session.expire_all()
    return queries.cart_view(cart)


def test_adding_twice_adds_to_one_line_at_the_catalogue_price(ctx):
    product = adapter(price=250_00)
    cart = services.create_guest_cart()
    services.add_item(cart, product.id, 2)
    services.add_item(cart, product.id, 3)
    view = _view(cart)
    assert [(v.product.id, v.quantity) for v in view.lines] == [(product.id, 5)]
    assert view.lines[0].unit_price_cents == 250_00
    assert view.subtotal_cents == view.lines[0].line_total_cents == 1250_00
    assert view.item_count == 5 and view.problems == [] and not view.needs_price_confirmation


@pytest.mark.parametrize("quantity", [0, -1, 10_001, 1.5, "3", None, True])
def test_bad_quantities_are_refused(ctx, quantity):
    product = adapter()
    cart = services.create_guest_cart()
    with pytest.raises(InvalidQuantity):
        services.add_item(cart, product.id, quantity)
    line = services.add_item(cart, product.id, 1)
    with pytest.raises(InvalidQuantity):
        services.set_quantity(cart, line.id, quantity)


def test_a_line_cannot_grow_past_ten_thousand(ctx):
    product = adapter()
    cart = services.create_guest_cart()
    services.add_item(cart, product.id, 9_999)
    with pytest.raises(InvalidQuantity):
        services.add_item(cart, product.id, 2)


def test_only_published_products_can_be_added(ctx):
    product = adapter()
    unpublish(product)
    cart = services.create_guest_cart()
    with pytest.raises(ProductUnavailable):
        services.add_item(cart, product.id, 1)
    with pytest.raises(ProductUnavailable):
        services.add_item(cart, 999_999, 1)


def test_lines_of_another_cart_are_not_found(ctx):
    product = adapter()
    mine, theirs = services.create_guest_cart(), services.create_guest_cart()
    their_line = services.add_item(theirs, product.id, 1)
    for action in (services.remove_line, services.save_for_later, services.move_to_cart,
                   services.swap_for_successor):
        with pytest.raises(LineNotFound):
            action(mine, their_line.id)
    with pytest.raises(LineNotFound):
        services.set_quantity(mine, their_line.id, 2)
    assert _view(theirs).lines[0].quantity == 1


def test_save_for_later_and_back_merges_with_the_same_product(ctx):
    product = adapter()
    cart = services.create_guest_cart()
    line = services.add_item(cart, product.id, 2)
    services.save_for_later(cart, line.id)
    view = _view(cart)
    assert view.lines == [] and [v.quantity for v in view.saved] == [2]
    services.add_item(cart, product.id, 1)
    services.move_to_cart(cart, view.saved[0].id)
    view = _view(cart)
    assert [v.quantity for v in view.lines] == [3] and view.saved == []


def test_repriced_and_unpublished_lines_are_shown_and_block_checkout(ctx):
    cheap, gone = adapter("Cheap", price=100_00), adapter("Gone", price=10_00)
    cart = services.create_guest_cart()
    services.add_item(cart, cheap.id, 1)
    services.add_item(cart, gone.id, 1)
    set_price(cheap, 120_00)
    unpublish(gone)
    view = _view(cart)
    by_name = {v.product.name: v for v in view.lines}
    assert by_name["Cheap"].price_changed and by_name["Cheap"].unit_price_cents == 120_00
    assert by_name["Cheap"].price_seen_cents == 100_00
    assert by_name["Gone"].unpublished
    assert view.needs_price_confirmation
    assert view.subtotal_cents == 120_00  # what can no longer be bought does not count
    assert any("no longer sold" in p for p in view.problems)
    assert any("confirm the new price" in p for p in view.problems)
    assert services.confirm_prices(cart) == 1
    view = _view(cart)
    assert not view.needs_price_confirmation
    assert [p for p in view.problems if "price" in p] == []


def test_quantity_above_available_is_a_warning_and_a_problem(ctx):
    product = adapter(stock=3)
    cart = services.create_guest_cart()
    services.add_item(cart, product.id, 5)
    line = _view(cart).lines[0]
    assert line.available == 3
    assert [w.kind for w in line.warnings] == ["stock"] and line.warnings[0].available == 3
    assert _view(cart).problems == [f"{product.name}: only 3 available."]
    gone = adapter("Gone card", stock=1)
    other = services.create_guest_cart()
    services.add_item(other, gone.id, 2)
    location = inventory.get_or_create_location("MAIN", "Main warehouse")
    inventory.allocate(gone.id, location.id, 1, order_id=1)
    assert _view(other).problems == ["Gone card is sold out."]


def test_end_of_life_line_offers_and_swaps_in_its_successor(ctx):
    old, new = adapter("Old card"), adapter("New card")
    old.eol = True
    set_successor(old, new)
    cart = services.create_guest_cart()
    line = services.add_item(cart, old.id, 2)
    warning = next(w for w in _view(cart).lines[0].warnings if w.kind == "eol")
    assert warning.successor.id == new.id
    services.swap_for_successor(cart, line.id)
    assert [(v.product.name, v.quantity) for v in _view(cart).lines] == [("New card", 2)]


def test_cable_fitting_no_device_and_device_without_cable(ctx):
    card = adapter("100G card", specs={"data_rate": [100], "form_factor": ["QSFP28"]})
    fitting = cable("100G DAC", "QSFP28", 100)
    stranded = cable("NDR DAC", "OSFP", 400)
    cart = services.create_guest_cart()
    services.add_item(cart, card.id, 1)
    view = _view(cart)
    [needs] = view.warnings
    assert needs.kind == "cables" and [c.id for c in needs.suggestions] == [fitting.id]
    services.add_item(cart, stranded.id, 1)
    kinds = {(w.kind, w.line_id) for w in _view(cart).warnings}
    stranded_line = next(v.id for v in _view(cart).lines if v.product.id == stranded.id)
    assert ("fit", stranded_line) in kinds and any(k == "cables" for k, _ in kinds)
    services.add_item(cart, fitting.id, 1)
    assert [w.kind for w in _view(cart).warnings] == ["fit"]


def test_clear_ordered_keeps_saved_lines(ctx):
    a, b = adapter("A"), adapter("B")
    cart = services.create_guest_cart()
    services.add_item(cart, a.id, 1)
    services.save_for_later(cart, services.add_item(cart, b.id, 1).id)
    assert services.clear_ordered(cart) == 1
    view = _view(cart)
    assert view.lines == [] and [v.product.name for v in view.saved] == ["B"]


def test_merge_adds_quantities_capped_by_stock_with_notes(ctx):
    user = make_user()
    plenty, scarce, sold_out, saved = (adapter("Plenty", stock=50), adapter("Scarce", stock=4),
                                       adapter("Sold out", stock=0), adapter("Saved", stock=1))
    mine = services.get_or_create_for_user(user.id)
    services.add_item(mine, scarce.id, 3)
    guest = services.create_guest_cart()
    services.add_item(guest, plenty.id, 2)
    services.add_item(guest, scarce.id, 3)
    services.add_item(guest, sold_out.id, 1)
    services.save_for_later(guest, services.add_item(guest, saved.id, 7).id)
    notes = services.merge_guest_cart(guest, user.id)
    view = _view(mine)
    assert {v.product.name: v.quantity for v in view.lines} == {"Plenty": 2, "Scarce": 4}
    assert {v.product.name: v.quantity for v in view.saved} == {"Saved": 7}
    assert queries.cart_by_token(guest.token) is None
    text = " ".join(notes)
    assert "Added 2 × Plenty" in text and "Added 1 × Scarce" in text
    assert "3 wanted, 4 available" in text and "Sold out was not added: it is out of stock" in text
    assert services.get_or_create_for_user(user.id).id == mine.id


def test_a_user_cart_is_never_found_by_token(ctx):
    user = make_user()
    cart = services.get_or_create_for_user(user.id)
    assert queries.cart_by_token(cart.token) is None
    assert queries.cart_for_user(user.id).id == cart.id
    assert queries.cart_by_id(cart.id).id == cart.id


def test_guest_carts_nobody_touched_for_long_are_pruned_daily(ctx):
    from datetime import timedelta

    from sqlalchemy import func, select, update

    from shop import jobs
    from shop.cart import services
    from shop.cart.models import Cart, CartLine
    from shop.db import utcnow
    from shop.jobs_state import queries
    from tests.factories import make_product, make_user

    product = make_product(stock=5)
    old_guest, new_guest = services.create_guest_cart(), services.create_guest_cart()
    customer = services.get_or_create_for_user(make_user().id)
    for cart in (old_guest, new_guest, customer):
        services.add_item(cart, product.id, 1)
    db.session.flush()
    long_ago = utcnow() - timedelta(days=90)
    db.session.execute(update(Cart).where(Cart.id.in_([old_guest.id, customer.id]))
                       .values(updated_at=long_ago))
    db.session.commit()
    job = jobs.start_job("prune-carts")
    assert queries.get_job(job.id).result == {"carts": 1}
    left = set(db.session.scalars(select(Cart.id)))
    assert left == {new_guest.id, customer.id}  # a customer's cart stays
    assert db.session.scalar(select(func.count()).select_from(CartLine)) == 2
