"""Pages run a fixed number of queries however many products they show (no N+1)."""

from shop.extensions import db
from tests.factories import make_category, make_product
from tests.querycount import count_queries


def _queries_for(client, path):
    client.get(path)  # the facet index catches up with the new products once
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def test_category_and_search_do_not_grow_with_products(client):
    cat = make_category("network-adapters", "Network adapters")
    for _ in range(3):
        make_product(category=cat, stock=2)
    db.session.commit()
    few = {p: _queries_for(client, p) for p in ("/c/network-adapters", "/search?q=test", "/")}
    for _ in range(15):
        make_product(category=cat, stock=2)
    db.session.commit()
    many = {p: _queries_for(client, p) for p in few}
    assert many == few
    assert all(n <= 15 for n in many.values()), many


def test_product_page_query_count_is_bounded(client):
    cat = make_category("network-adapters", "Network adapters")
    product = make_product(category=cat, stock=2,
                           ports=[{"count": 2, "cage": "QSFP28", "modes": ["4x25"]}])
    for _i in range(10):
        make_product(category=make_category("dac-cables"), product_type="cable",
                     specs={"protocol": ["Ethernet"], "data_rate": [100],
                            "form_factor": ["QSFP28"], "media": "DAC"},
                     ends=[{"count": 2, "cage": "QSFP28", "modes": ["4x25"]}], stock=1)
    db.session.commit()
    assert _queries_for(client, f"/p/{product.slug}") <= 16
