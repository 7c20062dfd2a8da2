"""The back office's product list: search by name and part number, filters, sorting,
pages, and a fixed number of queries whatever the page holds."""

import re

import pytest

from shop.extensions import db
from shop.inventory import adjustments
from tests.admin.products_helpers import ADAPTER_SPECS, edit_form, post_form, staff_client
from tests.factories import make_category, make_product, make_supplier_organisation
from tests.querycount import count_queries


@pytest.fixture
def shelf(app, clean):
    """Six products across two categories (one below the other), two brands, every status
    and stock level, low-stock thresholds on some, and one supplier's listing."""
    with app.app_context():
        root = make_category("network-adapters", "Network adapters")
        smart = make_category("smartnics", "SmartNICs", parent=root)
        cables = make_category("dac-cables", "DAC cables")
        cable_specs = {"protocol": ["Ethernet"], "data_rate": [100],
                       "form_factor": ["QSFP28"], "media": "DAC", "reach": 2}

        def adapter(name, **kw):
            return make_product(name=name, specs=ADAPTER_SPECS, **kw).id

        ids = {
            "cx7": adapter("ConnectX-7 adapter", mpn="MCX75310AAS-NEAT", category=root,
                           price_cents=1_500_00, stock=40),
            "cx6": adapter("ConnectX-6 adapter", mpn="MCX653105A-HDAT", category=root,
                           price_cents=900_00, stock=3),
            "bf3": adapter("BlueField-3 DPU", mpn="900-9D3B6-00CV-AA0", category=smart,
                           price_cents=2_500_00, status="draft"),
            "e810": adapter("E810 adapter", mpn="E810CQDA2", category=root, brand="Intel",
                            price_cents=600_00, status="archived", stock=1),
            "dac": make_product(name="100G DAC 2 m", product_type="cable", mpn="MCP1600-C002",
                                category=cables, specs=cable_specs, price_cents=80_00,
                                stock=10).id,
            "org": make_supplier_organisation(id=42).id,
            "sup": adapter("Supplier adapter", mpn="SUP-1", category=root, price_cents=700_00,
                           supplier_id=42, status="pending_review"),
        }
        # Low is each product's own threshold: the DAC at its threshold of 10 is low, the
        # E810 with 1 unit and no threshold is not, the sold-out DPU with one is.
        for key, threshold in (("cx7", 5), ("cx6", 5), ("dac", 10), ("bf3", 2)):
            adjustments.set_threshold(ids[key], threshold, None)
        db.session.commit()
        return ids


def _names(html: str) -> list[str]:
    return re.findall(r'<a href="/admin/products/\d+/edit">([^<]+)</a>', html)


def test_search_finds_names_and_part_numbers_of_every_status(app, client, shelf):
    staff = staff_client(app, client)
    assert _names(staff.get("/admin/products?q=connectx").text) == [
        "ConnectX-6 adapter", "ConnectX-7 adapter"]
    assert _names(staff.get("/admin/products?q=ConnectX-7").text) == ["ConnectX-7 adapter"]
    by_number = staff.get("/admin/products?q=mcx 753-10").text  # case, spaces, dashes
    assert _names(by_number) == ["ConnectX-7 adapter"]
    assert _names(staff.get("/admin/products?q=900-9d3b6").text) == ["BlueField-3 DPU"]
    # a part-number hit comes first, then name matches
    assert _names(staff.get("/admin/products?q=E810").text) == ["E810 adapter"]
    assert "No products match" in staff.get("/admin/products?q=nothinglikethis").text


def test_filters_combine_and_categories_include_their_children(app, client, shelf):
    staff = staff_client(app, client)
    with app.app_context():
        from shop.catalog.models import Brand, Category

        root = db.session.query(Category).filter_by(slug="network-adapters").one().id
        intel = db.session.query(Brand).filter_by(name="Intel").one().id
    in_root = _names(staff.get(f"/admin/products?category={root}&sort=name").text)
    assert in_root == ["BlueField-3 DPU", "ConnectX-6 adapter", "ConnectX-7 adapter",
                       "E810 adapter", "Supplier adapter"]
    assert _names(staff.get(f"/admin/products?brand={intel}").text) == ["E810 adapter"]
    assert _names(staff.get("/admin/products?status=draft").text) == ["BlueField-3 DPU"]
    assert _names(staff.get("/admin/products?stock=in&sort=name").text) == [
        "ConnectX-7 adapter", "E810 adapter"]
    assert _names(staff.get("/admin/products?stock=low&sort=name").text) == [
        "100G DAC 2 m", "BlueField-3 DPU", "ConnectX-6 adapter"]
    assert _names(staff.get("/admin/products?stock=out&sort=name").text) == [
        "BlueField-3 DPU", "Supplier adapter"]
    assert _names(staff.get("/admin/products?supplier=42").text) == ["Supplier adapter"]
    assert "Supplier adapter" not in staff.get("/admin/products?supplier=own").text
    both = staff.get(f"/admin/products?category={root}&stock=low&status=published").text
    assert _names(both) == ["ConnectX-6 adapter"]
    assert "1 product matches." in both
    # values the list does not know are ignored, not errors
    assert staff.get("/admin/products?status=nope&stock=x&sort=evil&brand=abc").status_code == 200


