"""Import and export in the back office, over HTTP: the upload form with its errors beside
the field, the preview page, confirming once, the progress page and the CSV download."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from shop.catalog.models import Product
from shop.extensions import db
from shop.inventory.imports.models import ImportStatus, ProductImport
from shop.jobs_state.models import Job, JobStatus
from tests.accounts.helpers import login, user
from tests.inventory.import_helpers import catalogue, csv_bytes, xlsx_bytes


@pytest.fixture
def staff(app, client, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "uploads"))
    with app.app_context():
        user("staff@example.com", role="staff")
        user("cust@example.com")
        catalogue()
    login(client, "staff@example.com")
    return client


def post_file(client, data: bytes, name: str = "items.csv", **form):
    return client.post("/admin/imports", data={
        "file": (io.BytesIO(data), name), "currency": "USD", **form},
        content_type="multipart/form-data")


def imports_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ProductImport))


def field_error(page: str) -> str:
    match = re.search(r'<p class="field-error" id="file-error">(.*?)</p>', page, re.S)
    assert match, "no error beside the file field"
    return match.group(1)


def test_only_staff_reach_imports(app, client):
    with app.app_context():
        user("cust@example.com")
    login(client, "cust@example.com")
    for path in ("/admin/imports", "/admin/imports/export.csv", "/admin/imports/1"):
        assert client.get(path).status_code == 403
    assert client.post("/admin/imports", data={}).status_code == 403


def test_upload_preview_confirm_once(app, staff):
    assert "Import and export" in staff.get("/admin/").text
    assert 'enctype="multipart/form-data"' in staff.get("/admin/imports").text
    answer = post_file(staff, csv_bytes("sku;price;stock\nA-1;1.399,00;12\nA-3;75,50;\n"
                                        "N-1;5;1\n"))
    assert answer.status_code == 302
    page_url = answer.headers["Location"]
    page = staff.get(page_url).text
    assert "Has errors" in page and 'http-equiv="refresh"' not in page
    assert "SKU N-1 is new, and a new product needs a name." in page
    with app.app_context():
        import_id = db.session.scalar(select(func.max(ProductImport.id)))
    assert staff.post(f"/admin/imports/{import_id}/apply", data={}).status_code == 302
    refused = staff.get(page_url).text
    assert "nothing is applied while any row has an error" in refused

    answer = post_file(staff, csv_bytes("sku;price;stock\nA-1;1.399,00;12\nA-3;75,50;\n"))
    page_url = answer.headers["Location"]
    page = staff.get(page_url).text
    assert "Ready to apply" in page and "Apply these changes" in page
    assert "<del>$1,299.00</del> → <ins>$1,399.00</ins>" in page
    assert "<del>10</del> → <ins>12</ins>" in page
    only_changed = staff.get(page_url + "?kind=changed").text
    assert "A-1" in only_changed and ">A-3<" not in only_changed
    assert staff.get(page_url + "?page=2").status_code == 404
    apply_url = page_url + "/apply"
    assert staff.post(apply_url, data={}).status_code == 302
    again = staff.post(apply_url, data={}, follow_redirects=True)
    assert "confirmed already" in again.text
    done = staff.get(page_url).text
    assert "Applied" in done and "1 prices changed" in done
    with app.app_context():
        price = db.session.scalar(select(Product.price_cents).where(Product.sku == "A-1"))
        assert price == 139_900
        assert db.session.scalar(select(func.count()).select_from(Job).where(
            Job.kind == "catalog-import-apply")) == 1


@pytest.mark.parametrize("data, name, message", [
    (b"name,price\nx,1\n", "items.csv", "Missing column: sku."),
    (b"sku,name\nA,b\n", "prices.xlsx", "is named .xlsx but is not an Excel workbook"),
    (b"sku,colour\nA,b\n", "items.csv", "Unknown column: colour."),
])
def test_a_refused_file_is_explained_beside_the_field(app, staff, data, name, message):
    answer = post_file(staff, data, name)
    assert answer.status_code == 400
    assert message in field_error(answer.text)
    assert imports_count(app) == 0


def test_a_suppliers_own_stock_column_is_refused_beside_the_field(app, staff):
    from shop.inventory import supplier_locations

    with app.app_context():
        supplier_locations.ensure_location(7)
        db.session.commit()
    answer = post_file(staff, csv_bytes("sku,stock:SUP-7\nS7-1,99\n"))
    assert answer.status_code == 400
    assert field_error(answer.text).startswith("Column stock:sup-7 is a supplier&#39;s own "
                                               "stock")
    assert imports_count(app) == 0


def test_no_file_and_too_large_a_file(app, staff, monkeypatch):
    answer = staff.post("/admin/imports", data={"currency": "USD"},
                        content_type="multipart/form-data")
    assert answer.status_code == 400
    assert "Choose a CSV or XLSX file to import." in field_error(answer.text)
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 1024)
    answer = post_file(staff, b"sku,price\n" + b"A-1,1\n" * 400)
    assert "larger than 1 KB" in field_error(answer.text)
    assert imports_count(app) == 0


def test_xlsx_upload_over_http(app, staff):
    answer = post_file(staff, xlsx_bytes([["sku", "price"], ["A-1", 1500]]), "feed.xlsx")
    page = staff.get(answer.headers["Location"]).text
    assert "XLSX" in page and "<ins>$1,500.00</ins>" in page


def test_progress_page_follows_the_running_job(app, staff):
    with app.app_context():
        job = Job(kind="catalog-import-preview", status=JobStatus.RUNNING, params={},
                  progress_done=3000, progress_total=10000,
                  message="Compared 3,000 of 10,000 rows with the catalogue")
        db.session.add(job)
        db.session.flush()
        imp = ProductImport(status=ImportStatus.UPLOADED, currency="USD",
                            original_name="big.csv", stored_path="imports/x.csv",
                            file_format="csv", size_bytes=10, preview_job_id=job.id)
        db.session.add(imp)
        db.session.commit()
        import_id = imp.id
    page = staff.get(f"/admin/imports/{import_id}").text
    assert 'http-equiv="refresh"' in page and "<progress" in page
    assert "Compared 3,000 of 10,000 rows" in page and "Apply these changes" not in page


def test_export_downloads_every_product_with_formulas_escaped(app, staff):
    with app.app_context():
        product = db.session.scalar(select(Product).where(Product.sku == "A-2"))
        product.name = "@SUM(1+1)"
        db.session.commit()
    answer = staff.get("/admin/imports/export.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert answer.headers["Content-Disposition"].startswith('attachment; filename="products-')
    lines = answer.data.decode("utf-8-sig").splitlines()
    assert lines[0] == "sku,name,category,brand,type,mpn,status,currency,price,stock:MAIN,stock:EU"
    assert len(lines) == 6 and "A-2,'@SUM(1+1),network-adapters" in lines[2]
    assert answer.headers["Cache-Control"] == "no-store"
