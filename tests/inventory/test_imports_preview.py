"""Import previews: what each row would add or change, every bad input with its message,
and files refused whole with nothing stored."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shop.errors import Conflict, ValidationError
from shop.extensions import db
from shop.inventory.imports import services
from shop.inventory.imports.models import ImportStatus, ProductImport
from tests.inventory.import_helpers import (
    catalogue,
    csv_bytes,
    errors_of,
    rows_of,
    state,
    upload,
    xlsx_bytes,
)


@pytest.fixture
def uploads(ctx, tmp_path, monkeypatch):
    folder = tmp_path / "uploads"
    monkeypatch.setitem(ctx.config, "UPLOAD_DIR", str(folder))
    return folder


def stored_files(folder: Path) -> list[Path]:
    return [p for p in (folder / "imports").glob("*")] if (folder / "imports").exists() else []


def refused(data: bytes, filename: str = "items.csv", **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        upload(data, filename, **kwargs)
    db.session.rollback()
    assert caught.value.field == "file"
    return caught.value.message


def test_preview_lists_changes_old_to_new_and_unchanged_rows(uploads):
    catalogue()
    before = state()
    imp = upload(csv_bytes("sku,name,price,stock\n"
                           "A-1,Adapter one,\"1,399.00\",12\n"
                           "A-2,Adapter two (rev B),50.00,3\n"
                           "A-3,Adapter three,75.50,\n"))
    assert imp.status == ImportStatus.PREVIEWED
    assert (imp.rows_total, imp.added, imp.changed, imp.unchanged, imp.errors) == (3, 0, 2, 1, 0)
    rows = rows_of(imp)
    assert rows["A-1"].changes == [["price", 129_900, 139_900, "USD"], ["stock:MAIN", 10, 12]]
    assert rows["A-2"].changes == [["name", "Adapter two", "Adapter two (rev B)"]]
    assert rows["A-3"].kind == "unchanged" and rows["A-3"].changes is None
    assert state() == before  # a preview changes nothing


def test_new_products_need_name_category_brand_and_price(uploads):
    catalogue()
    imp = upload(csv_bytes("sku,name,category,brand,price,stock:EU\n"
                           "N-1,New adapter,network-adapters,NVIDIA,99,5\n"
                           "N-2,New cable,dac-cables,Acme Cables,10.00,\n"
                           "N-3,,network-adapters,NVIDIA,,\n"))
    assert (imp.added, imp.errors) == (1, 2)
    rows = rows_of(imp)
    assert rows["N-1"].kind == "added"
    assert ["stock:EU", None, 5] in rows["N-1"].changes
    assert rows["N-1"].plan["create"]["type"] == "adapter"  # the category's usual type
    assert rows["N-1"].plan["create"]["status"] == "draft"
    assert errors_of(imp) == [
        (3, "type", "Category dac-cables has no products yet, so give the new product's type "
                    "in a type column."),
        (4, "name", "SKU N-3 is new, and a new product needs a name."),
        (4, "price", "SKU N-3 is new, and a new product needs a price."),
    ]
    assert imp.status == ImportStatus.INVALID


@pytest.mark.parametrize("line, column, message", [
    ("A-1,-3,10", "stock", "Stock cannot be negative (-3)."),
    ("A-1,1.5,10", "stock", "Stock must be a whole number of units"),
    ("A-1,4,abc", "price", "'abc' is not a price: write it like 1299.00."),
    ("A-1,4,\"1,299\"", "price", "1,299 is ambiguous"),
    ("A-1,4,-10", "price", "A price cannot be negative"),
    (",4,10", "sku", "The SKU is missing."),
])
def test_a_bad_cell_is_an_error_on_its_row_and_column(uploads, line, column, message):
    catalogue()
    imp = upload(csv_bytes(f"sku,stock,price\n{line}\nA-2,3,50\n"))
    assert imp.status == ImportStatus.INVALID and imp.errors == 1
    [(number, got_column, reason)] = errors_of(imp)
    assert number == 2 and got_column == column and message in reason


@pytest.mark.parametrize("price", ["1,299.00", "1.299,00", "1299", "1299.00", "1 299,00"])
def test_both_ways_of_writing_thousands_read_the_same(uploads, price):
    catalogue()
    imp = upload(csv_bytes(f"sku;price\nA-1;{price}\n"))
    assert imp.status == ImportStatus.PREVIEWED and imp.unchanged == 1, errors_of(imp)


def test_a_sku_twice_is_an_error_on_both_rows(uploads):
    catalogue()
    imp = upload(csv_bytes("sku,price\nA-1,1.00\nA-2,50\nA-1,2.00\n"))
    assert errors_of(imp) == [
        (2, "sku", "SKU A-1 appears on more than one row (2, 4); keep one."),
        (4, "sku", "SKU A-1 appears on more than one row (2, 4); keep one."),
    ]


def test_stock_below_what_orders_hold_is_refused(uploads):
    from shop.inventory import services as inventory

    products = catalogue()
    main = inventory.get_or_create_location("MAIN", "Main warehouse")
    inventory.allocate(products["A-1"].id, main.id, 6, order_id=1)
    db.session.commit()
    imp = upload(csv_bytes("sku,stock\nA-1,5\n"))
    assert errors_of(imp) == [(2, "stock", "5 is less than the 6 units at MAIN already held "
                                           "for orders.")]


def test_existing_products_keep_type_mpn_and_currency(uploads):
    catalogue()
    imp = upload(csv_bytes("sku,type,currency,price\nA-1,cable,USD,1\nA-2,,EUR,50\n"))
    assert errors_of(imp) == [
        (2, "type", "An import cannot change the type of an existing product (adapter)."),
        (3, "currency", "The price of A-2 is kept in USD; this row gives it in EUR."),
    ]


def test_supplier_feed_touches_only_its_own_prices_and_stock(uploads):
    catalogue()
    before = state()
    imp = upload(csv_bytes("sku,name,price,stock\n"
                           "S7-1,Supplier seven's adapter,210.00,6\n"
                           "S8-1,,1.00,1\n"
                           "A-1,,1.00,1\n"
                           "NEW-9,Brand new,1.00,1\n"), supplier_id=7)
    assert imp.supplier_id == 7 and imp.status == ImportStatus.INVALID
    assert rows_of(imp)["S7-1"].changes == [["price", 200_00, 210_00, "USD"],
                                            ["stock:SUP-7", 0, 6]]
    errors = errors_of(imp)
    assert (3, "sku", "SKU S8-1 belongs to another supplier.") in errors
    assert (4, "sku", "SKU A-1 belongs to another supplier.") in errors
    assert any(n == 5 and "Create new listings in the supplier portal" in m
               for n, _c, m in errors)
    with pytest.raises(Conflict):
        services.request_apply(imp, actor_id=None)
    db.session.rollback()
    assert state() == before
    renamed = upload(csv_bytes("sku,name\nS7-1,Renamed\n"), supplier_id=7)
    assert errors_of(renamed) == [(2, "name", "A supplier feed changes prices and stock only; "
                                              "change the name of S7-1 in the portal.")]


def test_accented_names_in_windows_1252_and_a_bom(uploads):
    catalogue()
    for data in (csv_bytes("sku;name\nA-1;Adaptateur réseau à double accès\n", "cp1252"),
                 b"\xef\xbb\xbf" + csv_bytes("sku;name\nA-1;Adaptateur réseau à double accès\n")):
        imp = upload(data)
        assert rows_of(imp)["A-1"].changes == [["name", "Adapter one",
                                                "Adaptateur réseau à double accès"]]


def test_xlsx_rows_are_previewed(uploads):
    catalogue()
    imp = upload(xlsx_bytes([["SKU", "Price", "Stock"], ["A-1", 1399, 11], ["A-2", 50.5, 3]]),
                 "feed.xlsx")
    assert imp.file_format == "xlsx" and imp.changed == 2
    assert rows_of(imp)["A-2"].changes == [["price", 50_00, 50_50, "USD"]]


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" * (30 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize("data, filename, message", [
    (b"name,price\nx,1\n", "a.csv", "Missing column: sku."),
    (b"sku,colour\nA-1,red\n", "a.csv", "Unknown column: colour."),
    (b"sku,price,price\nA-1,1,2\n", "a.csv", "Column price appears more than once."),
    (b"sku,stock:MARS\nA-1,1\n", "a.csv", "No stock location is called stock:mars."),
    (b"sku,stock,stock:main\nA-1,1,2\n", "a.csv", "both give the stock at MAIN"),
    (b"sku,price\n", "a.csv", "The file has a header but no rows under it."),
    (b"sku,name\nA-1,x\n", "prices.xlsx", "is named .xlsx but is not an Excel workbook"),
    (None, "prices.xlsx", "a compressed bomb"),
    (b"", "a.csv", "The file is empty."),
])
def test_files_refused_whole_store_nothing(uploads, data, filename, message):
    catalogue()
    assert message in refused(data if data is not None else _bomb(), filename)
    assert db.session.scalar(select(func.count()).select_from(ProductImport)) == 0
    assert stored_files(uploads) == []


def test_row_and_byte_limits_refuse_the_file(ctx, uploads, monkeypatch):
    catalogue()
    monkeypatch.setitem(ctx.config, "IMPORT_MAX_ROWS", 3)
    rows = "".join(f"A-{i},1\n" for i in range(4))
    assert "more than 3 rows" in refused(csv_bytes(f"sku,price\n{rows}"))
    assert "more than 3 rows" in refused(
        xlsx_bytes([["sku"], *[[f"A-{i}"] for i in range(4)]]), "a.xlsx")
    monkeypatch.setitem(ctx.config, "IMPORT_MAX_ROWS", 1000)
    monkeypatch.setitem(ctx.config, "IMPORT_MAX_BYTES", 2048)
    assert "larger than 2 KB" in refused(csv_bytes("sku,price\n" + "A-1,1\n" * 500))
    assert stored_files(uploads) == []


def test_a_workbook_over_the_row_limit_found_by_the_preview_keeps_nothing(ctx, uploads,
                                                                         monkeypatch):
    """A workbook that does not declare its size is counted by the preview job: the import
    is refused with the reason and its file deleted."""
    catalogue()
    data = xlsx_bytes([["sku"], *[[f"A-{i}"] for i in range(5)]])
    undeclared = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(undeclared, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                body = body.replace(b'<dimension ref="A1:A6" />', b"")
                assert b"<dimension" not in body
            target.writestr(item, body)
    monkeypatch.setitem(ctx.config, "IMPORT_MAX_ROWS", 3)
    imp = upload(undeclared.getvalue(), "a.xlsx")
    assert imp.status == ImportStatus.INVALID
    assert "more than 3 rows" in imp.file_error
    assert stored_files(uploads) == []


def test_a_workbook_with_a_header_only_is_refused_by_the_preview(uploads):
    catalogue()
    imp = upload(xlsx_bytes([["sku", "price"]]), "empty.xlsx")
    assert imp.status == ImportStatus.INVALID
    assert imp.file_error == "The file has a header but no rows under it."
    assert stored_files(uploads) == []


def test_a_rollback_deletes_the_stored_file(ctx, uploads):
    catalogue()
    services.create_import(csv_bytes("sku,price\nA-1,1\n"), "a.csv",
                           settings=services.settings_from(ctx.config),
                           currency="USD")
    assert len(stored_files(uploads)) == 1
    db.session.rollback()
    assert stored_files(uploads) == []
