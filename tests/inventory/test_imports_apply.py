"""Applying imports: every change through the services, all or nothing, never twice, never a
stale plan; an export reads back as no change."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shop.audit.models import AuditEntry
from shop.catalog.models import CatalogVersion, Product, SearchDocument
from shop.catalog.services import set_price
from shop.errors import Conflict
from shop.extensions import db
from shop.inventory import services as inventory
from shop.inventory.imports import services
from shop.inventory.imports.export import export_csv
from shop.inventory.imports.models import ImportEvent, ImportStatus
from shop.inventory.imports.plan import Scope
from shop.inventory.models import StockMovement
from shop.jobs import start_job
from shop.jobs_state.queries import get_job
from tests.inventory.import_helpers import (
    apply,
    catalogue,
    csv_bytes,
    on_hand,
    rows_of,
    state,
    upload,
    xlsx_bytes,
)

CHANGES = ("sku,name,category,brand,status,price,stock,stock:EU\n"
           "A-1,Adapter one,network-adapters,NVIDIA,published,\"1,399.00\",12,\n"
           "A-2,Adapter two (rev B),,,archived,50.00,1,4\n"
           "A-3,Adapter three,,,,75.50,,\n"
           "N-1,New adapter,network-adapters,Mellanox,published,99,5,\n")


@pytest.fixture
def uploads(ctx, tmp_path, monkeypatch):
    monkeypatch.setitem(ctx.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


def product(sku: str) -> Product:
    db.session.expire_all()
    return db.session.scalar(select(Product).where(Product.sku == sku))


def version() -> int:
    return db.session.scalar(select(CatalogVersion.version))


def test_apply_writes_every_change_through_the_services(uploads):
    catalogue()
    before_version = version()
    imp = upload(csv_bytes(CHANGES), "spring prices.csv")
    assert (imp.added, imp.changed, imp.unchanged, imp.errors) == (1, 2, 1, 0)
    imp = apply(imp)
    assert imp.status == ImportStatus.APPLIED
    assert imp.result == {"products_added": 1, "listings_changed": 1, "prices_changed": 1,
                          "stock_levels_changed": 4}
    assert product("A-1").price_cents == 139_900 and on_hand("A-1") == 12
    a2 = product("A-2")
    assert (a2.name, a2.status, on_hand("A-2"), on_hand("A-2", "EU")) == (
        "Adapter two (rev B)", "archived", 1, 4)
    new = product("N-1")
    assert (new.name, new.brand.name, new.status, new.price_cents, new.mpn) == (
        "New adapter", "Mellanox", "published", 99_00, "N-1")
    assert on_hand("N-1") == 5 and new.published_at is not None
    assert "Adapter two (rev B)" in db.session.get(SearchDocument, a2.id).title
    moves = db.session.scalars(select(StockMovement).where(StockMovement.reason == "import")
                               .order_by(StockMovement.id)).all()
    assert sorted(m.on_hand_delta for m in moves) == [-2, 2, 4, 5]
    assert {m.note for m in moves} == {f"Import {imp.id}: spring prices.csv"}
    assert version() > before_version
    assert [e.to_status for e in db.session.scalars(
        select(ImportEvent).where(ImportEvent.import_id == imp.id).order_by(ImportEvent.id))
    ] == ["uploaded", "previewed", "applying", "applied"]
    logged = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "catalog-import-apply")).all()
    assert [(e.target_id, e.after) for e in logged] == [(str(imp.id), imp.result)]


def test_the_same_file_twice_changes_nothing_the_second_time(uploads):
    catalogue()
    apply(upload(csv_bytes(CHANGES)))
    after_first = state()
    again = upload(csv_bytes(CHANGES))
    assert (again.added, again.changed, again.unchanged, again.errors) == (0, 0, 4, 0)
    again = apply(again)
    assert again.status == ImportStatus.APPLIED
    assert again.result == {"products_added": 0, "listings_changed": 0, "prices_changed": 0,
                            "stock_levels_changed": 0}
    assert state() == after_first  # no movement, no feed row, no product touched


def test_confirming_or_running_the_apply_twice_applies_once(uploads):
    catalogue()
    imp = apply(upload(csv_bytes(CHANGES)))
    after = state()
    assert services.request_apply(imp, actor_id=None) is False  # a second click
    job = start_job("catalog-import-apply", params={"import_id": imp.id})  # a second run
    assert get_job(job.id).status == "done" and get_job(job.id).result["stock_levels_changed"]
    assert state() == after


def test_export_then_import_changes_nothing(uploads):
    products = catalogue()
    inventory.receive(products["A-3"].id, inventory.get_or_create_location("EU", "EU").id, 7)
    set_price(products["A-2"], 12_345)
    products["A-2"].name = "=SUM(A1:A9)"
    db.session.commit()
    data = "".join(export_csv(Scope())).encode("utf-8")
    assert b"\r\nA-2,'=SUM(A1:A9),network-adapters" in data
    assert b"123.45" in data and b"stock:MAIN,stock:EU" in data
    before = state()
    imp = upload(data, "export.csv")
    assert (imp.rows_total, imp.unchanged, imp.errors) == (5, 5, 0), rows_of(imp)
    assert apply(imp).status == ImportStatus.APPLIED
    assert state() == before


def test_a_supplier_export_reads_back_in_the_supplier_scope(uploads):
    catalogue()
    data = "".join(export_csv(Scope(supplier_id=7))).encode()
    # One stock column, the supplier's own location's (none yet: 0); the 4 units the shop
    # holds at MAIN are not the supplier's to set.
    assert data.decode("utf-8-sig").splitlines() == ["sku,name,currency,price,stock",
                                                     "S7-1,Supplier seven's adapter,USD,200.00,0"]
    imp = upload(data.replace(b"200.00,0", b"210.00,9"), supplier_id=7)
    assert imp.changed == 1 and imp.errors == 0
    apply(imp)
    assert product("S7-1").price_cents == 210_00 and on_hand("S7-1", "SUP-7") == 9
    assert on_hand("S7-1") == 4
    again = "".join(export_csv(Scope(supplier_id=7))).encode()
    assert again.decode().splitlines()[1:] == ["S7-1,Supplier seven's adapter,USD,210.00,9"]
    assert upload(again, supplier_id=7).unchanged == 1


def test_one_bad_row_and_nothing_is_applied(uploads):
    catalogue()
    before = state()
    imp = upload(csv_bytes(CHANGES + "A-2,,,,,abc,,\n"))
    assert imp.status == ImportStatus.INVALID
    with pytest.raises(Conflict, match="nothing is applied while any row has an error"):
        services.request_apply(imp, actor_id=None)
    db.session.rollback()
    start_job("catalog-import-apply", params={"import_id": imp.id})  # started anyway
    assert state() == before


def test_a_failure_after_some_writes_leaves_nothing_written(uploads):
    """Prices are written before stock; stock that moved since the preview refuses the
    plan at the end, and the prices already written go with the rollback."""
    products = catalogue()
    imp = upload(csv_bytes("sku,price,stock\nA-1,1500.00,10\nA-2,50.00,9\n"))
    assert imp.changed == 2
    main = inventory.get_or_create_location("MAIN", "Main warehouse")
    inventory.adjust(products["A-2"].id, main.id, -1, reason="damaged")  # a sale meanwhile
    db.session.commit()
    before = state()
    imp = apply(imp)
    assert imp.status == ImportStatus.STALE
    assert "Stock moved since it was counted" in imp.result["refused"]
    assert state() == before and product("A-1").price_cents == 129_900


def test_a_stale_plan_is_refused_until_previewed_again(uploads):
    products = catalogue()
    imp = upload(csv_bytes("sku,price\nA-1,1500.00\nA-3,80\n"))
    set_price(products["A-3"], 76_00)  # someone edits a product after the preview
    db.session.commit()
    before = state()
    imp = apply(imp)
    assert imp.status == ImportStatus.STALE
    assert "The catalogue changed after the preview (A-3)" in imp.result["refused"]
    assert state() == before
    with pytest.raises(Conflict, match="Preview the file again"):
        services.request_apply(imp, actor_id=None)
    db.session.rollback()
    assert services.request_preview(imp, actor_id=None) is True
    db.session.commit()
    start_job("catalog-import-preview", params={"import_id": imp.id, "revision": 2})
    imp = apply(services_get(imp.id))
    assert imp.status == ImportStatus.APPLIED
    assert product("A-1").price_cents == 150_000 and product("A-3").price_cents == 80_00


def services_get(import_id: int):
    from shop.inventory.imports.queries import get_import

    found = get_import(import_id)
    assert found.status == ImportStatus.PREVIEWED and found.revision == 2
    return found


def test_xlsx_import_applies(uploads):
    catalogue()
    imp = upload(xlsx_bytes([["sku", "price", "stock:MAIN", "stock:EU"],
                             ["A-1", "1.299,00", 10, 2], ["A-3", 80, 1, None]]), "feed.xlsx")
    assert (imp.changed, imp.unchanged) == (2, 0), rows_of(imp)
    apply(imp)
    assert (on_hand("A-1", "EU"), product("A-3").price_cents, on_hand("A-3")) == (2, 80_00, 1)


def test_an_unexpected_error_while_applying_leaves_nothing_and_can_be_confirmed_again(
        uploads, monkeypatch):
    from shop.inventory.imports import apply as apply_module

    catalogue()
    imp = upload(csv_bytes("sku,price,stock\nA-1,1500.00,11\n"))
    before = state()

    def broken(prices):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(apply_module, "set_prices", broken)
    apply(imp)  # the job fails (and is logged); the test goes on
    failed = services_get_any(imp.id)
    assert failed.status == ImportStatus.FAILED and state() == before
    monkeypatch.undo()
    assert apply(failed).status == ImportStatus.APPLIED
    assert product("A-1").price_cents == 150_000 and on_hand("A-1") == 11


def test_a_preview_that_breaks_closes_the_import_and_keeps_no_file(uploads, monkeypatch):
    from shop.inventory.imports import plan

    catalogue()

    def broken(*args):
        raise RuntimeError("bug")

    monkeypatch.setattr(plan, "classify", broken)
    upload(csv_bytes("sku,price\nA-1,1\n"))  # the job fails (and is logged)
    imp = services_get_any(None)
    assert imp.status == ImportStatus.INVALID and "error on our side" in imp.file_error
    assert list((uploads / "imports").glob("*")) == []


def services_get_any(import_id: int | None):
    from shop.inventory.imports.models import ProductImport
    from shop.inventory.imports.queries import get_import

    if import_id is None:
        import_id = db.session.scalar(select(ProductImport.id).order_by(ProductImport.id.desc()))
    return get_import(import_id)


def test_old_imports_are_pruned_with_their_files(uploads):
    from datetime import timedelta

    from shop.db import utcnow
    from shop.inventory.imports.models import ImportRow, ProductImport

    catalogue()
    old = apply(upload(csv_bytes("sku,price\nA-1,1\n")))
    recent = upload(csv_bytes("sku,price\nA-2,1\n"))
    old.created_at = utcnow() - timedelta(days=31)
    db.session.commit()
    assert len(list((uploads / "imports").glob("*"))) == 2
    start_job("prune-imports")
    db.session.expire_all()
    assert [i.id for i in db.session.scalars(select(ProductImport))] == [recent.id]
    assert {r.import_id for r in db.session.scalars(select(ImportRow))} == {recent.id}
    assert [p.name for p in (uploads / "imports").glob("*")] == [
        recent.stored_path.rsplit("/", 1)[1]]
