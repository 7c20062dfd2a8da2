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

from shop.spreadsheets.errors import CellError, SpreadsheetError
from shop.spreadsheets.model import (
    MAX_BYTES,
    MAX_RATIO,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    Columns,
    Limits,
    Row,
    Sheet,
    check_header,
    size_text,
)
from shop.spreadsheets.numbers import money_text, parse_money, parse_quantity
from shop.spreadsheets.reader import file_format, read_limited, read_sheet
from shop.spreadsheets.text import decode_text, sniff_delimiter
from shop.spreadsheets.workbook import check_zip
from shop.spreadsheets.writing import csv_chunks, escape_cell, unescape_cell

__all__ = [
    "MAX_BYTES", "MAX_RATIO", "MAX_ROWS", "MAX_UNPACKED_BYTES", "CellError", "Columns",
    "Limits", "Row", "Sheet", "SpreadsheetError", "check_header", "check_zip", "csv_chunks",
    "decode_text", "escape_cell", "file_format", "money_text", "parse_money",
    "parse_quantity", "read_limited", "read_sheet", "size_text", "sniff_delimiter",
    "unescape_cell",
]
