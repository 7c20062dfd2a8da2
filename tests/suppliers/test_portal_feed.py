"""The supplier portal's feed: download the organisation's listings, upload a CSV or XLSX,
read the preview (changes old → new, unchanged rows, errors per row), confirm it and find
everything applied, once; the same file again changes nothing. Files the import refuses
whole say why beside the file field and store nothing; rows it refuses say why per row and
column and nothing is applied."""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from shop.extensions import db
from shop.inventory.imports.models import ImportStatus, ProductImport
from tests.suppliers.portal_helpers import (
    listing,
    on_hand,
    price,
    signed_in,
    snapshot,
    world,
)


def post_feed(client, data: bytes, name: str = "feed.csv", currency: str = "USD"):
    return client.post("/supplier/feed", data={"file": (io.BytesIO(data), name),
                                               "currency": currency},
                       content_type="multipart/form-data")


def csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


def import_of(app, import_id: int) -> ProductImport:
    with app.app_context():
        found = db.session.get(ProductImport, import_id)
        db.session.expunge(found)
        return found


def import_id_of(answer) -> int:
    assert answer.status_code == 302, re.findall(r'class="field-error"[^>]*>(.*?)<', answer.text)
    match = re.fullmatch(r"/supplier/feed/(\d+)", answer.headers["Location"])
    assert match, answer.headers["Location"]
    return int(match.group(1))


def file_error(page: str) -> str:
    match = re.search(r'<p class="field-error" id="file-error">(.*?)</p>', page, re.S)
    assert match, "no error beside the file field"
    return html.unescape(match.group(1))


def imports_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ProductImport))


def test_the_export_is_the_organisations_listings_and_reads_back_unchanged(app, uploads):
    a, _b, _ids = world(app)
    member = signed_in(app, a)
    page = member.get("/supplier/feed")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    exported = member.get("/supplier/feed/export.csv")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    assert exported.headers["Cache-Control"] == "no-store"
    lines = exported.data.decode("utf-8-sig").splitlines()
    assert lines[0] == "sku,name,currency,price,stock"
    assert [line.split(",")[0] for line in lines[1:]] == ["A-1", "A-2"]
    assert lines[1].endswith(",USD,200.00,5")
    import_id = import_id_of(post_feed(member, exported.data, "export.csv"))
    imp = import_of(app, import_id)
    assert (imp.status, imp.unchanged, imp.changed, imp.errors) == (
        ImportStatus.PREVIEWED, 2, 0, 0)
    assert imp.supplier_id == a.id


def test_preview_confirm_apply_and_the_same_file_again_changes_nothing(app, uploads):
    a, _b, _ids = world(app)
    member = signed_in(app, a)
    feed = csv('sku,price,stock\nA-1,"1.299,00",9\nA-2,60.00,12\n')
    import_id = import_id_of(post_feed(member, feed))
    page = member.get(f"/supplier/feed/{import_id}").text
    assert "Ready to apply" in page and "Apply these changes" in page
    assert "<del>$200.00</del> → <ins>$1,299.00</ins>" in page
    assert "<del>5</del> → <ins>9</ins>" in page and "<del>0</del> → <ins>12</ins>" in page
    assert 'http-equiv="refresh"' not in page
    changed_only = member.get(f"/supplier/feed/{import_id}?kind=changed").text
    assert "A-1" in changed_only and "A-2" in changed_only
    assert ">A-1<" not in member.get(f"/supplier/feed/{import_id}?kind=error").text
    assert member.get(f"/supplier/feed/{import_id}?page=2").status_code == 404

    assert member.post(f"/supplier/feed/{import_id}/apply", data={}).status_code == 302
    done = member.get(f"/supplier/feed/{import_id}").text
    assert "Applied" in done and "2 prices changed and 2 stock levels set" in done
    assert price(app, "A-1") == 129_900 and price(app, "A-2") == 60_00
    assert on_hand(app, "A-1", f"SUP-{a.id}") == 9 and on_hand(app, "A-2", f"SUP-{a.id}") == 12
    applied = snapshot(app)

    # Confirming twice applies once.
    again = member.post(f"/supplier/feed/{import_id}/apply", data={})
    assert again.status_code == 302
    assert "confirmed already" in member.get(f"/supplier/feed/{import_id}").text
    assert snapshot(app) == applied

    # The same file uploaded again: every row unchanged, and applying writes nothing.
    second = import_id_of(post_feed(member, feed))
    imp = import_of(app, second)
    assert (imp.status, imp.unchanged, imp.changed) == (ImportStatus.PREVIEWED, 2, 0)
    assert "applying changes nothing" in member.get(f"/supplier/feed/{second}").text
    assert member.post(f"/supplier/feed/{second}/apply", data={}).status_code == 302
    assert import_of(app, second).status == ImportStatus.APPLIED
    after = snapshot(app)
    assert after == {**applied, "imports": applied["imports"] + 1}


