from tests.factories import make_category, make_product


def test_category_lists_published_product(client):
    cat = make_category("network-adapters", "Network adapters")
    make_product(name="ConnectX test card", category=cat, stock=3)
    from shop.extensions import db
    db.session.commit()
    resp = client.get("/c/network-adapters")
    assert resp.status_code == 200, resp.data[:2000]
    assert b"ConnectX test card" in resp.data
    assert b"3 in stock" in resp.data
