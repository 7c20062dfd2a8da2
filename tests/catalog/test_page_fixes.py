"""Compare on a phone and slugs that end on a word."""

from __future__ import annotations

import re

from shop.catalog.models import Product
from shop.extensions import db


def ids(*mpns):
    return [db.session.execute(db.select(Product.id).where(Product.mpn == m)).scalar_one()
            for m in mpns]


def test_compare_offers_removal_and_keeps_row_labels_in_a_scroller(demo_client, demo_app):
    with demo_app.app_context():
        a, b, c = ids("MQM9700-NS2F", "MQM8700-HS2F", "MSN2700-CS2F")
    html = demo_client.get(f"/compare?ids={a},{b},{c}").get_data(as_text=True)
    forms = re.findall(r'<form method="get" action="/compare">(.*?)</form>', html, re.S)
    assert len(forms) == 3
    kept = [sorted(int(v) for v in re.findall(r'name="ids" value="(\d+)"', f)) for f in forms]
    assert kept == [sorted([b, c]), sorted([a, c]), sorted([a, b])]
    assert "Remove<span class=\"visually-hidden\">" in html
    assert 'class="compare-caption"' in html  # the caption sits outside the scroller
    assert html.index('class="compare-caption"') < html.index('class="table-scroll"')


def test_product_slugs_end_on_a_word(ctx):
    from tests.factories import make_product

    long_name = ("NVIDIA ConnectX-7 VPI adapter card with a remarkably descriptive name that "
                 "goes on, 400Gb/s")
    product = make_product(name=long_name, mpn="MCX-LONG-1")
    words = set(re.findall(r"[a-z0-9]+", long_name.lower())) | {"mcx", "long", "1"}
    assert all(part in words for part in product.slug.split("-")), product.slug
    assert "remarkably" in product.slug and not product.slug.startswith("-")


def test_demo_slugs_are_whole_words(demo):
    for slug, name, mpn in db.session.execute(db.select(Product.slug, Product.name,
                                                        Product.mpn)):
        words = set(re.findall(r"[a-z0-9]+", f"{name} {mpn}".lower()))
        assert all(part in words for part in slug.split("-")), slug
