"""Reading and writing spreadsheets: encodings, delimiters, headers, limits, XLSX checks,
formula escapes and the number readers."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import Workbook

from shop.spreadsheets import (
    CellError,
    Columns,
    Limits,
    SpreadsheetError,
    csv_chunks,
    escape_cell,
    money_text,
    parse_money,
    parse_quantity,
    read_limited,
    read_sheet,
    unescape_cell,
)

COLUMNS = Columns(required=("sku",), optional=("name", "price"), prefixes=("stock:",))


def cells(sheet):
    return [dict(zip(sheet.columns, row.cells, strict=True)) for row in sheet.rows]


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("utf-16-le", b""),
    ("utf-16-be", b""), ("cp1252", b""), ("latin-1", b""),
])
def test_text_in_every_accepted_encoding_reads_the_same(encoding, bom):
    text = "sku,name\r\nA-1,Café crème\r\nA-2,Größe naïve Ångström\r\n"
    sheet = read_sheet(bom + text.encode(encoding), "items.csv", COLUMNS)
    assert cells(sheet) == [{"sku": "A-1", "name": "Café crème"},
                            {"sku": "A-2", "name": "Größe naïve Ångström"}]
    assert [r.number for r in sheet.rows] == [2, 3]


def test_windows_1252_quotes_and_euro_sign():
    data = "sku;name\nA-1;“Quoted” – 5 €\n".encode("cp1252")
    sheet = read_sheet(data, "items.csv", COLUMNS)
    assert sheet.encoding == "cp1252" and cells(sheet)[0]["name"] == "“Quoted” – 5 €"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_found_from_the_header(delimiter):
    data = delimiter.join(["sku", "name", "price"]) + "\n" + delimiter.join(
        ["A-1", '"Cable, 2 m; passive"', '"1.299,00"']) + "\n"
    sheet = read_sheet(data.encode(), "items.csv", COLUMNS)
    assert sheet.delimiter == delimiter
    assert cells(sheet) == [{"sku": "A-1", "name": "Cable, 2 m; passive", "price": "1.299,00"}]


def test_header_names_are_trimmed_and_case_insensitive_blank_rows_skipped():
    data = b"\n SKU ,Name, Stock : US-East \n\n  A-1 , x ,3\n,,\n"
    sheet = read_sheet(data, "items.csv", COLUMNS)
    assert sheet.columns == ["sku", "name", "stock:us-east"]
    assert cells(sheet) == [{"sku": "A-1", "name": "x", "stock:us-east": "3"}]
    assert sheet.rows[0].number == 4


@pytest.mark.parametrize("header, message", [
    ("name,price", "Missing column: sku."),
    ("sku,colour,weight", "Unknown columns: colour, weight."),
    ("sku,price,Price", "Column price appears more than once."),
    ("sku,,price", "Column 2 has no name in the header."),
])
def test_a_wrong_header_names_what_is_wrong(header, message):
    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(f"{header}\nA-1,1,2\n".encode(), "items.csv", COLUMNS)
    assert message in caught.value.message and caught.value.field == "file"


def test_unknown_columns_come_with_the_accepted_ones():
    with pytest.raises(SpreadsheetError, match="Accepted columns: sku, name, price, "
                                               "stock:<code>"):
        read_sheet(b"sku,qty\nA,1\n", "a.csv", COLUMNS)


def test_a_row_with_more_cells_than_the_header_is_refused_but_trailing_blanks_pass():
    assert len(read_sheet(b"sku,name\nA,b,,\n", "a.csv", COLUMNS).rows) == 1
    with pytest.raises(SpreadsheetError, match="Row 2 has more cells than the header"):
        read_sheet(b"sku,name\nA,b,c\n", "a.csv", COLUMNS)


def test_row_and_byte_limits():
    data = ("sku\n" + "".join(f"A-{i}\n" for i in range(11))).encode()
    assert len(read_sheet(data, "a.csv", COLUMNS, limits=Limits(max_rows=11)).rows) == 11
    with pytest.raises(SpreadsheetError, match="more than 10 rows"):
        read_sheet(data, "a.csv", COLUMNS, limits=Limits(max_rows=10))
    with pytest.raises(SpreadsheetError, match="larger than 1 KB"):
        read_sheet(b"sku\n" + b"A\n" * 1000, "a.csv", COLUMNS, limits=Limits(max_bytes=1024))
    with pytest.raises(SpreadsheetError, match="larger than 1 KB"):
        read_limited(io.BytesIO(b"x" * 1025), 1024)
    assert read_limited(io.BytesIO(b"x" * 1024), 1024) == b"x" * 1024


@pytest.mark.parametrize("name, data, message", [
    ("a.csv", b"", "The file is empty."),
    ("a.pdf", b"sku\n", "Upload a CSV file (.csv) or an Excel workbook (.xlsx)."),
    ("a.xls", b"\xd0\xcf\x11\xe0", "Old Excel files (.xls) cannot be read."),
    ("a.xlsx", b"sku,name\nA,b\n", "is named .xlsx but is not an Excel workbook"),
    ("a.csv", b"PK\x03\x04rest", "holds a zip archive"),
    ("a.csv", b"sku\nA\x00B\n", "NUL characters"),
    ("a.csv", b'sku,name\nA,"open quote\n', None),
])
def test_files_that_are_not_what_they_claim(name, data, message):
    if message is None:  # an unclosed quote swallows the rest: one row, read as written
        assert cells(read_sheet(data, name, COLUMNS)) == [{"sku": "A", "name": "open quote"}]
        return
    with pytest.raises(SpreadsheetError) as caught:
        read_sheet(data, name, COLUMNS)
    assert message in caught.value.message


def test_binary_data_named_csv_is_refused():
    with pytest.raises(SpreadsheetError, match="not text we can read"):
        read_sheet(bytes(range(1, 256)) * 40, "a.csv", COLUMNS)


def test_xlsx_first_sheet_with_numbers_as_text():
    data = xlsx_bytes([["SKU", "Name", "Price", "stock:MAIN"], ["A-1", "Café", 1299.5, 12],
                       [None, None, None, None], ["A-2", "@cmd", 10, 0.0]])
    sheet = read_sheet(data, "feed.XLSX", COLUMNS)
    assert sheet.format == "xlsx"
    assert cells(sheet) == [
        {"sku": "A-1", "name": "Café", "price": "1299.5", "stock:main": "12"},
        {"sku": "A-2", "name": "@cmd", "price": "10", "stock:main": "0"},
    ]
    assert [r.number for r in sheet.rows] == [2, 4]


def test_xlsx_header_only_reads_the_header_and_estimates_rows():
    data = xlsx_bytes([["sku"], *[[f"A-{i}"] for i in range(20)]])
    sheet = read_sheet(data, "a.xlsx", COLUMNS, header_only=True)
    assert sheet.columns == ["sku"] and sheet.rows == [] and sheet.row_estimate == 20
    with pytest.raises(SpreadsheetError, match="more than 10 rows"):
        read_sheet(data, "a.xlsx", COLUMNS, header_only=True, limits=Limits(max_rows=10))
    with pytest.raises(SpreadsheetError, match="Missing column: sku"):
        read_sheet(xlsx_bytes([["name"], ["x"]]), "a.xlsx", COLUMNS, header_only=True)


def test_a_zip_bomb_named_xlsx_is_refused_before_it_is_opened():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 100_000
    with pytest.raises(SpreadsheetError, match="would unpack to 20 MB"):
        read_sheet(data, "prices.xlsx", COLUMNS)
    with pytest.raises(SpreadsheetError, match="would unpack to"):
        read_sheet(data, "prices.xlsx", COLUMNS,
                   limits=Limits(max_unpacked_bytes=10 * 1024 * 1024, max_ratio=10**6))


def test_a_zip_that_is_no_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(SpreadsheetError, match="not an Excel workbook we can read"):
        read_sheet(out.getvalue(), "a.xlsx", COLUMNS)
    with pytest.raises(SpreadsheetError, match="not an Excel workbook we can read"):
        read_sheet(b"PK\x03\x04" + b"\x00" * 100, "a.xlsx", COLUMNS)


@pytest.mark.parametrize("text, escaped", [
    ("=1+1", "'=1+1"), ("+SUM(A1)", "'+SUM(A1)"), ("-cmd", "'-cmd"), ("@x", "'@x"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("'=x", "''=x"), ("'abc", "'abc"), ("plain", "plain"),
    ("-5", "-5"), ("1299.00", "1299.00"), ("-1.5", "-1.5"), ("", ""), ("a=b", "a=b"),
])
def test_formula_escape_and_its_inverse(text, escaped):
    assert escape_cell(text) == escaped
    assert unescape_cell(escaped) == text


def test_written_csv_reads_back_unchanged_and_runs_no_formula():
    rows = [["=HYPERLINK(\"http://x\")", "+1", "12"], ["'=x", "Café; \"quoted\", ok", "-5"],
            ["@SUM(A1)", "line\nbreak", "0"]]
    text = "".join(csv_chunks(["sku", "name", "stock:main"], rows, chunk_size=10))
    assert text.startswith("\ufeffsku,name,stock:main\r\n")
    raw = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert all(not cell.startswith(("=", "+", "@")) for row in raw for cell in row)
    assert raw[1][0] == "'=HYPERLINK(\"http://x\")" and raw[2][2] == "-5"
    sheet = read_sheet(text.encode("utf-8"), "export.csv", COLUMNS)
    assert [list(r.cells) for r in sheet.rows] == rows


@pytest.mark.parametrize("text, value", [("12", 12), (" 0 ", 0), ("+7", 7), ("1 000", 1000)])
def test_quantities(text, value):
    assert parse_quantity(text) == value


@pytest.mark.parametrize("text, message", [
    ("-3", "Stock cannot be negative (-3)."),
    ("1.5", "Stock must be a whole number of units"),
    ("1,000", "Stock must be a whole number of units"),
    ("abc", "Stock 'abc' is not a number"),
    ("", "is not a number"),
    ("99999999999", "too large"),
])
def test_bad_quantities(text, message):
    with pytest.raises(CellError) as caught:
        parse_quantity(text)
    assert message in caught.value.message


@pytest.mark.parametrize("text, cents", [
    ("1299", 129900), ("1299.00", 129900), ("1,299.00", 129900), ("1.299,00", 129900),
    ("1299,5", 129950), ("1 299,00", 129900), ("$1,299.99", 129999), ("1.299.000", 129900000),
    ("1,299,000.10", 129900010), ("0.5", 50), ("0", 0), ("12.3", 1230), ("€ 15", 1500),
])
def test_prices(text, cents):
    assert parse_money(text) == cents


@pytest.mark.parametrize("text, message", [
    ("abc", "'abc' is not a price"),
    ("1,299", "1,299 is ambiguous"),
    ("1.299", "1.299 is ambiguous"),
    ("-5", "A price cannot be negative"),
    ("12.345", "12.345 is ambiguous"),
    ("0.999", "more than 2 decimal places"),
    ("12.3456", "more than 2 decimal places"),
    ("1,29,900.00", "is not a price"),
    ("1.299.00,5", "is not a price"),
    ("1e5", "is not a price"),
    ("", "is not a price"),
    ("99999999999", "too large"),
])
def test_bad_prices(text, message):
    with pytest.raises(CellError) as caught:
        parse_money(text)
    assert message in caught.value.message


def test_currencies_without_minor_units():
    assert parse_money("1500", decimals=0) == 1500
    with pytest.raises(CellError, match="this currency has none"):
        parse_money("15.5", decimals=0)
    assert money_text(1500, 0) == "1500" and money_text(129905) == "1299.05"


def test_windows_1252_whose_only_special_character_is_the_euro_sign():
    data = "sku\tprice\r\nA-1\t€1.299,00\r\n".encode("cp1252")
    assert cells(read_sheet(data, "a.csv", COLUMNS)) == [{"sku": "A-1", "price": "€1.299,00"}]
