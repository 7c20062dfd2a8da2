"""The cart page and the cart view run a fixed number of queries whatever the cart size."""

from __future__ import annotations

from shop.extensions import db
from tests.cart.helpers import adapter, cable
from tests.querycount import count_queries


def _fill(app, client, lines: int) -> None:
    """Adapters (half end of life with a successor) and cables that fit none of them."""
    with app.app_context():
        ids = []
        successor = adapter("Successor card")
        for i in range(lines):
            if i % 2:
                ids.append(cable(f"Cable {i}", cage="OSFP", rate=800).id)
            else:
                product = adapter(f"Card {i}", stock=1)
                product.eol = True
                product.successor_id = successor.id
                ids.append(product.id)
        db.session.commit()
    for pid in ids:
        client.post("/cart/add", data={"product_id": pid, "quantity": "3"})


def _cart_page_queries(app, client) -> int:
    client.get("/cart")
    with count_queries(app) as statements:
        response = client.get("/cart")
    assert response.status_code == 200
    return len(statements)


def test_cart_page_queries_do_not_grow_with_lines(app, web):
    _fill(app, web, 2)
    few = _cart_page_queries(app, web)
    other = app.test_client()
    _fill(app, other, 14)
    many = _cart_page_queries(app, other)
    assert "Take the 1 available" in other.get("/cart").text  # stock warnings rendered
    assert "Swap in Successor card" in other.get("/cart").text
    assert many == few, (few, many)
    assert many <= 14, many


def test_header_count_is_one_query(app, web):
    _fill(app, web, 2)
    web.get("/compare")
    with count_queries(app) as statements:
        web.get("/compare")
    assert sum("cart_line" in s for s in statements) == 1
