"""What a read spreadsheet is: its limits, the header it must have, its rows; and the
header's check."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from shop.spreadsheets.errors import SpreadsheetError
from shop.spreadsheets.writing import unescape_cell

MAX_ROWS = 200_000
MAX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 512 * 1024 * 1024  # what all members of an XLSX may unpack to
MAX_RATIO = 100  # an XLSX member larger than 1 MB may unpack to 100 times its packed size


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


def row_cells(raw: Sequence[str], width: int, number: int) -> tuple[str, ...]:
    cells = [unescape_cell(c.strip()) for c in raw[:width]]
    if len(raw) > width and any(c.strip() for c in raw[width:]):
        raise SpreadsheetError(f"Row {number} has more cells than the header has columns "
                               f"({width}). Give every column a name in the header.")
    if len(cells) < width:
        cells.extend([""] * (width - len(cells)))
    return tuple(cells)


def too_many(limits: Limits) -> SpreadsheetError:
    return SpreadsheetError(f"The file has more than {limits.max_rows:,} rows. Split it "
                            f"into files of at most {limits.max_rows:,} rows.")
