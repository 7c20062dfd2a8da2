"""Quick order: a pasted parts list, one line each, read and matched against the catalogue.

Accepted shapes (case, spaces, dashes and dots in part numbers never matter)::

    MCX75310AAS-NEAT 4          part number, then quantity
    4 x mcx75310aasneat         quantity, "x" (or "*", "×"), part number
    MCX75310AAS-NEAT<TAB>4      a spreadsheet row (tabs, commas or semicolons), with the
    4,MCX75310AAS-NEAT,note     quantity in any column and the part number in another
    MCX75310AAS-NEAT            one unit

Every identifier the catalogue knows (SKU, manufacturer part number, alternative number,
GTIN) matches. Every line comes back in one of four lists: matched, ambiguous (one number,
several products), unknown (with "did you mean" suggestions) or invalid (a bad quantity);
nothing is dropped. Blank lines are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from shop.cart.models import MAX_QUANTITY
from shop.catalog.identifiers import (
    IdentifiedProduct,
    products_by_identifiers,
    similar_identifiers,
)
from shop.catalog.partnumbers import normalise

MAX_LINES = 200
MAX_TEXT = 20_000
_CELL_SPLIT = re.compile(r"[\t,;]")
_QTY_FIRST = re.compile(r"^\s*(?P<qty>[-+]?\d[\d.,]*)\s*(?:[x×*]\s*|\s+)(?P<part>\S.*?)\s*$",
                        re.IGNORECASE)
_QTY_LAST = re.compile(r"^\s*(?P<part>\S.*?)(?:\s*[x×*]\s*|\s+)(?P<qty>[-+]?\d[\d.,]*)\s*$",
                       re.IGNORECASE)
_NUMBER = re.compile(r"^[-+]?\d{1,6}(?:[.,]\d+)?$")  # longer runs of digits are GTINs
_THOUSANDS_LAST = re.compile(r"^[^\t,;]*\S\s+\d{1,3}(?:,\d{3})+$")
_QTY_WORD = re.compile(r"^(?:qty|quantity|pcs|units?)[:.]?\s*", re.IGNORECASE)


@dataclass
class QuickLine:
    number: int  # line number in the pasted text, from 1
    raw: str
    parts: list[str]  # part-number candidates, best first
    quantity: int | None
    error: str | None = None
    whole: str | None = None  # the whole line, in case what looked like a quantity is not
    product: IdentifiedProduct | None = None
    candidates: list[IdentifiedProduct] = field(default_factory=list)

    @property
    def part(self) -> str:
        return self.parts[0] if self.parts else ""


@dataclass
class QuickResult:
    matched: list[QuickLine] = field(default_factory=list)
    ambiguous: list[QuickLine] = field(default_factory=list)
    unknown: list[QuickLine] = field(default_factory=list)
    invalid: list[QuickLine] = field(default_factory=list)

    @property
    def problems(self) -> list[QuickLine]:
        return sorted(self.ambiguous + self.unknown + self.invalid, key=lambda q: q.number)


def _quantity(text: str) -> tuple[int | None, str | None]:
    """A whole number of units from 1 to 10,000, or why not."""
    text = text.strip()
    if re.fullmatch(r"\+?\d{1,3}(,\d{3})+", text):  # 1,000
        text = text.replace(",", "")
    if re.fullmatch(r"[-+]?\d+", text):
        value = int(text)
    elif re.fullmatch(r"[-+]?\d+[.,]\d+", text):
        whole, fraction = re.split(r"[.,]", text)
        if fraction.strip("0"):
            return None, f"“{text}”: quantities are whole numbers."
        value = int(whole)
    else:
        return None, f"“{text}” is not a quantity."
    if value < 1:
        return None, f"“{text}”: the quantity must be at least 1."
    if value > MAX_QUANTITY:
        return None, f"“{text}”: at most {MAX_QUANTITY:,} units per line."
    return value, None


def parse_line(number: int, raw: str) -> QuickLine | None:
    text = raw.strip()
    if not text:
        return None
    if _THOUSANDS_LAST.match(text):  # "MCX75310AAS-NEAT 1,000": one quantity, not two cells
        cells = [text]
    else:
        cells = [c.strip() for c in _CELL_SPLIT.split(text)]
    cells = [c for c in (_QTY_WORD.sub("", c) for c in cells) if c]
    if len(cells) > 1:
        numbers = [c for c in cells if _NUMBER.match(c) or re.fullmatch(r"\d{1,3}(,\d{3})+", c)]
        words = [c for c in cells if c not in numbers]
        if words:
            quantity, error = _quantity(numbers[0]) if numbers else (1, None)
            # a column that looks like a part number comes first
            words.sort(key=lambda w: not any(ch.isdigit() for ch in w))
            return QuickLine(number, raw, words, quantity, error)
        text = " ".join(cells)
    for pattern in (_QTY_LAST, _QTY_FIRST):
        match = pattern.match(text)
        if match and normalise(match.group("part")):
            quantity, error = _quantity(match.group("qty"))
            # "SFP-10G-SR X2" may also be one part number: tried after the split reading
            return QuickLine(number, raw, [match.group("part")], quantity, error, whole=text)
    return QuickLine(number, raw, [text], 1, None)


def parse(text: str) -> tuple[list[QuickLine], int]:
    """The non-blank lines of ``text`` (at most ``MAX_LINES``), and how many were left over."""
    lines = [(i, raw) for i, raw in enumerate(text[:MAX_TEXT].splitlines(), start=1)
             if raw.strip()]
    parsed = [q for i, raw in lines[:MAX_LINES] if (q := parse_line(i, raw)) is not None]
    return parsed, max(0, len(lines) - MAX_LINES)


def resolve(lines: list[QuickLine]) -> QuickResult:
    """Match parsed lines against the catalogue: one query for all exact matches, then one
    or two per unknown line for suggestions."""
    found = products_by_identifiers(
        [p for q in lines for p in q.parts] + [q.whole for q in lines if q.whole])
    result = QuickResult()
    for line in lines:
        hits: list[IdentifiedProduct] = []
        for part in line.parts:
            hits = found.get(normalise(part), [])
            if hits:
                break
        if not hits and line.whole and found.get(normalise(line.whole)):
            hits = found[normalise(line.whole)]
            line.parts, line.quantity, line.error = [line.whole], 1, None
        if line.error:
            result.invalid.append(line)
            continue
        if len(hits) == 1:
            line.product = hits[0]
            result.matched.append(line)
        elif hits:
            line.candidates = hits[:5]
            result.ambiguous.append(line)
        else:
            line.candidates = similar_identifiers(line.part)
            result.unknown.append(line)
    return result
