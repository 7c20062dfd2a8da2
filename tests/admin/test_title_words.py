"""The words of the titles the back office's product list searches names by, kept in memory
per worker (``shop.admin.title_words``): the same products as the database's title search
(``catalog.search.title_hit_ids``) finds, on either database, for any query, after any edit
the change feed reports."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from shop.admin import product_index, title_tokens, title_words
from shop.catalog.editing import ProductDraft, create_from_draft, update_from_draft
from shop.catalog.models import ChangeKind, Product
from shop.catalog.search import remove_product, title_hit_ids
from shop.catalog.services import get_or_create_brand, record_change, set_price, update_listing
from shop.extensions import db
from tests.admin.products_helpers import staff_client
from tests.factories import make_category

SPECS = {"protocol": ["Ethernet"], "data_rate": [100.0], "form_factor": ["QSFP28"],
         "port_count": [2.0]}
TITLES = {  # name, manufacturer part number: the title is both
    "cx7": ("NVIDIA ConnectX-7 400GbE adapter", "MCX75310AAS-NEAT"),
    "bf3": ("BlueField-3 DPU", "900-9D3B6-00CV-AA0"),
    "sn": ("Spectrum-4 SN5600 switch", "MSN5600-VS2FC"),
    "osfp": ("400Gb/s single-port OSFP transceiver, 2.5 m", "MMA4Z00-NS400"),
    "e810": ("E810-CQDA2 Ethernet adapter v1.2.3", "E810CQDA2"),
    "cable": ("Câble cuivre réseau", "CB-1/2"),
    "emu": ("Émulateur İstanbul Straße", "ÆØ-5"),
    "odd": ("a×b port_splitter x@y.com foo.bar.com", "/usr/local-7"),
    "wan": ("Linktropy Mini-G WAN emulator 7abc", "LT-400G"),
    "hdr": ("HDR to 2x HDR100 splitter", "MCP7H50-H01AR30"),
}
QUERIES = [
    "nvidia", "NVIDIA", "connectx", "ConnectX-7", "connectx-7", "7", "-7", "400", "400g",
    "400gb", "400Gb/s", "400gbe", "mcx", "MCX75310AAS-NEAT", "neat", "900-9D3B6", "9d3b6",
    "00cv", "sn5600", "spectrum 4", "2.5", "2.5 m", "5", "e810", "E810-CQDA2", "cqda", "v1.2",
    "1.2.3", "cable", "câble", "cab", "réseau", "reseau", "emulateur", "émulateur", "istanbul",
    "İstanbul", "straße", "strasse", "æø", "a×b", "×", "x@y", "foo.bar", "usr", "/usr/local",
    "port_splitter", "splitter", "7abc", "mini-g", "g", "LT-400G", "hdr100", "2x", "x", "",
    "   ", "zzz", "nvidia zzz", "a b c d e f g h i j", "s", "m", "adapter ethernet", "0",
]


def _draft(name: str, mpn: str, sku: str) -> ProductDraft:
    return ProductDraft(name=name, product_type="adapter",
                        brand_id=get_or_create_brand("NVIDIA").id,
                        category_id=make_category("network-adapters").id, sku=sku, mpn=mpn,
                        price_cents=100_00, specs=dict(SPECS))


def make_titled() -> dict[str, int]:
    ids = {key: create_from_draft(_draft(name, mpn, f"W-{n}"), actor_id=None).id
           for n, (key, (name, mpn)) in enumerate(TITLES.items())}
    db.session.commit()
    return ids


@pytest.fixture
def titled(ctx):
    return make_titled()


def words_find(words: title_words.TitleWords, query: str) -> set[int]:
    return set(title_words.title_ids(words, query).tolist())


def database_finds(query: str) -> set[int]:
    return set(title_hit_ids(query).tolist())


def assert_same_as_database(words: title_words.TitleWords, queries=QUERIES) -> int:
    """Every query finds what the database finds; returns how many found something."""
    found = 0
    for query in queries:
        expected = database_finds(query)
        assert words_find(words, query) == expected, query
        found += bool(expected)
    return found


def test_the_words_find_what_the_database_finds(titled):
    words = title_words.build()
    assert assert_same_as_database(words) >= 35  # most queries find something
    assert words_find(words, "ConnectX-7") == {titled["cx7"]}
    assert words_find(words, "e810-cqda2") == {titled["e810"]}
    assert words_find(words, "900-9d3b6 dpu") == {titled["bf3"]}
    assert words_find(words, "splitter") == {titled["odd"], titled["hdr"]}
    assert words_find(words, "connectx zzz") == set()
    # Answered from memory, not by asking the database for the hits.
    for query in ("nvidia", "ConnectX-7", "MCX753", "400gbe", "câble", "a b c"):
        assert title_tokens.query_tree(query) is not None, query


def test_what_each_database_reads_in_a_title(titled):
    """The two databases cut titles differently; each one's own way is kept."""
    words = title_words.build()
    if db.engine.dialect.name == "sqlite":  # FTS5 folds accents
        assert words_find(words, "reseau") == words_find(words, "réseau") == {titled["cable"]}
        assert words_find(words, "2.5") == {titled["osfp"]}  # "2" and "5" of "2.5"
    else:  # PostgreSQL's parser keeps "2.5" whole, and "réseau" as written
        assert words_find(words, "reseau") == set()
        assert words_find(words, "réseau") == {titled["cable"]}
        assert words_find(words, "5") == {titled["emu"]}  # "-5" of "ÆØ-5", not "2.5"