def test_sorting_by_price_stock_and_name(app, client, shelf):
    staff = staff_client(app, client)
    assert _names(staff.get("/admin/products?sort=price").text)[:2] == [
        "100G DAC 2 m", "E810 adapter"]
    assert _names(staff.get("/admin/products?sort=-price").text)[0] == "BlueField-3 DPU"
    assert _names(staff.get("/admin/products?sort=-stock").text)[:3] == [
        "ConnectX-7 adapter", "100G DAC 2 m", "ConnectX-6 adapter"]
    assert _names(staff.get("/admin/products?sort=name").text)[0] == "100G DAC 2 m"


def test_pages_and_their_links_keep_the_filters(app, client, shelf, monkeypatch):
    from shop.admin import product_list

    staff = staff_client(app, client)
    monkeypatch.setattr(product_list, "PER_PAGE", 2)
    first = staff.get("/admin/products?sort=name&status=published").text
    assert "Page 1 of 2" in first
    assert 'href="/admin/products?status=published&amp;sort=name&amp;page=2"' in first
    assert staff.get("/admin/products?page=9").status_code == 404
    assert staff.get("/admin/products?page=abc").status_code == 404


def test_the_list_runs_a_fixed_number_of_queries(app, client, shelf):
    staff = staff_client(app, client)
    staff.get("/admin/products")  # warm: the signed-in user, the catalogue version
    with count_queries(app) as few:
        staff.get("/admin/products?sort=name")
    with app.app_context():
        for n in range(12):
            make_product(name=f"Extra {n}", specs=ADAPTER_SPECS, stock=2)
        db.session.commit()
    staff.get("/admin/products")  # the menu is read again once per catalogue version
    with count_queries(app) as many:
        page = staff.get("/admin/products?sort=name")
    assert len(_names(page.text)) == 18
    assert len(many) == len(few)


def test_part_number_matches_come_before_name_matches(app, client, clean):
    with app.app_context():
        make_product(name="Zeta rail kit", mpn="QM9700-KIT", specs=ADAPTER_SPECS)
        make_product(name="Alpha QM9700 bracket", mpn="BR-1", specs=ADAPTER_SPECS)
        db.session.commit()
    staff = staff_client(app, client)
    assert _names(staff.get("/admin/products?q=qm9700").text) == [
        "Zeta rail kit", "Alpha QM9700 bracket"]
    assert _names(staff.get("/admin/products?q=qm9700&sort=name").text) == [
        "Alpha QM9700 bracket", "Zeta rail kit"]


def test_a_renamed_product_is_found_by_its_new_name_only(app, client, shelf):
    """The title the list searches is rewritten with the product (on PostgreSQL, its stored
    vector too): the new word finds it, the old one no longer does."""
    staff = staff_client(app, client)
    assert _names(staff.get("/admin/products?q=bluefield").text) == ["BlueField-3 DPU"]
    data = edit_form(staff, shelf["bf3"])
    response = post_form(staff, f"/admin/products/{shelf['bf3']}/edit", data,
                         name="Quasarite-3 DPU")
    assert response.status_code == 302
    assert _names(staff.get("/admin/products?q=quasarite").text) == ["Quasarite-3 DPU"]
    assert _names(staff.get("/admin/products?q=quasar").text) == ["Quasarite-3 DPU"]
    assert _names(staff.get("/admin/products?q=bluefield").text) == []


def test_stock_changes_reach_the_list_at_once(app, client, shelf):
    from shop.inventory import services as inventory

    staff = staff_client(app, client)
    assert "BlueField-3 DPU" in _names(staff.get("/admin/products?stock=out").text)
    with app.app_context():
        location = inventory.get_or_create_location("MAIN", "Main warehouse")
        inventory.receive(shelf["bf3"], location.id, 3)
        db.session.commit()
    assert "BlueField-3 DPU" not in _names(staff.get("/admin/products?stock=out").text)
    assert "BlueField-3 DPU" not in _names(staff.get("/admin/products?stock=low").text)
    assert "BlueField-3 DPU" in _names(staff.get("/admin/products?stock=in").text)
    with app.app_context():
        make_product(name="Brand new adapter", specs=ADAPTER_SPECS)
        db.session.commit()
    assert "Brand new adapter" in _names(staff.get("/admin/products?stock=out").text)


