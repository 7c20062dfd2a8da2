"""`flask seed-demo` is idempotent and `--products N` adds plausible products in bulk."""

from sqlalchemy import func, select, text

from shop.catalog import queries
from shop.catalog.models import Product, ProductSpec, SearchDocument
from shop.catalog.specs import ProductType, coerce
from shop.extensions import db
from shop.inventory.models import StockLevel, StockMovement


def count(model):
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_seed_demo_twice_adds_nothing_the_second_time(ctx):
    runner = ctx.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    products = count(Product)
    assert products >= 60
    second = runner.invoke(args=["seed-demo"])
    assert "0 products added" in second.output
    assert count(Product) == products


def test_synthetic_products_are_typed_indexed_and_stocked(app, clean):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--products", "300"])
    assert result.exit_code == 0, result.output
    assert "Synthetic products: 300 added" in result.output
    with app.app_context():
        synthetic = db.session.execute(
            select(Product).where(Product.sku.like("SYN-%"))
        ).scalars().all()
        assert len(synthetic) == 300
        sample = synthetic[17]
        for spec in db.session.execute(
            select(ProductSpec).where(ProductSpec.product_id == sample.id)
        ).scalars():  # every value is one a filter can read
            value = spec.num if spec.num is not None else spec.flag if spec.flag is not None \
                else spec.text
            assert coerce(ProductType(sample.product_type), spec.code, value)
        assert db.session.get(SearchDocument, sample.id) is not None
        # every stock row has its movement
        assert count(StockMovement) >= count(StockLevel)
    # and the product is findable by its part number and through its category listing
    resp = app.test_client().get("/search", query_string={"q": sample.mpn.lower()})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(sample.slug)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            first = min(p.id for p in synthetic)
            hits = db.session.execute(
                text("SELECT count(*) FROM product_fts WHERE product_fts MATCH 'series' "
                     "AND rowid >= :first"), {"first": first}
            ).scalar_one()
            assert hits == 300
            in_titles = db.session.execute(
                text("SELECT rowid FROM product_title_fts WHERE product_title_fts MATCH :mpn"),
                {"mpn": '"' + sample.mpn.replace('"', "") + '"'},
            ).scalars().all()
            assert sample.id in in_titles
        assert queries.catalog_version() > 0


def test_bad_product_count_is_refused(ctx):
    result = ctx.test_cli_runner().invoke(args=["seed-demo", "--products", "-5"])
    assert result.exit_code != 0 and "Invalid value" in result.output
