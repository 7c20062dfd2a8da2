"""A supplier's feed sets stock at the supplier's own location (``SUP-<id>``), never at the
shop's warehouses: a plain ``stock`` column means that location, and a column naming any
other location refuses the file. A staff import, the other way round, never sets a
supplier's own stock: a column naming it refuses the file, and the staff export leaves it
out (so it reads back)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shop.errors import ValidationError
from shop.extensions import db
from shop.inventory.imports.models import ImportStatus
from shop.inventory.models import Location, StockMovement
from shop.inventory.supplier_locations import find_location, location_code
from tests.inventory.import_helpers import (
    apply,
    catalogue,
    csv_bytes,
    on_hand,
    rows_of,
    settings,
    state,
    upload,
)


@pytest.fixture
def uploads(ctx, tmp_path, monkeypatch):
    monkeypatch.setitem(ctx.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


def test_a_plain_stock_column_is_the_suppliers_own_location(uploads):
    catalogue()
    assert find_location(7) is None
    imp = upload(csv_bytes("sku,stock\nS7-1,6\n"), supplier_id=7)
    assert rows_of(imp)["S7-1"].changes == [["stock:SUP-7", 0, 6]]
    assert apply(imp).status == ImportStatus.APPLIED
    assert on_hand("S7-1", "SUP-7") == 6 and on_hand("S7-1", "MAIN") == 4
    movement = db.session.scalars(select(StockMovement).order_by(StockMovement.id.desc())).first()
    assert (movement.location_id, movement.on_hand_delta, movement.reason) == (
        find_location(7).id, 6, "import")
    # Staff files still mean the main location by "stock".
    staff = upload(csv_bytes("sku,stock\nA-1,11\n"))
    assert rows_of(staff)["A-1"].changes == [["stock:MAIN", 10, 11]]


@pytest.mark.parametrize("column", ["stock:MAIN", "stock:EU", "stock:SUP-8"])
def test_a_supplier_cannot_name_another_location(uploads, column):
    catalogue()
    from shop.inventory import supplier_locations

    supplier_locations.ensure_location(8, "Supplier eight")
    db.session.commit()
    before = state()
    with pytest.raises(ValidationError) as refused:
        from shop.inventory.imports import services

        services.create_import(csv_bytes(f"sku,{column}\nS7-1,6\n"), "feed.csv",
                               settings=settings(), currency="USD", supplier_id=7)
    db.session.rollback()
    assert refused.value.field == "file"
    assert f"No stock location is called {column.lower()}" in refused.value.message
    assert "stock:SUP-7" in refused.value.message
    assert state() == before


def test_the_suppliers_own_column_by_its_code_is_accepted(uploads):
    catalogue()
    imp = upload(csv_bytes(f"sku,stock:{location_code(7)}\nS7-1,2\n"), supplier_id=7)
    assert imp.changed == 1 and imp.errors == 0
    made = db.session.scalar(select(Location).where(Location.code == "SUP-7"))
    assert (made.name, made.supplier_id) == ("Supplier 7 (supplier stock)", 7)


def _suppliers_with_stock():
    """Supplier 7 set its stock through its feed; supplier 8's location was made by staff
    adjusting its stock (the two ways a supplier's location comes to be)."""
    from shop.inventory import adjustments

    catalogue()
    assert apply(upload(csv_bytes("sku,stock\nS7-1,6\n"), supplier_id=7)).status == \
        ImportStatus.APPLIED
    adjustments.supplier_location(8)
    db.session.commit()


@pytest.mark.parametrize("header", ["sku,stock:SUP-7", "sku,Stock:sup-8",
                                    "sku,stock,stock:SUP-7,stock:SUP-8"])
def test_a_staff_import_refuses_a_suppliers_own_stock_column(uploads, header):
    from shop.inventory.imports import services

    _suppliers_with_stock()
    before = state()
    cells = ",".join(["99"] * (header.count(",")))
    with pytest.raises(ValidationError) as refused:
        services.create_import(csv_bytes(f"{header}\nS7-1,{cells}\n"), "staff.csv",
                               settings=settings(), currency="USD")
    db.session.rollback()
    assert refused.value.field == "file"
    message = refused.value.message
    named = [c for c in header.lower().split(",") if c.startswith("stock:sup-")]
    assert message.startswith(f"Column {', '.join(named)} ")
    assert "a supplier's own stock" in message and "stock page" in message
    assert state() == before
    assert on_hand("S7-1", "SUP-7") == 6


def test_the_staff_export_leaves_suppliers_stock_out_and_reads_back(uploads):
    from shop.inventory.imports.export import export_csv
    from shop.inventory.imports.plan import Scope

    _suppliers_with_stock()
    data = "".join(export_csv(Scope())).encode("utf-8")
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.endswith(",stock:MAIN,stock:EU") and "SUP-" not in header
    imp = upload(data, "export.csv")
    assert (imp.rows_total, imp.unchanged, imp.errors) == (5, 5, 0)
    # the supplier's own feed is untouched by all this
    feed = upload(csv_bytes("sku,stock:SUP-7\nS7-1,5\n"), supplier_id=7)
    assert rows_of(feed)["S7-1"].changes == [["stock:SUP-7", 6, 5]]