def test_low_is_each_products_own_threshold_as_the_dashboard_counts_it(app, client, shelf):
    from shop.inventory.queries import low_stock

    staff = staff_client(app, client)
    page = staff.get("/admin/products?stock=low&sort=name").text
    with app.app_context():
        dashboard = sorted(row.name for row in low_stock(limit=100))
    assert _names(page) == dashboard
    assert "threshold 10" in page  # beside the DAC's 10 units
    assert "Low (at or below its threshold)" in page


def test_threshold_changes_reach_the_list_at_once(app, client, shelf):
    staff = staff_client(app, client)
    assert "E810 adapter" in _names(staff.get("/admin/products?stock=in").text)  # index built
    with app.app_context():
        adjustments.set_threshold(shelf["e810"], 1, None)  # its one unit is now low
        adjustments.set_threshold(shelf["dac"], 9, None)  # 10 units: no longer low
        db.session.commit()
    low = _names(staff.get("/admin/products?stock=low").text)
    assert "E810 adapter" in low and "100G DAC 2 m" not in low
    assert "100G DAC 2 m" in _names(staff.get("/admin/products?stock=in").text)
    with app.app_context():
        adjustments.set_threshold(shelf["e810"], None, None)  # cleared: never low
        db.session.commit()
    assert "E810 adapter" not in _names(staff.get("/admin/products?stock=low").text)
    assert "E810 adapter" in _names(staff.get("/admin/products?stock=in").text)


def test_sorting_in_memory_agrees_with_sql(app, client, shelf):
    """A search or a stock filter sorts in memory; the same order as SQL gives."""
    staff = staff_client(app, client)
    for sort in ("name", "price", "-price", "updated"):
        by_sql = _names(staff.get(f"/admin/products?sort={sort}").text)
        in_memory = _names(staff.get(f"/admin/products?q=a&sort={sort}").text)  # every name
        assert in_memory == [n for n in by_sql if n in in_memory], sort


def test_pages_of_an_in_memory_order_follow_each_other(app):
    import numpy as np

    from shop.admin.product_index import ProductIndex
    from shop.catalog.change_feed import Cursor

    rng = np.random.default_rng(7)
    n = 1000
    ids = np.arange(1, n + 1, dtype=np.int64) * 3
    zeros = np.zeros(n, dtype=np.int64)
    index = ProductIndex(Cursor(), ids, rng.integers(0, 20, n), rng.integers(0, 500, n),
                         rng.integers(1_700_000_000, 1_800_000_000, n), zeros, zeros, zeros,
                         zeros, zeros - 1, read_at=0.0, name_rank=rng.permutation(n))
    chosen = np.sort(rng.choice(ids, 400, replace=False))
    pos = np.searchsorted(ids, chosen)
    expected = {
        "price": sorted(chosen, key=lambda i: (index.price[pos[list(chosen).index(i)]], i)),
        "-stock": sorted(chosen, key=lambda i: (-index.units[pos[list(chosen).index(i)]], -i)),
        "updated": sorted(chosen, key=lambda i: (-index.updated[pos[list(chosen).index(i)]],
                                                 -i)),
        "name": sorted(chosen, key=lambda i: index.name_rank[pos[list(chosen).index(i)]]),
    }
    for sort, order in expected.items():
        pages = [index.page(chosen, sort, start, 50).tolist() for start in range(0, 400, 50)]
        assert [i for page in pages for i in page] == [int(i) for i in order], sort
    assert index.page(chosen, "name", 400, 50).tolist() == []


def test_most_of_the_catalogue_is_selected_by_the_few_ids_it_leaves_out(app, clean):
    from werkzeug.datastructures import MultiDict

    from shop.admin.product_list import matching_items, parse_params

    with app.app_context():
        cables = make_category("dac-cables", "DAC cables")
        empty = [make_product(name=f"Empty {n}", specs=ADAPTER_SPECS).id for n in range(5)]
        stocked = make_product(name="Stocked", specs=ADAPTER_SPECS, stock=9).id
        moved = make_product(name="Moved", specs=ADAPTER_SPECS, category=cables).id
        db.session.commit()
        out = [pid for pid, _ in matching_items(parse_params(MultiDict({"stock": "out"})))]
        assert out == sorted([*empty, moved])  # 6 of 7: sent as "not the stocked one"
        both = matching_items(parse_params(MultiDict({"stock": "out",
                                                      "category": str(cables.id)})))
        assert [pid for pid, _ in both] == [moved]
        assert stocked not in out
