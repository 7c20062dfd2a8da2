"""Search after every kind of index write, on both databases; on SQLite, query words expand
through a vocabulary that must always cover the FTS5 index."""

from flask_migrate import upgrade
from sqlalchemy import inspect, select, text

from shop.catalog import search, sqlite_fts
from shop.catalog.models import Product
from shop.extensions import db
from tests.factories import make_product
from tests.harness import make_test_app


def on_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def index_terms() -> set[str]:
    db.session.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.check_terms "
                            "USING fts5vocab(main, product_fts, row)"))
    return set(db.session.execute(text("SELECT term FROM temp.check_terms")).scalars())


def vocabulary() -> set[str]:
    return set(db.session.execute(text("SELECT term FROM search_term")).scalars())


def found(q: str) -> set[int]:
    return set(search.ranked_hits(q)[0].tolist())


def test_every_indexed_word_is_found_after_each_kind_of_write(ctx):
    optic = make_product(name="QSFP112 optical transceiver", mpn="MMA1Z00-NS400",
                         description="Transceivers for 400G NDR, with a latchless design.")
    db.session.commit()
    assert found("latchless") == {optic.id}
    if on_sqlite():
        assert index_terms() and index_terms() <= vocabulary()
    optic.name = "OSFP twinport transceiver"
    search.index_product(optic, ["Optical transceivers"])
    db.session.commit()
    assert found("twinport") == {optic.id}
    if on_sqlite():
        assert index_terms() <= vocabulary()
    result = ctx.test_cli_runner().invoke(args=["seed-demo", "--products", "40"])
    assert result.exit_code == 0, result.output
    synthetic = set(db.session.execute(
        select(Product.id).where(Product.sku.like("SYN-%"))).scalars())
    assert len(synthetic) == 40 and synthetic <= found("series")  # the bulk path
    if on_sqlite():
        assert index_terms() <= vocabulary()


def test_words_match_the_terms_they_start(ctx):
    a = make_product(name="NDR transceiver", description="One transceiver.")
    b = make_product(name="HDR pair", description="Two transceivers in a box.")
    db.session.commit()
    assert found("transceiver") == {a.id, b.id}
    assert found("transceivers") == {b.id}
    assert found("transceiver zzzzz") == set()
    if on_sqlite():
        assert sqlite_fts.match_expression(["transceiver"]) == \
            '("transceiver" OR "transceivers")'
        assert sqlite_fts.match_expression(["transceiver", "zzzzz"]) is None
        assert sqlite_fts.match_expression(["ndr"]) == '"ndr"*'  # a prefix index answers it


def test_a_broad_prefix_and_accented_words(ctx):
    many = [make_product(name=f"Cable c{n:02d}x", mpn=f"CB-{n:02d}") for n in range(40)]
    accented = make_product(name="Câble cuivre", description="Réseau 100G.")
    db.session.commit()
    assert {p.id for p in many} <= found("c")
    assert found("réseau") == {accented.id}
    assert accented.id in found("câble")
    if on_sqlite():  # FTS5 folds accents; PostgreSQL's 'simple' configuration does not
        assert sqlite_fts.match_expression(["c"]) == '"c"*'  # over MAX_EXPANSION terms
        assert sqlite_fts.match_expression(["réseau"]) == '"réseau"*'
        assert accented.id in found("reseau") and accented.id in found("cable")


def test_removed_documents_are_not_found_and_rebuild_search_prunes_their_terms(ctx):
    keep = make_product(name="Spectrum switch")
    gone = make_product(name="Obsolete gizmo", description="Quixotic widget.")
    db.session.commit()
    search.remove_product(gone.id)
    db.session.commit()
    assert found("quixotic") == set()
    if on_sqlite():
        assert "quixotic" in vocabulary()  # a stale term costs nothing: it matches nothing
    result = ctx.test_cli_runner().invoke(args=["rebuild-search"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert found("spectrum") == {keep.id} and found("quixotic") == set()
    if on_sqlite():
        assert "quixotic" not in vocabulary() and vocabulary() == index_terms()


def test_the_search_migration_indexes_existing_documents(database_factory):
    app = make_test_app(database_factory("search_migration"))
    with app.app_context():
        upgrade(revision="0003")
        if on_sqlite():
            # A document without its product row: only the search tables matter here.
            db.session.execute(text("PRAGMA foreign_keys=OFF"))
            db.session.execute(text("INSERT INTO search_document(product_id, title, body) "
                                    "VALUES (1, 'Quantum-2 switch', 'NDR 400G')"))
            db.session.execute(text("INSERT INTO product_fts(rowid, title, body) "
                                    "VALUES (1, 'Quantum-2 switch', 'NDR 400G')"))
            db.session.commit()
        upgrade()
        if on_sqlite():
            assert vocabulary() == {"quantum", "2", "switch", "ndr", "400g"}
            assert sqlite_fts.match_expression(["quant"]) == '("quantum")'
            assert sqlite_fts.hits('"quantum"')[1].tolist() == [1]  # the title index
        else:
            indexes = {i["name"] for i in inspect(db.engine).get_indexes("search_document")}
            assert "ix_search_document_title_tsv" in indexes
        db.session.remove()
        db.engine.dispose()
