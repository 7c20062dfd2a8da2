"""Storefront pages over the demo catalogue: content, SEO and bad input."""

import json
import re

import pytest

from shop.catalog import queries
from shop.catalog.models import Product
from shop.extensions import db

MALFORMED = [
    "page=-1", "page=abc", "page=999999", "page=1e3", "page=", "nonsense=1&foo=bar",
    "data_rate=banana", "form_factor=QSFP999", "sort=';drop", "sort=price_asc%00",
    "q=" + "x" * 10_000, "reach_min=-5&reach_max=abc", "price_min=1e999", "price_max=NaN",
    "in_stock=%FF", "data_rate=%C3%28", "%FF%FE=%FD", "managed=yes&managed=no&managed=maybe",
    "ids=1,2,x,,,-4",
]


def jsonld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(b) for b in blocks]


def product(mpn: str) -> Product:
    return db.session.execute(
        db.select(Product).where(Product.mpn == mpn)
    ).scalar_one()


def demo_product(demo_app, mpn: str) -> Product:
    """A demo product read in an app context of its own (detached, columns loaded)."""
    with demo_app.app_context():
        return product(mpn)


def test_demo_catalogue_is_real_and_broad(demo):
    count = db.session.execute(db.select(db.func.count()).select_from(Product)).scalar_one()
    assert count >= 60
    families = {c.slug for c in queries.top_categories()}
    assert {"switches", "network-adapters", "cables-transceivers", "network-emulators"} <= families
    for mpn in ("MCX623106AN-CDAT", "MCX653106A-HDAT", "MCX75310AAS-NEAT", "MQM8700-HS2F",
                "MQM9700-NS2F", "MCP1650-H001E30"):
        assert product(mpn).is_published


# Page numbers that name no page: listings answer 404 (shop.pagination); "page=" is page 1.
MALFORMED_PAGES = {"page=-1", "page=abc", "page=999999", "page=1e3"}
LISTINGS = {"/c/switches", "/c/cables-transceivers", "/search"}


@pytest.mark.parametrize("path", ["/", "/c/switches", "/c/cables-transceivers", "/search",
                                  "/compare"])
@pytest.mark.parametrize("query", MALFORMED)
def test_malformed_query_strings_never_fail(demo_client, path, query):
    resp = demo_client.get(f"{path}?{query}")
    if path in LISTINGS and query in MALFORMED_PAGES:
        assert resp.status_code == 404, resp.status_code
        assert "Page not found" in resp.text
    else:
        assert resp.status_code in (200, 302, 400), resp.status_code


def test_malformed_query_strings_on_a_product_page(demo_client, demo_app):
    slug = demo_product(demo_app, "MQM9700-NS2F").slug
    for query in MALFORMED:
        # A NUL byte anywhere is refused before any view (shop.input_rules).
        expected = 400 if "%00" in query else 200
        assert demo_client.get(f"/p/{slug}?{query}").status_code == expected


def test_home_shows_families_best_sellers_new_arrivals_and_search(demo_client):
    html = demo_client.get("/").get_data(as_text=True)
    for text in ("Switches", "Network adapters", "Cables &amp; transceivers", "Network emulators",
                 "Best sellers", "New arrivals", 'role="search"'):
        assert text in html


def test_product_page(demo_client, demo_app):
    p = demo_product(demo_app, "MCX75310AAS-NEAT")
    html = demo_client.get(f"/p/{p.slug}").get_data(as_text=True)
    assert "MCX75310AAS-NEAT" in html and p.sku in html
    assert re.search(r"\d+ in stock|Out of stock", html)
    assert "400 Gb/s" in html and "PCIe 5.0" in html
    assert 'aria-label="Breadcrumb"' in html and "Network adapters" in html
    assert "Compatible cables and transceivers" in html
    [prod_ld, crumbs] = jsonld(html)
    assert prod_ld["@type"] == "Product" and prod_ld["mpn"] == "MCX75310AAS-NEAT"
    assert prod_ld["sku"] == p.sku and prod_ld["brand"]["name"] == "NVIDIA"
    assert prod_ld["offers"]["priceCurrency"] == "USD"
    assert prod_ld["offers"]["price"] == f"{p.price_cents / 100:.2f}"
    assert any(a["name"] == "Data rate" and a.get("unitText") == "Gb/s"
               for a in prod_ld["additionalProperty"])
    assert crumbs["@type"] == "BreadcrumbList"
    assert f'<link rel="canonical" href="http://localhost/p/{p.slug}">' in html


