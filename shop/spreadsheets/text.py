"""CSV files: their text's encoding, their delimiter, their rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from charset_normalizer import from_bytes

from shop.spreadsheets.errors import SpreadsheetError
from shop.spreadsheets.model import Columns, Limits, Row, Sheet, check_header, row_cells, too_many

DELIMITERS = (",", ";", "\t")


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read in."""
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = _utf16_without_mark(data[:4096]) or _guess_8bit(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        if encoding != "cp1252":
            raise SpreadsheetError("The file's text could not be read. Save it as CSV in "
                                   "UTF-8 and upload it again.") from None
        encoding, text = "latin-1", data.decode("latin-1")
    if "\x00" in text:
        raise SpreadsheetError("The file holds NUL characters, so it is not a text CSV file. "
                               "Save it from your spreadsheet as CSV (UTF-8).")
    return text, encoding


def _utf16_without_mark(sample: bytes) -> str | None:
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _guess_8bit(data: bytes) -> str:
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=["cp1252", "latin_1"]).best()
    if best is None and _plain_cp1252(data):
        # Too little non-ASCII for a guess (a price list whose only one is "€"), but valid
        # Windows-1252 text without control characters.
        return "cp1252"
    if best is None:
        raise SpreadsheetError("This file is not text we can read as CSV (it is neither "
                               "UTF-8, UTF-16 nor Windows-1252/Latin-1). Save it from your "
                               "spreadsheet as CSV (UTF-8).")
    return "cp1252" if best.encoding in ("cp1252", "windows_1252") else "latin-1"


def _plain_cp1252(data: bytes) -> bool:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return not any(c < " " and c not in "\t\r\n" for c in text)


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever the first non-blank line holds most of (comma
    when it holds none, a file of one column)."""
    for line in text.splitlines():
        if line.strip():
            counts = {d: line.count(d) for d in DELIMITERS}
            best = max(DELIMITERS, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


def read_csv(data: bytes, columns: Columns, limits: Limits, header_only: bool,
              on_rows: Callable[[int], None] | None) -> Sheet:
    text, encoding = decode_text(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    sheet: Sheet | None = None
    try:
        for raw in reader:
            number = reader.line_num
            if not any(c.strip() for c in raw):
                continue
            if sheet is None:
                sheet = Sheet("csv", check_header(raw, columns), encoding=encoding,
                              delimiter=delimiter)
                if header_only:
                    break
                continue
            if len(sheet.rows) >= limits.max_rows:
                raise too_many(limits)
            sheet.rows.append(Row(number, row_cells(raw, len(sheet.columns), number)))
            if on_rows and len(sheet.rows) % 1000 == 0:
                on_rows(len(sheet.rows))
    except csv.Error as exc:
        raise SpreadsheetError(f"Line {reader.line_num} cannot be read as CSV: {exc}. Check "
                               f"its quotes.") from None
    if sheet is None:
        raise SpreadsheetError("The file has no header row.")
    return sheet
