"""XLSX workbooks: checked as zip archives before anything inflates them, then their first
sheet read with openpyxl in read-only mode."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal

from shop.spreadsheets.errors import SpreadsheetError
from shop.spreadsheets.model import (
    Columns,
    Limits,
    Row,
    Sheet,
    check_header,
    row_cells,
    size_text,
    too_many,
)

MAX_MEMBERS = 10_000


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse what is not a workbook, or would unpack to too much, before anything inflates
    it."""
    not_workbook = SpreadsheetError("This .xlsx file is not an Excel workbook we can read. "
                                    "Save it from your spreadsheet as .xlsx or as CSV.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise not_workbook from None
    if len(members) > MAX_MEMBERS:
        raise not_workbook
    unpacked = sum(m.file_size for m in members)
    bomb = SpreadsheetError(
        f"This workbook would unpack to {size_text(unpacked)}, far more than its "
        f"{size_text(len(data))} (a compressed bomb?), so it was not opened. Save the sheet "
        f"as CSV, or as a new .xlsx with only the rows you import.")
    if unpacked > limits.max_unpacked_bytes:
        raise bomb
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > limits.max_ratio * max(m.compress_size,
                                                                              1):
            raise bomb
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise not_workbook


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def read_xlsx(data: bytes, columns: Columns, limits: Limits, header_only: bool,
               on_rows: Callable[[int], None] | None) -> Sheet:
    check_zip(data, limits)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise SpreadsheetError("This workbook cannot be opened: it may be damaged. Save it "
                               "again as .xlsx or as CSV.") from None
    try:
        if not workbook.worksheets:
            raise SpreadsheetError("The workbook has no sheet.")
        sheet_xml = workbook.worksheets[0]
        sheet: Sheet | None = None
        try:
            for number, values in enumerate(sheet_xml.iter_rows(values_only=True), start=1):
                raw = [_cell_text(v) for v in values]
                if not any(c.strip() for c in raw):
                    continue
                if sheet is None:
                    sheet = Sheet("xlsx", check_header(raw, columns))
                    if header_only:
                        last = sheet_xml.max_row
                        sheet.row_estimate = (last - number) if isinstance(last, int) else None
                        break
                    continue
                if len(sheet.rows) >= limits.max_rows:
                    raise too_many(limits)
                sheet.rows.append(Row(number, row_cells(raw, len(sheet.columns), number)))
                if on_rows and len(sheet.rows) % 1000 == 0:
                    on_rows(len(sheet.rows))
        except SpreadsheetError:
            raise
        except Exception:
            raise SpreadsheetError("The workbook's first sheet cannot be read: it may be "
                                   "damaged. Save it again as .xlsx or as CSV.") from None
        if sheet is None:
            raise SpreadsheetError("The first sheet of the workbook has no header row.")
        if header_only and sheet.row_estimate and sheet.row_estimate > limits.max_rows:
            raise too_many(limits)
        return sheet
    finally:
        workbook.close()