def test_cable_page_lists_what_it_fits(demo_client, demo_app):
    slug = demo_product(demo_app, "MCP1650-H001E30").slug
    html = demo_client.get(f"/p/{slug}").get_data(as_text=True)
    assert "Fits these switches and adapters" in html
    assert "MQM8700-HS2F" in html  # the HDR Quantum switch takes QSFP56 at 200 Gb/s


def test_end_of_life_notice_names_the_successor(demo_client, demo_app):
    with demo_app.app_context():
        eol = db.session.execute(
            db.select(Product).where(Product.eol.is_(True), Product.successor_id.is_not(None))
        ).scalars().first()
        slug, successor_mpn = eol.slug, eol.successor.mpn
    html = demo_client.get(f"/p/{slug}").get_data(as_text=True)
    assert "End of life" in html and successor_mpn in html


def test_out_of_stock_is_shown(demo_client, demo_app):
    from shop.inventory.queries import available_by_product

    with demo_app.app_context():
        ids = db.session.execute(db.select(Product.id)).scalars().all()
        stock = available_by_product(ids)
        empty = next(pid for pid, qty in stock.items() if qty == 0)
        slug = db.session.get(Product, empty).slug
    assert "Out of stock" in demo_client.get(f"/p/{slug}").get_data(as_text=True)


def test_titles_and_descriptions_are_unique(demo_client, demo_app):
    with demo_app.app_context():
        slugs = db.session.execute(db.select(Product.slug).limit(15)).scalars().all()
    pages = ["/", "/c/switches", "/c/network-adapters", *[f"/p/{s}" for s in slugs]]
    titles, descriptions = set(), set()
    for path in pages:
        html = demo_client.get(path).get_data(as_text=True)
        titles.add(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
        descriptions.add(re.search(r'<meta name="description" content="(.*?)">', html).group(1))
    assert len(titles) == len(pages) and len(descriptions) == len(pages)


def test_category_filters_keep_state_in_the_query_string(demo_client):
    html = demo_client.get("/c/cables-transceivers?data_rate=400").get_data(as_text=True)
    assert re.search(r'name="data_rate" value="400" checked', html)
    assert 'content="noindex, follow"' in html  # filtered variants are not indexed
    assert '<link rel="canonical" href="http://localhost/c/cables-transceivers">' in html


def test_compare_highlights_differences(demo_client, demo_app):
    a, b = demo_product(demo_app, "MQM8700-HS2F"), demo_product(demo_app, "MQM9700-NS2F")
    html = demo_client.get(f"/compare?ids={a.id},{b.id}").get_data(as_text=True)
    assert "MQM8700-HS2F" in html and "MQM9700-NS2F" in html
    assert 'class="differs"' in html


def test_compare_takes_at_most_four(demo_client, demo_app):
    with demo_app.app_context():
        ids = db.session.execute(db.select(Product.id).limit(6)).scalars().all()
    html = demo_client.get("/compare?" + "&".join(f"ids={i}" for i in ids)).get_data(as_text=True)
    assert html.count('<th scope="col">') == 4 and "up to 4" in html


def test_exact_part_number_redirects_and_prefix_lists(demo_client, demo_app):
    for q in ("mcx75310aasneat", "MCX75310AAS NEAT", "MCX75310AAS-NEAT"):
        resp = demo_client.get("/search", query_string={"q": q})
        assert resp.status_code == 302
        assert resp.headers["Location"].endswith(
            demo_product(demo_app, "MCX75310AAS-NEAT").slug)
    html = demo_client.get("/search?q=MCX753").get_data(as_text=True)
    assert html.count('class="card"') > 1 and "MCX75310AAS-NEAT" in html


def test_sitemap_has_every_published_product(demo_client, demo_app):
    xml = demo_client.get("/sitemap.xml").get_data(as_text=True)
    with demo_app.app_context():
        count = db.session.execute(
            db.select(db.func.count()).select_from(Product).where(Product.status == "published")
        ).scalar_one()
    assert xml.count("/p/") == count


def test_price_filters_in_the_address_answer_and_stay_in_the_links(demo_client):
    response = demo_client.get("/c/cables-transceivers?price_min=100&price_max=2000.5")
    assert response.status_code == 200
    assert "price_max=2000.50" in response.text and "price_min=100.00" in response.text
