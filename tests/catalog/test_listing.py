"""Faceted listing: OR within a facet, AND across facets, counts that ignore their own facet."""

import pytest
from werkzeug.datastructures import MultiDict

from shop.catalog import queries
from shop.catalog.listing import Scope, run_listing
from shop.catalog.listing_params import parse_params
from shop.errors import NotFound


def listing(args: dict | list, page_size=24):
    params = parse_params(MultiDict(args))
    root = queries.category_by_slug("cables-transceivers")
    return run_listing(Scope(category_id=root.id), params, page_size=page_size)


def names(result):
    return {p.name for p in queries.products_by_ids(result.product_ids)}


def counts(result, code):
    facet = next((f for f in result.facets if f.code == code), None)
    return {v.key: v.count for v in facet.values} if facet else {}


def test_parent_category_lists_children_products(cable_shelf):
    assert listing({}).total == 6


def test_values_in_one_facet_combine_with_or(cable_shelf):
    result = listing([("data_rate", "200"), ("data_rate", "400")])
    assert names(result) == {"HDR DAC 1 m", "HDR DAC 3 m", "NDR DAC 1 m", "NDR AOC 20 m"}


def test_facets_combine_with_and(cable_shelf):
    result = listing([("data_rate", "400"), ("media", "DAC")])
    assert names(result) == {"NDR DAC 1 m"}


def test_selecting_a_rate_updates_other_facets_but_not_its_own(cable_shelf):
    result = listing([("data_rate", "400")])
    # Its own facet still offers every rate, with counts over the other filters (none).
    assert counts(result, "data_rate") == {"100": 2, "200": 2, "400": 2}
    # Other facets count only 400 Gb/s products.
    assert counts(result, "form_factor") == {"OSFP": 2}
    assert counts(result, "media") == {"AOC": 1, "DAC": 1}


def test_counts_of_a_selected_facet_respect_other_facets(cable_shelf):
    result = listing([("data_rate", "400"), ("media", "DAC")])
    assert counts(result, "data_rate") == {"100": 2, "200": 2, "400": 1}
    assert counts(result, "media") == {"AOC": 1, "DAC": 1}


def test_reach_and_price_ranges(cable_shelf):
    assert names(listing({"reach_min": "2", "reach_max": "5"})) == {
        "HDR DAC 3 m", "100G DAC 2 m", "100G DAC 5 m"}
    assert names(listing({"price_min": "100", "price_max": "200.00"})) == {
        "HDR DAC 1 m", "HDR DAC 3 m"}
    # min and max given the wrong way round are swapped, not an error
    assert listing({"reach_min": "5", "reach_max": "2"}).total == 3


def test_in_stock_only(cable_shelf):
    assert names(listing({"in_stock": "1"})) == {
        "HDR DAC 1 m", "NDR DAC 1 m", "NDR AOC 20 m", "100G DAC 2 m"}


def test_sorts(cable_shelf):
    def ordered(sort):
        return [p.name for p in queries.products_by_ids(listing({"sort": sort}).product_ids)]

    assert ordered("price_asc")[0] == "100G DAC 2 m"
    assert ordered("price_desc")[0] == "NDR AOC 20 m"
    assert ordered("newest")[0] == "100G DAC 5 m"


def test_the_last_page_exists_and_a_page_past_it_is_not_found(cable_shelf):
    result = listing({"page": "2"}, page_size=4)
    assert (result.page, result.pages, len(result.product_ids)) == (2, 2, 2)
    for page in ("3", "999999"):
        with pytest.raises(NotFound):
            listing({"page": page}, page_size=4)
    # An empty listing still has its first page.
    empty = listing([("data_rate", "400"), ("media", "DAC"), ("in_stock", "1"),
                     ("price_max", "1")])
    assert (empty.total, empty.page, empty.pages, empty.product_ids) == (0, 1, 1, [])


def test_unknown_and_malformed_values_are_ignored(cable_shelf):
    params = parse_params(MultiDict([
        ("data_rate", "abc"), ("data_rate", "1e999"), ("form_factor", "QSFP57"),
        ("nonsense", "1"), ("sort", "';drop"), ("reach_min", "nan"),
        ("price_max", "12abc"), ("managed", "maybe"),
    ]))
    assert params.selected == {} and params.ranges == {}
    assert params.sort == "relevance" and params.page == 1 and params.price_max is None
    assert listing({"data_rate": "abc"}).total == 6


@pytest.mark.parametrize("page", ["-1", "0", "abc", "1e3", "²", "1234567"])
def test_a_malformed_page_number_names_no_page(page):
    with pytest.raises(NotFound):
        parse_params(MultiDict([("data_rate", "abc"), ("page", page)]))
    assert parse_params(MultiDict([("page", "")])).page == 1


def test_relevance_orders_by_tier_then_best_selling_then_id_across_pages(cable_shelf):
    from shop.catalog.models import ChangeKind
    from shop.catalog.services import record_change
    from shop.extensions import db

    sales = {"hdr1": 5, "hdr3": 50, "ndr1": 50, "ndr2": 70, "e100": 900, "e100b": 60}
    for key, sold in sales.items():
        cable_shelf[key].sales_count = sold
    record_change(ChangeKind.STRUCTURE)
    db.session.commit()
    tiers = {"hdr1": 0, "hdr3": 1, "ndr1": 1, "ndr2": 1, "e100": 2, "e100b": 0}
    ids = [cable_shelf[k].id for k in tiers]
    scope = Scope(hit_ids=ids, hit_tiers=list(tiers.values()))
    expected = [cable_shelf[k].id for k in sorted(
        tiers, key=lambda k: (tiers[k], -sales[k], cable_shelf[k].id))]
    pages = []
    for page in (1, 2, 3):
        result = run_listing(scope, parse_params(MultiDict({"page": str(page)})), page_size=2)
        pages += result.product_ids
    assert pages == expected
    # hdr3 and ndr1 tie on tier and sales: the lower id comes first
    assert pages.index(cable_shelf["hdr3"].id) < pages.index(cable_shelf["ndr1"].id)
