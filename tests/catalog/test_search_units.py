"""Searches that read units and forgive typos, the default order of category pages, and
range fields that read what people type — over the demo catalogue."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from werkzeug.datastructures import MultiDict

from shop.catalog.listing import depends_on_stock
from shop.catalog.listing_params import ListingParams, parse_params
from shop.catalog.models import Product
from shop.catalog.quantities import read_price, read_query, read_range_value
from shop.extensions import db


def mpns(html: str) -> list[str]:
    return re.findall(r'<p class="pn"><span class="visually-hidden">Part number </span>([^<]+)</p>',
                      html)


@pytest.mark.parametrize(("query", "text", "values"), [
    ("HDR DAC 2 m", "HDR DAC", {"reach": [2]}),
    ("HDR DAC 2m", "HDR DAC", {"reach": [2]}),
    ("2 metre HDR DAC", "HDR DAC", {"reach": [2]}),
    ("HDR DAC 2 meters", "HDR DAC", {"reach": [2]}),
    ("400g osfp", "osfp", {"data_rate": [400]}),
    ("OSFP 400 Gb/s", "OSFP", {"data_rate": [400]}),
    ("850nm transceiver", "transceiver", {"wavelength": [850]}),
    ("SR4 100 m", "SR4", {"reach": [100]}),
    ("LR 10 km", "LR", {"reach": [10000]}),
    ("25GbE SFP28", "25GbE SFP28", {}),  # a generation name, not a quantity
    ("MCP1650-H002E26", "MCP1650-H002E26", {}),  # part numbers stay whole
    ("2x400G", "2x400G", {}),
])
def test_quantities_in_a_query_are_read(query, text, values):
    found = read_query(query)
    assert found.text == text and found.values == values


@pytest.mark.parametrize("query", ["HDR DAC 2 m", "HDR DAC 2m", "HDR DAC 2 metre",
                                   "HDR DAC 2 meters"])
def test_the_2_m_hdr_dac_ranks_first(demo_client, query):
    resp = demo_client.get("/search", query_string={"q": query})
    assert resp.status_code == 302
    args = dict(parse_qsl(urlsplit(resp.location).query))
    assert args == {"q": "HDR DAC", "reach_min": "2", "reach_max": "2"}
    html = demo_client.get(resp.location).get_data(as_text=True)
    assert mpns(html)[0] == "MCP1650-H002E26"
    assert "Reach 2 m" in html  # the filter is shown and can be removed


def test_rates_and_wavelengths_become_facet_filters(demo_client, demo_app):
    resp = demo_client.get("/search?q=400g")
    assert dict(parse_qsl(urlsplit(resp.location).query)) == {"data_rate": "400"}
    html = demo_client.get(resp.location).get_data(as_text=True)
    assert "Products matching your filters" in html and "MCX75310AAS-NEAT" in mpns(html)
    html = demo_client.get("/search?q=850nm", follow_redirects=True).get_data(as_text=True)
    found = mpns(html)
    with demo_app.app_context():
        assert found and all(db.session.execute(db.select(Product).where(Product.mpn == m))
                             .scalar_one().spec_values("wavelength")[0].num == 850
                             for m in found)


@pytest.mark.parametrize(("query", "fixed"), [("conectx", "connectx"),
                                              ("tranceiver", "transceiver")])
def test_a_misspelled_word_is_corrected_from_the_catalogue(demo_client, query, fixed):
    html = demo_client.get("/search", query_string={"q": query}).get_data(as_text=True)
    assert f"results for “{fixed}”" in html
    assert "spell=0" in html  # the literal search is one click away
    assert mpns(html)
    literal = demo_client.get("/search", query_string={"q": query, "spell": "0"})
    assert "No products match" in literal.get_data(as_text=True)


def test_did_you_mean_when_the_misspelling_itself_matches_something(app, client):
    from tests.factories import make_product

    with app.app_context():
        make_product(name="SR4 optical transceiver", product_type="transceiver",
                     description="A tranceiver, as the label misspells it.",
                     specs={"protocol": ["Ethernet"]})
        make_product(name="LR4 optical transceiver", product_type="transceiver",
                     specs={"protocol": ["Ethernet"]})
        db.session.commit()
    html = client.get("/search?q=tranceiver").get_data(as_text=True)
    assert "Did you mean" in html and "/search?q=transceiver" in html
    assert len(mpns(html)) == 1  # the literal results stay; the suggestion finds both


def test_category_relevance_puts_current_stock_first(demo_client, demo_app):
    from shop.inventory.queries import available_by_product

    html = demo_client.get("/c/network-adapters").get_data(as_text=True)
    with demo_app.app_context():
        order = [db.session.execute(db.select(Product).where(Product.mpn == m)).scalar_one()
                 for m in mpns(html)]
        stock = available_by_product([p.id for p in order])
        groups = [2 * p.eol + (stock[p.id] <= 0) for p in order]
    assert groups == sorted(groups) and groups[0] == 0 and max(groups) >= 2
    best = demo_client.get("/c/network-adapters?sort=best_selling").get_data(as_text=True)
    assert mpns(best) != mpns(html)


def test_a_stock_dependent_order_varies_the_cache():
    assert depends_on_stock(ListingParams(), category_id=3)
    assert not depends_on_stock(ListingParams(sort="price_asc"), category_id=3)
    assert not depends_on_stock(ListingParams(), category_id=None)  # search: tiers
    assert depends_on_stock(ListingParams(in_stock=True), category_id=None)


@pytest.mark.parametrize(("raw", "value"), [("$100", "100"), ("300 USD", "300"),
                                            ("USD 300", "300"), ("1,200.50", "1200.50"),
                                            ("$ 99.99", "99.99")])
def test_prices_are_read_as_typed(raw, value):
    assert str(read_price(raw, "USD")[0]) == value


@pytest.mark.parametrize("raw", ["100 EUR", "€100", "cheap", "$", "1e9999"])
def test_unreadable_prices_are_refused_with_a_message(raw):
    value, error = read_price(raw, "USD")
    assert value is None and error


@pytest.mark.parametrize(("raw", "value"), [("2 m", 2), ("2m", 2), ("1.5 km", 1500),
                                            ("0,5", 0.5), ("3", 3)])
def test_lengths_are_read_as_typed(raw, value):
    assert read_range_value(raw, "reach", "m") == (value, None)


def test_unreadable_ranges_stay_in_the_field_with_a_message(demo_client):
    params = parse_params(MultiDict({"reach_min": "2 kg", "price_max": "300 EUR",
                                     "price_min": "$100"}))
    assert set(params.errors) == {"reach_min", "price_max"} and params.price_min == 100_00
    html = demo_client.get("/c/dac-cables?reach_min=two&price_max=%24100").get_data(
        as_text=True)
    assert 'aria-describedby="f-reach_min-error"' in html
    assert 'id="f-reach_min-error">Type a number' in html and 'value="two"' in html
    assert "Price up to" in html or "$0" in html or "$100.00" in html


def test_filter_forms_leave_no_empty_parameters(demo_client):
    resp = demo_client.get("/c/dac-cables?in_stock=1&reach_min=&reach_max=&price_min=")
    assert resp.status_code == 302 and resp.location.endswith("/c/dac-cables?in_stock=1")
    html = demo_client.get("/c/dac-cables?in_stock=1").get_data(as_text=True)
    for href in re.findall(r'href="([^"]*\?[^"]*)"', html):
        assert not re.search(r"=(&|$)", href.replace("&amp;", "&")), href


def test_results_come_before_the_filters_in_the_page(demo_client):
    for url in ("/c/dac-cables", "/search?q=cable"):
        html = demo_client.get(url).get_data(as_text=True)
        assert html.index('class="results"') < html.index('class="filters"')
