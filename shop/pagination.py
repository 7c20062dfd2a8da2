"""Page numbers and ids from query strings and forms, parsed in one place.

A listing's address names one page: ``?page=N`` with N in ASCII digits from 1 up, or no
``page`` at all (page 1). Anything else (``abc``, ``-1``, ``0``, ``1e3``, ``²``, a number of
more than six digits) names no page, and neither does a page past the last one: both answer
404, so no page is ever shown under another page's address. Page 1 of an empty listing exists.

An id typed into a query string or a form (``parent_id``, ``ids=3,7``) is read by ``db_id``:
ASCII digits within the database's integer range, or nothing. ``str.isdigit`` is not enough
(``²`` passes it and fails ``int``), and ``int`` is not enough (``99999999999`` passes it and
fails in PostgreSQL). Path ids obey the same rule through ``shop.input_rules``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from shop.errors import NotFound

MAX_PAGE_DIGITS = 6
MAX_DB_INT = 2**31 - 1  # the largest value of an INTEGER column (PostgreSQL int4)


def db_id(raw) -> int | None:
    """An id from user input, or None when ``raw`` is not one (see the module docstring)."""
    text = str(raw if raw is not None else "").strip()
    if not text or len(text) > 10 or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_DB_INT else None


def page_arg(args: Mapping[str, str], name: str = "page") -> int:
    """The page a query string asks for; raises ``NotFound`` (404) for a malformed one."""
    raw = args.get(name) or ""
    if raw == "":
        return 1
    if not (raw.isascii() and raw.isdigit()) or len(raw) > MAX_PAGE_DIGITS or int(raw) < 1:
        raise NotFound(f"no page {raw[:20]!r}")
    return int(raw)


def page_count(total: int, per_page: int) -> int:
    """How many pages ``total`` items fill; an empty listing still has its first page."""
    return max(1, math.ceil(total / per_page)) if per_page > 0 else 1


def check_page(page: int, pages: int) -> None:
    """Raise ``NotFound`` (404) for a page past the last one."""
    if page > max(1, pages):
        raise NotFound(f"page {page} of {pages}")
