"""Search over names, descriptions, specs and identifiers, on SQLite FTS5 and PostgreSQL."""

import pytest

from shop.catalog import search
from shop.extensions import db
from tests.factories import make_product


def make_adapters():
    made = {
        "cx7": make_product(name="ConnectX-7 VPI adapter 400G", mpn="MCX75310AAS-NEAT",
                            alt_part_number="900-9X766-003N-SQ0",
                            description="Single-port OSFP card for NDR fabrics."),
        "cx7h": make_product(name="ConnectX-7 VPI adapter 200G", mpn="MCX75310AAS-HEAT",
                             description="Single-port OSFP card for NDR200."),
        "cx6": make_product(name="ConnectX-6 Dx dual-port 100GbE", mpn="MCX623106AN-CDAT",
                            description="Crypto offload and RoCE for Ethernet."),
    }
    db.session.commit()
    return made


@pytest.fixture
def adapters(ctx):
    """Three adapters, for tests that make no requests."""
    return make_adapters()


@pytest.fixture
def adapter_slugs(app, clean):
    """The three adapters' slugs, made in an app context of their own."""
    with app.app_context():
        return {key: product.slug for key, product in make_adapters().items()}


@pytest.mark.parametrize("q", ["mcx75310aasneat", "MCX75310AAS NEAT", "MCX75310AAS-NEAT",
                               "mcx75310aas.neat", "900-9X766-003N-SQ0"])
def test_exact_part_number_in_any_format_finds_the_product(adapters, q):
    assert search.exact_part_number(q).id == adapters["cx7"].id


def test_exact_part_number_search_redirects_to_the_product(adapter_slugs, client):
    resp = client.get("/search", query_string={"q": "MCX75310AAS NEAT"})
    assert resp.status_code == 302
    assert resp.headers["Location"].endswith(f"/p/{adapter_slugs['cx7']}")


def test_prefix_finds_the_family(adapter_slugs, client):
    resp = client.get("/search", query_string={"q": "MCX753"})
    assert resp.status_code == 200
    body = resp.get_data(as_text=True)
    assert "ConnectX-7 VPI adapter 400G" in body and "ConnectX-7 VPI adapter 200G" in body
    assert "ConnectX-6 Dx" not in body


def test_words_match_names_descriptions_and_specs(adapter_slugs, client):
    body = client.get("/search?q=crypto+roce").get_data(as_text=True)
    assert "ConnectX-6 Dx" in body and "ConnectX-7" not in body
    # spec text (data rate "100 Gb/s" from the factory's specs) is searchable too
    body = client.get("/search?q=QSFP28").get_data(as_text=True)
    assert "3 products" in body


def test_a_model_number_after_a_hyphen_is_found_on_both_databases(adapter_slugs, client):
    """PostgreSQL reads "ConnectX-7" as "connectx" and the number -7; SQLite as two words."""
    body = client.get("/search?q=ConnectX-7").get_data(as_text=True)
    assert "2 products" in body and "ConnectX-6 Dx" not in body
    assert "ConnectX-6 Dx" in client.get("/search?q=connectx+6").get_data(as_text=True)


def test_prefix_of_words(adapter_slugs, client):
    body = client.get("/search?q=connect").get_data(as_text=True)
    assert "3 products" in body


@pytest.mark.parametrize("q", [
    '"', "'", 'NEAR(a b)', "a OR b AND", "*", "-", "title:x", "^x", "(((", "a\" OR \"b",
    "x" * 10_000, "%00", "💥", "' OR 1=1 --", "NOT", "{}[]", "\\",
])
def test_operators_and_quotes_are_harmless(adapter_slugs, client, q):
    resp = client.get("/search", query_string={"q": q})
    assert resp.status_code == 200


def test_search_results_have_facets(adapter_slugs, client):
    body = client.get("/search?q=connectx").get_data(as_text=True)
    assert 'name="data_rate"' in body and "Apply filters" in body


def _tiers(q):
    ids, tiers = search.ranked_hits(q)
    return dict(zip(ids.tolist(), tiers.tolist(), strict=True))


def test_hits_rank_part_number_then_title_then_text(adapters):
    # "ndr" is in the ConnectX-7 descriptions only; "400g" is in one title.
    assert _tiers("ndr") == {adapters["cx7"].id: 2, adapters["cx7h"].id: 2}
    assert _tiers("connectx 400g") == {adapters["cx7"].id: 1}
    assert _tiers("MCX75310") == {adapters["cx7"].id: 0, adapters["cx7h"].id: 0}
    assert _tiers("nothing-like-this") == {}


def test_reindexing_moves_a_product_between_tiers_and_removal_forgets_it(adapters):
    cx6 = adapters["cx6"]
    assert _tiers("crypto")[cx6.id] == 2
    cx6.name = "ConnectX-6 Dx crypto adapter"
    search.index_product(cx6, ["Network adapters"])
    db.session.commit()
    assert _tiers("crypto")[cx6.id] == 1
    assert _tiers("dual") == {}  # the old title's words are gone from both indexes
    cx6.name = "ConnectX-6 Dx dual-port 100GbE"
    search.index_product(cx6, ["Network adapters"])
    db.session.commit()
    assert _tiers("crypto")[cx6.id] == 2  # and the title index forgot "crypto" again
    search.remove_product(cx6.id)
    db.session.commit()
    assert cx6.id not in _tiers("crypto") and cx6.id not in _tiers("connectx")


def test_the_exact_part_number_redirect_follows_a_listing_change(app, adapter_slugs, client):
    """Each worker remembers exact part numbers per catalogue version; a change to the
    listing moves the version, so a search never sends anyone to a product now hidden."""
    from shop.catalog.models import Product
    from shop.catalog.services import update_listing

    assert client.get("/search?q=MCX75310AAS-HEAT").status_code == 302
    assert client.get("/search?q=MCX75310AAS-HEAT").status_code == 302  # remembered
    with app.app_context():
        product = db.session.query(Product).filter_by(slug=adapter_slugs["cx7h"]).one()
        update_listing(product, status="archived")
        db.session.commit()
    resp = client.get("/search?q=MCX75310AAS-HEAT")
    assert resp.status_code == 200
    assert "ConnectX-7 VPI adapter 200G" not in resp.get_data(as_text=True)
