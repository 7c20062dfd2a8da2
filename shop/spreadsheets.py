"""Spreadsheets in and out, for any import or export: CSV and XLSX read into rows of
strings under a checked header, CSV written so that no cell runs as a formula, and the
number readers every import needs. Imports nothing of the shop's domains.

Reading (``read_sheet``):

- The format comes from the content, not only the name: an ``.xlsx`` must be a zip archive
  holding a workbook; ``.csv``, ``.tsv`` and ``.txt`` are text.
- CSV text is UTF-8 (with or without a byte-order mark), UTF-16 (with a mark, or without one
  when every other byte is NUL), or else what charset-normalizer finds among Windows-1252
  and Latin-1 (what Excel on Windows writes). The delimiter is whichever of comma, semicolon
  and tab the header line holds most of.
- An XLSX is checked with ``zipfile`` before openpyxl opens it: the sizes its members unpack
  to (``zipfile`` never inflates a member past its declared size, so the declared sizes bound
  the memory) and their compression ratios, so a zip bomb is refused unread. Its first sheet
  is read in read-only mode; formulas give their cached values.
- Limits: the file's bytes and its data rows (blank rows are skipped and not counted).
- Cells are stripped of surrounding spaces, and the escape that ``escape_cell`` adds on
  export is taken off again, so an export reads back as it was written.

Writing (``csv_chunks``): every cell that is not a plain number (``12``, ``-5``,
``1299.00``) and starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (after
any leading apostrophes) gets one more leading apostrophe, so a spreadsheet shows it as text
instead of running it. Plain numbers cannot run and stay numbers, so the writer needs no list
of text columns: the rule holds for whatever an export puts in a cell.

Numbers: ``parse_quantity`` reads whole non-negative numbers written with digits only;
``parse_money`` reads amounts into minor units by this rule:

- Spaces (also non-breaking and thin ones) and a leading or trailing ``$ € £ ¥`` are ignored.
- No separator: whole units (``1299`` is 1299.00).
- Both ``.`` and ``,``: the last one is the decimal separator and the other groups thousands
  (``1,299.00`` and ``1.299,00`` are both 1299.00).
- One kind of separator, several times: it groups thousands (``1,299,000``).
- One separator once: followed by exactly three digits it is ambiguous (``1,299`` is 1299 in
  one country and 1.299 in another) and refused; followed by any other number of digits it is
  the decimal separator (``1299,5`` and ``1299.50`` are 1299.50).
- Thousands groups have three digits; more decimals than the currency has are refused
  (never rounded); negative amounts are refused.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import BinaryIO

from charset_normalizer import from_bytes

from shop.errors import ValidationError

MAX_ROWS = 200_000
MAX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 512 * 1024 * 1024  # what all members of an XLSX may unpack to
MAX_RATIO = 100  # an XLSX member larger than 1 MB may unpack to 100 times its packed size
MAX_MEMBERS = 10_000
MAX_DB_INT = 2**31 - 1
DELIMITERS = (",", ";", "\t")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
ZIP_MAGIC = b"PK\x03\x04"
_FORMULA_START = frozenset("=+-@\t\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


class SpreadsheetError(ValidationError):
    """The file as a whole cannot be read (its field is the upload's ``file``)."""

    def __init__(self, message: str):
        super().__init__("file", message)


class CellError(ValueError):
    """One cell does not hold what its column needs; the message is for people."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    max_rows: int = MAX_ROWS
    max_bytes: int = MAX_BYTES
    max_unpacked_bytes: int = MAX_UNPACKED_BYTES
    max_ratio: int = MAX_RATIO


@dataclass(frozen=True)
class Columns:
    """The header a file must have: required names, optional ones, and families of names
    that start with a prefix (``stock:`` followed by a location code). Names are compared
    in lower case with their spaces trimmed."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()

    def accepts(self, name: str) -> bool:
        return (name in self.required or name in self.optional
                or any(name.startswith(p) and len(name) > len(p) for p in self.prefixes))

    def describe(self) -> str:
        names = [*self.required, *self.optional, *(f"{p}<code>" for p in self.prefixes)]
        return ", ".join(names)


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # the row's number as a spreadsheet shows it (the header is usually 1)
    cells: tuple[str, ...]  # one per column of the header, in its order


@dataclass
class Sheet:
    format: str  # "csv" or "xlsx"
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    row_estimate: int | None = None  # header_only: data rows the file says it has, if known


def size_text(n: int) -> str:
    mb = n / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{max(n // 1024, 1)} KB"


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


def read_sheet(data: bytes, filename: str, columns: Columns, *, limits: Limits = Limits(),
               header_only: bool = False,
               on_rows: Callable[[int], None] | None = None) -> Sheet:
    """Read a whole file into a ``Sheet`` (or only its header, with ``header_only``),
    checking the header against ``columns``. Raises ``SpreadsheetError`` with a message that
    names what is wrong. ``on_rows`` is called with the rows read so far every 1,000 rows."""
    if len(data) > limits.max_bytes:
        raise SpreadsheetError(f"The file is larger than {size_text(limits.max_bytes)}. "
                               f"Split it into smaller files and import them one after "
                               f"another.")
    kind = file_format(filename, data)
    if kind == "xlsx":
        return _read_xlsx(data, columns, limits, header_only, on_rows)
    return _read_csv(data, columns, limits, header_only, on_rows)


# --- header ------------------------------------------------------------------------------

def normalise_name(name: str) -> str:
    """``  Stock : US-East `` → ``stock:us-east``."""
    return re.sub(r"\s*:\s*", ":", " ".join(name.replace("\ufeff", "").split())).lower()


def check_header(cells: Sequence[str], columns: Columns) -> list[str]:
    """The header's column names, normalised; raises when names are missing, unknown or
    given twice (all of them named in one message)."""
    names = [normalise_name(c) for c in cells]
    while names and not names[-1]:
        names.pop()
    problems = []
    blank = [str(i + 1) for i, n in enumerate(names) if not n]
    if blank:
        problems.append(f"Column{'s' if len(blank) > 1 else ''} {', '.join(blank)} "
                        f"{'have' if len(blank) > 1 else 'has'} no name in the header.")
    missing = [n for n in columns.required if n not in names]
    if missing:
        problems.append(f"Missing column{'s' if len(missing) > 1 else ''}: "
                        f"{', '.join(missing)}.")
    unknown = [n for n in dict.fromkeys(names) if n and not columns.accepts(n)]
    if unknown:
        problems.append(f"Unknown column{'s' if len(unknown) > 1 else ''}: "
                        f"{', '.join(unknown)}.")
    twice = [n for n in dict.fromkeys(names) if n and names.count(n) > 1]
    if twice:
        problems.append(f"Column{'s' if len(twice) > 1 else ''} {', '.join(twice)} "
                        f"appear{'' if len(twice) > 1 else 's'} more than once.")
    if problems:
        if missing or unknown:
            problems.append(f"Accepted columns: {columns.describe()}.")
        raise SpreadsheetError(" ".join(problems))
    return names


def _row_cells(raw: Sequence[str], width: int, number: int) -> tuple[str, ...]:
    cells = [unescape_cell(c.strip()) for c in raw[:width]]
    if len(raw) > width and any(c.strip() for c in raw[width:]):
        raise SpreadsheetError(f"Row {number} has more cells than the header has columns "
                               f"({width}). Give every column a name in the header.")
    if len(cells) < width:
        cells.extend([""] * (width - len(cells)))
    return tuple(cells)


def _too_many(limits: Limits) -> SpreadsheetError:
    return SpreadsheetError(f"The file has more than {limits.max_rows:,} rows. Split it "
                            f"into files of at most {limits.max_rows:,} rows.")


# --- CSV ---------------------------------------------------------------------------------

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
    if best is None:
        raise SpreadsheetError("This file is not text we can read as CSV (it is neither "
                               "UTF-8, UTF-16 nor Windows-1252/Latin-1). Save it from your "
                               "spreadsheet as CSV (UTF-8).")
    return "cp1252" if best.encoding in ("cp1252", "windows_1252") else "latin-1"


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever the first non-blank line holds most of (comma
    when it holds none, a file of one column)."""
    for line in text.splitlines():
        if line.strip():
            counts = {d: line.count(d) for d in DELIMITERS}
            best = max(DELIMITERS, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


def _read_csv(data: bytes, columns: Columns, limits: Limits, header_only: bool,
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
                raise _too_many(limits)
            sheet.rows.append(Row(number, _row_cells(raw, len(sheet.columns), number)))
            if on_rows and len(sheet.rows) % 1000 == 0:
                on_rows(len(sheet.rows))
    except csv.Error as exc:
        raise SpreadsheetError(f"Line {reader.line_num} cannot be read as CSV: {exc}. Check "
                               f"its quotes.") from None
    if sheet is None:
        raise SpreadsheetError("The file has no header row.")
    return sheet


# --- XLSX --------------------------------------------------------------------------------

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


def _read_xlsx(data: bytes, columns: Columns, limits: Limits, header_only: bool,
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
                    raise _too_many(limits)
                sheet.rows.append(Row(number, _row_cells(raw, len(sheet.columns), number)))
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
            raise _too_many(limits)
        return sheet
    finally:
        workbook.close()


# --- writing -----------------------------------------------------------------------------

def escape_cell(text: str) -> str:
    """A cell's text made safe to open in a spreadsheet (see the module's docstring)."""
    if not text or _PLAIN_NUMBER.fullmatch(text):
        return text
    if text.lstrip("'")[:1] in _FORMULA_START:
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    """The inverse of ``escape_cell``: exactly one apostrophe it added comes off."""
    return text[1:] if _ESCAPED.match(text) else text


def csv_chunks(columns: Sequence[str], rows: Iterable[Sequence[object]], *,
               chunk_size: int = 64 * 1024, bom: bool = True) -> Iterator[str]:
    """A CSV file (comma-separated, CRLF line ends, UTF-8 with a byte-order mark so that
    Excel reads it as UTF-8) as text chunks of about ``chunk_size`` characters, for a
    streamed download. ``None`` is written as an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write("\ufeff")
    writer.writerow([escape_cell(str(c)) for c in columns])
    for row in rows:
        writer.writerow(["" if v is None else escape_cell(str(v)) for v in row])
        if buffer.tell() >= chunk_size:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


# --- numbers -----------------------------------------------------------------------------

_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
_MONEY_SYMBOLS = "$€£¥"


def parse_quantity(text: str, *, what: str = "Stock") -> int:
    """A whole, non-negative number written with digits only (``12``)."""
    value = text.strip().translate(_SPACES)
    if value.startswith("+"):
        value = value[1:]
    if value.isascii() and value.isdigit():
        number = int(value)
        if number > MAX_DB_INT:
            raise CellError(f"{what} {text.strip()} is too large.")
        return number
    if re.fullmatch(r"-[0-9.,]+", value):
        raise CellError(f"{what} cannot be negative ({text.strip()}).")
    if re.fullmatch(r"[0-9]*[.,][0-9]+", value):
        raise CellError(f"{what} must be a whole number of units, written with digits only "
                        f"(like 12), not {text.strip()}.")
    raise CellError(f"{what} {text.strip()!r} is not a number: write it with digits only, "
                    f"like 12.")


def _grouped(digits: str, separator: str) -> bool:
    groups = digits.split(separator)
    return (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
            and all(g.isdigit() for g in groups))


def parse_money(text: str, decimals: int = 2) -> int:
    """An amount in minor units with ``decimals`` digits after the point (see the module's
    docstring for the rule)."""
    shown = text.strip()
    value = shown.translate(_SPACES).strip(_MONEY_SYMBOLS)
    if value.startswith(("-", "(")) or value.endswith("-"):
        raise CellError(f"A price cannot be negative ({shown}).")
    if value.startswith("+"):
        value = value[1:]
    not_price = CellError(f"{shown!r} is not a price: write it like 1299.00.")
    if not value or not re.fullmatch(r"[0-9][0-9.,]*", value) or not value[-1].isdigit():
        raise not_price
    last = max(value.rfind("."), value.rfind(","))
    if last < 0:
        whole, fraction = value, ""
    else:
        mark, fraction = value[last], value[last + 1:]
        head = value[:last]
        kinds = {c for c in value if c in ".,"}
        if len(kinds) == 2:
            group = "," if mark == "." else "."
            if mark in head or not _grouped(head, group):
                raise not_price
            whole = head.replace(group, "")
        elif value.count(mark) > 1:
            if not _grouped(value, mark):
                raise not_price
            whole, fraction = value.replace(mark, ""), ""
        elif len(fraction) == 3 and head != "0":
            raise CellError(f"{shown} is ambiguous: is the {mark!r} a decimal point or a "
                            f"thousands separator? Write it as {head}{fraction} or "
                            f"{head}{fraction}.00 (or {head}.{fraction},00).")
        else:
            whole = head
    if len(fraction) > decimals:
        raise CellError(f"{shown} has more than {decimals} decimal places"
                        f"{'' if decimals else ' (this currency has none)'}.")
    cents = int(whole) * 10**decimals + (int(fraction.ljust(decimals, "0")) if decimals else 0)
    if cents > MAX_DB_INT:
        raise CellError(f"The price {shown} is too large.")
    return cents


def money_text(cents: int, decimals: int = 2) -> str:
    """Minor units as a plain number for a file: 129900 → "1299.00" (no grouping)."""
    if not decimals:
        return str(cents)
    whole, fraction = divmod(cents, 10**decimals)
    return f"{whole}.{fraction:0{decimals}d}"