def test_a_phrase_is_settled_by_the_database_for_the_few_it_may_match(ctx, monkeypatch):
    """PostgreSQL reads "400gbe" also as "-400" followed by "gbe" (as in "Quasar-400 Gbe"),
    and both databases read "a×b" as "a" followed by "b": only the products with both
    words are asked about, and only the database knows which have them side by side."""
    side_by_side = create_from_draft(_draft("Quasar-400 Gbe uplink a b", "QU-1", "W-a"),
                                     actor_id=None).id
    apart = create_from_draft(_draft("Quasar-400 X Gbe uplink a x b", "QU-2", "W-b"),
                              actor_id=None).id
    create_from_draft(_draft("Plain 400GbE uplink", "QU-3", "W-c"), actor_id=None)
    db.session.commit()
    asked = []

    def confirm(query, product_ids):
        asked.append((query, sorted(product_ids.tolist())))
        return real(query, product_ids)

    real = title_tokens.confirm
    monkeypatch.setattr(title_tokens, "confirm", confirm)
    words = title_words.build()
    assert words_find(words, "a×b") == database_finds("a×b") == {side_by_side}
    assert ("a×b", [side_by_side, apart]) in asked
    assert words_find(words, "400gbe") == database_finds("400gbe")
    if db.engine.dialect.name == "postgresql":
        assert side_by_side in words_find(words, "400gbe")
        assert ("400gbe", [side_by_side, apart]) in asked
    before = len(asked)
    monkeypatch.setattr(title_words, "CONFIRM_AT_MOST", 1)  # more: the database answers
    assert words_find(words, "a×b") == {side_by_side}
    assert len(asked) == before


def test_edits_new_and_gone_products_are_followed_through_the_change_feed(titled):
    index = product_index.current()
    before = index.title_words()
    assert words_find(before, "bluefield") == {titled["bf3"]}
    bf3 = db.session.get(Product, titled["bf3"])
    update_listing(bf3, name="Quasarite-9 DPU")
    e810 = db.session.get(Product, titled["e810"])
    update_from_draft(e810, _draft("E810 adapter", "XQ7-77", e810.sku),
                      expected_version=e810.version, actor_id=None)
    new = create_from_draft(_draft("Zephyrine-2 switch", "ZP-2", "W-new"), actor_id=None).id
    db.session.commit()
    gone = titled["odd"]  # no service removes products; this is what one would do
    remove_product(gone)
    db.session.execute(text("DELETE FROM product WHERE id = :id"), {"id": gone})
    record_change(ChangeKind.STRUCTURE, gone)
    db.session.commit()

    index = product_index.current()
    words = index.title_words()
    assert words.base is before.base  # overlaid, not read again
    assert set(words.changed.tolist()) == {titled["bf3"], titled["e810"], new, gone}
    assert words_find(words, "quasarite-9") == {titled["bf3"]}
    assert words_find(words, "bluefield") == set()
    assert words_find(words, "xq7") == {titled["e810"]}
    assert words_find(words, "cqda") == set()
    assert words_find(words, "zephyrine") == {new}
    assert words_find(words, "splitter") == {titled["hdr"]}
    assert_same_as_database(words, [*QUERIES, "quasar", "dpu", "xq7-77", "zephyrine-2"])

    set_price(db.session.get(Product, titled["cx7"]), 5_00)  # names no title
    db.session.commit()
    assert product_index.current().title_words() is words
    update_listing(db.session.get(Product, new), name="Quillwort-3 switch")
    db.session.commit()
    again = product_index.current().title_words()
    assert words_find(again, "quillwort") == {new} and words_find(again, "zephyrine") == set()
    assert set(again.changed.tolist()) == set(words.changed.tolist())  # read again, once