def test_an_xlsx_feed_is_previewed(app, uploads):
    a, _b, _ids = world(app)
    member = signed_in(app, a)
    workbook = Workbook()
    for row in (["SKU", "Price", "Stock"], ["A-1", 210.5, 6], ["A-2", "50.00", None]):
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    imp = import_of(app, import_id_of(post_feed(member, out.getvalue(), "feed.xlsx")))
    assert (imp.file_format, imp.changed, imp.unchanged, imp.errors) == ("xlsx", 1, 1, 0)


def test_encodings_and_thousands_separators(app, uploads):
    a, _b, _ids = world(app)
    with app.app_context():
        listing(a.id, "A-3", 10_00, name="Câble cuivre 2 m à double accès")
        db.session.commit()
    member = signed_in(app, a)
    for data in (csv("sku;name;price\nA-3;Câble cuivre 2 m à double accès;1.299,00\n",
                     "cp1252"),
                 b"\xef\xbb\xbf" + csv("sku,name,price\nA-3,Câble cuivre 2 m à double accès,"
                                       "\"1,299.00\"\n"),
                 csv("sku\tprice\nA-3\t€1.299,00\n", "cp1252")):
        imp = import_of(app, import_id_of(post_feed(member, data)))
        assert (imp.status, imp.changed, imp.errors) == (ImportStatus.PREVIEWED, 1, 0), data
        page = member.get(f"/supplier/feed/{imp.id}").text
        assert "<ins>$1,299.00</ins>" in page


@pytest.mark.parametrize("body, errors", [
    ("sku,price,stock\nA-1,210.00,1\nA-1,220.00,2\n",
     [(2, "sku", "SKU A-1 appears on more than one row (2, 3); keep one."),
      (3, "sku", "SKU A-1 appears on more than one row (2, 3); keep one.")]),
    ("sku,price,stock\nA-1,210.00,-4\n", [(2, "stock", "Stock cannot be negative (-4).")]),
    ("sku,price\nA-1,abc\n", [(2, "price", "'abc' is not a price: write it like 1299.00.")]),
    ("sku,price\nA-1,\"1,299\"\n", [(2, "price", "1,299 is ambiguous")]),
    ("sku,price\nB-1,1.00\n", [(2, "sku", "SKU B-1 belongs to another supplier.")]),
    ("sku,price\nSHOP-1,1.00\n", [(2, "sku", "SKU SHOP-1 belongs to another supplier.")]),
    ("sku,price\nNEW-1,1.00\n", [(2, "sku", "SKU NEW-1 is not one of your listings.")]),
    ("sku,name\nA-1,Renamed\n", [(2, "name", "A supplier feed changes prices and stock only")]),
    ("sku,price,currency\nA-1,1.00,EUR\n", [(2, "currency", "is kept in USD")]),
])
def test_bad_rows_are_errors_per_row_and_nothing_is_applied(app, uploads, body, errors):
    a, _b, _ids = world(app)
    member = signed_in(app, a)
    before = snapshot(app)
    import_id = import_id_of(post_feed(member, csv(body)))
    imp = import_of(app, import_id)
    assert imp.status == ImportStatus.INVALID
    page = html.unescape(member.get(f"/supplier/feed/{import_id}?kind=error").text)
    for row, column, reason in errors:
        assert re.search(rf'<td class="num">{row}</td>(?:(?!</tr>).)*'
                         rf'{column}</span>: [^<]*{re.escape(reason)}', page, re.S), reason
    assert "Nothing is applied while any row has an error" in page
    assert "Apply these changes" not in page
    answer = member.post(f"/supplier/feed/{import_id}/apply", data={})
    assert answer.status_code == 302
    assert "nothing is applied while any row has an error" in member.get(
        f"/supplier/feed/{import_id}").text
    assert snapshot(app) == {**before, "imports": before["imports"] + 1}


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" * (30 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize("data, name, message", [
    (b"name,price\nx,1\n", "feed.csv", "Missing column: sku."),
    (b"sku,colour\nA-1,red\n", "feed.csv", "Unknown column: colour."),
    (b"sku,stock:MAIN\nA-1,1\n", "feed.csv", "No stock location is called stock:main."),
    (b"sku,price\n", "feed.csv", "The file has a header but no rows under it."),
    (b"sku,price\nA-1,1\n", "feed.xlsx", "is named .xlsx but is not an Excel workbook"),
    (None, "feed.xlsx", "a compressed bomb"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "feed.csv", "This file is not text we can read"),
])
def test_files_refused_whole_say_why_beside_the_field(app, uploads, data, name, message):
    a, _b, _ids = world(app)
    member = signed_in(app, a)
    before = snapshot(app)
    answer = post_feed(member, data if data is not None else _bomb(), name)
    assert answer.status_code == 400
    assert message in file_error(answer.text)
    assert snapshot(app) == before
    assert not (uploads / "imports").exists() or not any((uploads / "imports").iterdir())


