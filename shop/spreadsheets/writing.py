"""Writing CSV that no spreadsheet runs as formulas, and reading that escape back."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence

_FORMULA_START = frozenset("=+-@\t\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


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
