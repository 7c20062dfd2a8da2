"""Pages run a fixed number of queries however many products they show (no N+1)."""

from shop.extensions import db
from tests.factories import make_category, make_product
from tests.querycount import count_queries


def _queries_for(app, client, path):
    client.get(path)  # the facet index catches up with the new products once
    with count_queries(app) as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def _adapters(app, count):
    with app.app_context():
        cat = make_category("network-adapters", "Network adapters")
        for _ in range(count):
            make_product(category=cat, stock=2)
        db.session.commit()


def test_category_and_search_do_not_grow_with_products(app, client):
    _adapters(app, 3)
    few = {p: _queries_for(app, client, p)
           for p in ("/c/network-adapters", "/search?q=test", "/")}
    _adapters(app, 15)
    many = {p: _queries_for(app, client, p) for p in few}
    assert many == few
    assert all(n <= 15 for n in many.values()), many


def test_product_page_query_count_is_bounded(app, client):
    with app.app_context():
        cat = make_category("network-adapters", "Network adapters")
        slug = make_product(category=cat, stock=2,
                            ports=[{"count": 2, "cage": "QSFP28", "modes": ["4x25"]}]).slug
        for _i in range(10):
            make_product(category=make_category("dac-cables"), product_type="cable",
                         specs={"protocol": ["Ethernet"], "data_rate": [100],
                                "form_factor": ["QSFP28"], "media": "DAC"},
                         ends=[{"count": 2, "cage": "QSFP28", "modes": ["4x25"]}], stock=1)
        db.session.commit()
    assert _queries_for(app, client, f"/p/{slug}") <= 16