def test_a_file_over_the_limits_is_refused_beside_the_field(app, uploads, monkeypatch):
    a, _b, _ids = world(app)
    member = signed_in(app, a)
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 1000)
    answer = post_feed(member, csv("sku,price\n" + "A-1,1.00\n" * 200))
    assert answer.status_code == 400
    assert "The file is larger than 1 KB." in file_error(answer.text)
    # A request larger than the form takes at all is refused unread, with the same page.
    view = app.view_functions["supplier.feed_upload"]
    monkeypatch.setattr(view, "max_body_bytes", 2000)
    refused = post_feed(member, csv("sku,price\n" + "A-1,1.00\n" * 400))
    assert refused.status_code == 413
    assert "That file is too large: a feed may have up to 1 KB." in file_error(refused.text)
    # The page the reverse proxy shows for a body it refused (deploy/nginx/proxy.conf).
    proxied = member.get("/supplier/feed/too-large")
    assert proxied.status_code == 413 and "That file is too large" in file_error(proxied.text)
    assert imports_count(app) == 0


def test_suspended_organisations_cannot_upload_or_confirm(app, uploads):
    from shop.db import utcnow
    from shop.suppliers.models import SupplierOrganisation

    a, _b, _ids = world(app)
    member = signed_in(app, a)
    import_id = import_id_of(post_feed(member, csv("sku,price\nA-1,210.00\n")))
    with app.app_context():
        db.session.get(SupplierOrganisation, a.id).suspended_at = utcnow()
        db.session.commit()
    before = snapshot(app)
    assert post_feed(member, csv("sku,price\nA-1,220.00\n")).status_code == 403
    assert member.post(f"/supplier/feed/{import_id}/apply", data={}).status_code == 403
    assert member.get(f"/supplier/feed/{import_id}").status_code == 200
    assert snapshot(app) == before


def test_the_reverse_proxy_lets_the_feed_form_take_its_files():
    from pathlib import Path

    from shop.inventory.imports.files import UPLOAD_BODY_LIMIT

    text = (Path(__file__).parents[2] / "deploy/nginx/proxy.conf").read_text()
    block = re.search(r"location = /supplier/feed \{(.*?)\}", text, re.S)
    assert block, "no location for the feed upload"
    limit = re.search(r"client_max_body_size (\d+)m;", block.group(1)).group(1)
    assert int(limit) * 1024 * 1024 >= UPLOAD_BODY_LIMIT
    assert "error_page 413 /supplier/feed/too-large;" in block.group(1)
