"""Reading an uploaded file: its size, its format by content, then its rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from shop.spreadsheets.errors import SpreadsheetError
from shop.spreadsheets.model import Columns, Limits, Sheet, size_text
from shop.spreadsheets.text import read_csv
from shop.spreadsheets.workbook import read_xlsx

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
ZIP_MAGIC = b"PK\x03\x04"


def read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of an upload; a larger one is refused without reading on."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SpreadsheetError(f"The file is larger than {size_text(max_bytes)}. Split it "
                               f"into smaller files and import them one after another.")
    return data


def file_format(filename: str, data: bytes) -> str:
    """"csv" or "xlsx", from the name and the first bytes; anything else is refused."""
    name = (filename or "").strip().lower()
    if not data:
        raise SpreadsheetError("The file is empty.")
    if name.endswith(".xlsx"):
        if not data.startswith(ZIP_MAGIC):
            raise SpreadsheetError("This file is named .xlsx but is not an Excel workbook (an "
                                   ".xlsx file is a zip archive). Save it from your "
                                   "spreadsheet as .xlsx or as CSV and upload that.")
        return "xlsx"
    if name.endswith(".xls"):
        raise SpreadsheetError("Old Excel files (.xls) cannot be read. Save the sheet as "
                               ".xlsx or as CSV and upload that.")
    if name.endswith(TEXT_SUFFIXES):
        if data.startswith(ZIP_MAGIC):
            raise SpreadsheetError("This file is named .csv but holds a zip archive (an Excel "
                                   "workbook?). Name it .xlsx, or save it as CSV.")
        return "csv"
    raise SpreadsheetError("Upload a CSV file (.csv) or an Excel workbook (.xlsx).")


def read_sheet(data: bytes, filename: str, columns: Columns, *, limits: Limits | None = None,
               header_only: bool = False,
               on_rows: Callable[[int], None] | None = None) -> Sheet:
    """Read a whole file into a ``Sheet`` (or only its header, with ``header_only``),
    checking the header against ``columns``. Raises ``SpreadsheetError`` with a message that
    names what is wrong. ``on_rows`` is called with the rows read so far every 1,000 rows."""
    limits = limits or Limits()
    if len(data) > limits.max_bytes:
        raise SpreadsheetError(f"The file is larger than {size_text(limits.max_bytes)}. "
                               f"Split it into smaller files and import them one after "
                               f"another.")
    kind = file_format(filename, data)
    if kind == "xlsx":
        return read_xlsx(data, columns, limits, header_only, on_rows)
    return read_csv(data, columns, limits, header_only, on_rows)