def test_past_the_overlay_limit_every_title_is_read_again(titled, monkeypatch):
    monkeypatch.setattr(title_words, "FOLD_AT", 1)
    first = product_index.current().title_words()
    for key, name in (("cx7", "Vantablade-7 adapter"), ("sn", "Vantablade-8 switch")):
        update_listing(db.session.get(Product, titled[key]), name=name)
    db.session.commit()
    index = product_index.current()
    assert index.words is None  # two products changed: read again at the next search
    words = index.title_words()
    assert words.base is not first.base and not len(words.changed)
    assert words_find(words, "vantablade") == {titled["cx7"], titled["sn"]}
    assert_same_as_database(words)


def test_the_list_searches_names_through_the_words(app, client, clean):
    with app.app_context():
        make_titled()
    staff = staff_client(app, client)

    def names(q: str) -> list[str]:
        page = staff.get("/admin/products", query_string={"q": q, "sort": "name"})
        assert page.status_code == 200
        return re.findall(r'<a href="/admin/products/\d+/edit">([^<]+)</a>', page.text)

    assert names("spectrum-4") == ["Spectrum-4 SN5600 switch"]
    with app.app_context():
        create_from_draft(_draft("Spectrum-4 SN5610 switch", "MSN5610-X", "W-sn2"),
                          actor_id=None)
        db.session.commit()
    assert names("spectrum-4") == ["Spectrum-4 SN5600 switch", "Spectrum-4 SN5610 switch"]
    assert names("émulateur") == ["Émulateur İstanbul Straße"]
    assert names("zzz") == [] and names("×") == []  # "×" is no word to either database


@pytest.mark.parametrize(("printed", "tree"), [
    ("'nvidia':*", ("word", "nvidia", True)),
    ("'7':* | '-7':*", ("or", [("word", "7", True), ("word", "-7", True)])),
    ("'connectx':* & ( '7':* | '-7':* )",
     ("and", [("word", "connectx", True), ("or", [("word", "7", True), ("word", "-7", True)])])),
    ("'400g':* | '-400':* <-> 'g':*",
     ("or", [("word", "400g", True), ("phrase", [("word", "-400", True), ("word", "g", True)])])),
    ("'a' <2> 'b' & 'c'",
     ("and", [("phrase", [("word", "a", False), ("word", "b", False)]), ("word", "c", False)])),
    ("'it''s'", ("word", "it's", False)),
    ("", ("nothing",)),
    ("!'a'", None), ("'a':*A", None), ("( 'a'", None), ("'a' &", None), ("'a' 'b'", None),
])
def test_a_printed_tsquery_reads_as_a_tree(printed, tree):
    assert title_tokens.parse_tsquery(printed) == tree


NAME = st.text(alphabet="aAbBxX0179 -./_@éÉİß×ConectX", min_size=1, max_size=30).filter(
    lambda s: 0 < len(s.strip()) <= 200)
QUERY = st.text(alphabet="abx0179 -./éİß×conect", max_size=12)


def test_any_titles_and_queries_find_what_the_database_finds(titled):
    """Titles renamed at random through the catalogue's service, queries at random: the
    words followed through the change feed, and the words read afresh, find what the
    database finds."""
    ids = list(titled.values())[:4]

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(names=st.lists(NAME, min_size=4, max_size=4),
           queries=st.lists(QUERY, min_size=1, max_size=6))
    def check(names, queries):
        for pid, name in zip(ids, names, strict=True):
            update_listing(db.session.get(Product, pid), name=name)
        db.session.commit()
        followed = product_index.current().title_words()
        fresh = title_words.build()
        for query in queries:
            expected = database_finds(query)
            assert words_find(followed, query) == expected, (names, query)
            assert words_find(fresh, query) == expected, (names, query)

    check()


def test_a_word_table_finds_prefixes_and_whole_words():
    table = title_words.table([(np.array([1, 1, 2, 3, 3]), ["ab", "abc", "ab", "b", "é"])])
    assert table.products("ab", prefix=False).tolist() == [1, 2]
    assert sorted(table.products("ab", prefix=True).tolist()) == [1, 1, 2]
    assert table.products("a", prefix=False).tolist() == []
    assert table.products("é", prefix=True).tolist() == [3]
    assert table.products("c", prefix=True).tolist() == []
    assert sorted(table.products("", prefix=True).tolist()) == [1, 1, 2, 3, 3]
