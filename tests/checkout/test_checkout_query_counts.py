"""The cart page and the checkout pages (details, review) run a fixed number of queries
whatever the cart size, and placing an order runs a fixed number per line."""

from __future__ import annotations

import re

import pytest

from shop.extensions import db
from tests.cart.helpers import adapter, cable
from tests.querycount import count_queries

ADDRESS = {"email": "ada@example.com", "name": "Ada Admin", "ship_full_name": "Ada Admin",
           "ship_line1": "Keizersgracht 1", "ship_city": "Amsterdam",
           "ship_postal_code": "1015 CJ", "ship_country_code": "NL", "billing_same": "y",
           "shipping_method": "standard", "payment_method": "invoice", "action": "review"}


def _cart_with(app, client, lines: int) -> None:
    """A cart of ``lines`` lines (adapters, half end of life with a successor, and cables
    that fit none of them), with the checkout details filled in."""
    with app.app_context():
        ids = []
        successor = adapter("Successor card")
        for i in range(lines):
            if i % 2:
                ids.append(cable(f"Cable {i}", cage="OSFP", rate=800).id)
            else:
                product = adapter(f"Card {i}")
                product.eol = True
                product.successor_id = successor.id
                ids.append(product.id)
        db.session.commit()
    for pid in ids:
        assert client.post("/cart/add", data={"product_id": pid, "quantity": "2"}
                           ).status_code == 302
    details = client.post("/checkout", data=ADDRESS)
    assert details.status_code == 302, details.text


def _queries(app, client, path: str) -> int:
    client.get(path)  # anything done once per process (the country list …) is done
    with count_queries(app) as statements:
        response = client.get(path)
    assert response.status_code == 200, response.text
    return len(statements)


@pytest.mark.parametrize(("path", "most"), [("/cart", 12), ("/checkout", 6),
                                            ("/checkout/review", 6)])
def test_cart_and_checkout_pages_run_a_fixed_number_of_queries(app, client, path, most):
    _cart_with(app, client, 2)
    few = _queries(app, client, path)
    other = app.test_client()
    _cart_with(app, other, 12)
    many = _queries(app, other, path)
    assert "Card 10" in other.get(path).text  # the large cart is the one on the page
    assert many == few, (path, few, many)
    assert many <= most, (path, many)


def test_placing_an_order_runs_a_fixed_number_of_queries_per_line(app, client):
    counts = {}
    for lines in (1, 4):
        buyer = app.test_client()
        _cart_with(app, buyer, lines)
        review = buyer.get("/checkout/review").text
        token = re.search(r'name="token"[^>]*value="([^"]+)"', review).group(1)
        with count_queries(app) as statements:
            placed = buyer.post("/checkout/place", data={"token": token})
        assert "/orders/" in placed.location
        counts[lines] = len(statements)
    per_line = (counts[4] - counts[1]) / 3
    # Each line: its order line, one claim on its stock (one conditional UPDATE when a
    # location has all the units), its hold, its movement and its change-feed row.
    assert per_line <= 5, counts
    assert counts[1] <= 19, counts
