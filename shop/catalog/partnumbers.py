"""Part-number normalisation: case, spaces, dashes and dots never matter."""

from __future__ import annotations

import re

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")


def normalise(value: str | None) -> str:
    """"mcx75310aas-neat", "MCX75310AAS NEAT" and "MCX75310AAS.NEAT" -> "MCX75310AASNEAT"."""
    if not value:
        return ""
    return _NOT_ALNUM.sub("", value).upper()


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``.

    Lets a prefix match be an index range scan (``norm >= p AND norm < bound``) on
    every database, independent of LIKE semantics and collations.
    """
    return prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else ""


def looks_like_part_number(query: str) -> bool:
    """A query that mixes letters and digits (MCX753, QM9700) is worth an identifier lookup."""
    norm = normalise(query)
    return len(norm) >= 3 and any(c.isdigit() for c in norm) and any(c.isalpha() for c in norm)
