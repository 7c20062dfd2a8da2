"""Facts of the demo catalogue that were checked against the vendors' datasheets, and how
pages print them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from shop.catalog.models import Brand, Product, ProductDocument
from shop.catalog.specs import SPECS, format_quantity
from shop.extensions import db


def product(mpn: str) -> Product:
    return db.session.execute(db.select(Product).where(Product.mpn == mpn)).scalar_one()


def test_dr4_single_port_reach_is_500_m(demo):
    assert [s.num for s in product("MMS4X00-NS400").spec_values("reach")] == [500]


def test_the_2x200gbe_broadcom_card_claims_200gbe_only(demo):
    card = product("BCM957608-P2200GQF00")
    assert [s.text for s in card.spec_values("generation")] == ["200GbE"]
    assert [s.num for s in card.spec_values("data_rate")] == [200]
    assert "400GbE" not in card.summary and "one port at 400" not in card.description
    assert {m.gbps for c in card.ports for m in c.interface.modes} == {200}


def test_every_product_links_its_own_datasheet_or_says_there_is_none(demo_client, demo_app):
    with demo_app.app_context():
        products = [
            (p.slug, p.mpn, [d.url for d in p.documents if d.kind != "family"])
            for p in db.session.execute(db.select(Product)).scalars()
        ]
    assert products
    for slug, mpn, own in products:
        html = demo_client.get(f"/p/{slug}").get_data(as_text=True)
        if own:
            assert all(url in html for url in own), mpn
            assert "No public datasheet" not in html
        else:
            assert "No public datasheet" in html, mpn


# Where each maker publishes its own documents. A datasheet link must point at one of these
# (or a subdomain), so that a reseller's copy, a manual mirror or a wiki cannot pass for the
# vendor's datasheet.
VENDOR_DOMAINS = {
    "NVIDIA": {"nvidia.com", "mellanox.com"},
    "Intel": {"intel.com"},
    "Broadcom": {"broadcom.com"},
    "Apposite Technologies": {"apposite-tech.com"},
    "Spirent": {"spirent.com"},
}


def on_vendor_domain(url: str, brand: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(
        host == domain or host.endswith("." + domain) for domain in VENDOR_DOMAINS.get(brand, ())
    )


@pytest.mark.parametrize(("url", "brand", "ok"), [
    ("https://docs.nvidia.com/networking/display/sn4000/led+notifications", "NVIDIA", True),
    ("https://intel.com/content/www/us/en/download/19373/adapter", "Intel", True),
    ("http://docs.nvidia.com/networking/display/sn4000", "NVIDIA", False),
    ("https://www.manualslib.com/manual/3242140/Nvidia-Connectx-6.html", "NVIDIA", False),
    ("https://docs.nvidia.com.example.net/x", "NVIDIA", False),
    ("https://notnvidia.com/x", "NVIDIA", False),
    ("https://docs.nvidia.com/x", "Intel", False),
])
def test_the_vendor_domain_check(url, brand, ok):
    assert on_vendor_domain(url, brand) is ok


def test_every_datasheet_is_on_its_makers_own_site(demo):
    rows = db.session.execute(
        db.select(Product.mpn, Brand.name, ProductDocument.kind, ProductDocument.url)
        .join(Product.brand).join(Product.documents)
    ).all()
    assert {kind for *_, kind, _ in rows} <= {"datasheet", "family"}
    datasheets = [(mpn, brand, url) for mpn, brand, kind, url in rows if kind == "datasheet"]
    assert len(datasheets) >= 40
    assert [row for row in datasheets if not on_vendor_domain(row[2], row[1])] == []
    family = [(mpn, brand, url) for mpn, brand, kind, url in rows if kind == "family"]
    assert [row for row in family if not on_vendor_domain(row[2], row[1])] == []


@pytest.mark.parametrize("mpn", ["Netropy 10G", "MFS1S00-H003E", "BCM957414A4142CC"])
def test_a_part_without_its_own_datasheet_says_so(demo_client, demo_app, mpn):
    with demo_app.app_context():
        part = product(mpn)
        slug, kinds = part.slug, [d.kind for d in part.documents]
        family = [d.url for d in part.documents if d.kind == "family"]
    assert "datasheet" not in kinds
    html = demo_client.get(f"/p/{slug}").get_data(as_text=True)
    assert "No public datasheet" in html
    assert all(url in html for url in family)
    assert ("only the family page above" in html) == bool(family)


def test_a_part_with_its_own_datasheet_links_it_before_the_family_page(demo_client, demo_app):
    with demo_app.app_context():
        part = product("MQM8700-HS2F")
        slug, docs = part.slug, [(d.kind, d.url) for d in part.documents]
    assert [kind for kind, _ in docs] == ["datasheet", "family"]
    html = demo_client.get(f"/p/{slug}").get_data(as_text=True)
    assert "No public datasheet" not in html
    assert html.index(docs[0][1]) < html.index(docs[1][1])


@pytest.mark.parametrize(("value", "unit", "text"), [
    (10000, "m", "10 km"), (2000, "m", "2 km"), (500, "m", "500 m"), (0.5, "m", "0.5 m"),
    (1500, "m", "1.5 km"), (20000, "ms", "20 s"), (400, "Gb/s", "400 Gb/s"), (3, None, "3"),
])
def test_quantities_are_written_one_way(value, unit, text):
    assert format_quantity(value, unit) == text


def test_long_reach_shows_in_km_on_pages_and_in_filter_hints(demo_client, demo_app):
    with demo_app.app_context():
        slug = product("MMA1L10-CR").slug
    html = demo_client.get(f"/p/{slug}").get_data(as_text=True)
    assert "10 km" in html and "10000 m" not in html
    listing = demo_client.get("/c/optical-transceivers").get_data(as_text=True)
    # The cards' add-to-cart fields cap a quantity at 10000 (shop.cart); that is no reach.
    without_quantity_fields = re.sub(r'<input type="number" name="quantity"[^>]*>', "", listing)
    assert "10000" not in without_quantity_fields and "10 km" in listing
    assert SPECS["reach"].display(2000) == "2 km"
