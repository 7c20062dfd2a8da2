"""A supplier's feed sets stock at the supplier's own location (``SUP-<id>``), never at the
shop's warehouses: a plain ``stock`` column means that location, and a column naming any
other location refuses the file."""

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
    assert db.session.scalar(select(Location.name).where(Location.code == "SUP-7")) \
        == "Supplier 7 (supplier stock)"
