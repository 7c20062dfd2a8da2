"""Did-you-mean for searches, drawn from the catalogue's own vocabulary.

The vocabulary is every word of the product titles (names and part numbers), the category
and brand names and the spec values, read once per facet-index build in each process (it
changes only when listings do). A query word that is neither a word of the vocabulary nor
the start of one (search words are prefixes) is replaced by the closest vocabulary word,
if one is close enough.
"""

from __future__ import annotations

import bisect
import difflib
import re
import threading

from sqlalchemy import select

from shop.catalog.facet_index import get_index
from shop.catalog.models import Brand, Category, SearchDocument
from shop.catalog.specs import SPECS, SpecKind
from shop.extensions import db

_WORD = re.compile(r"[0-9a-z\u00c0-\u024f]+")
_LETTERS = re.compile(r"[a-z\u00c0-\u024f]")
MIN_LETTERS = 3
CUTOFF = 0.75
_lock = threading.Lock()


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower())
            if len(_LETTERS.findall(w)) >= MIN_LETTERS}


def vocabulary() -> list[str]:
    """The sorted vocabulary, rebuilt when the facet index was rebuilt."""
    from flask import current_app

    built = get_index().built_at
    memo = current_app.extensions.setdefault("search_vocabulary", {})
    with _lock:
        if memo.get("built") != built:
            words: set[str] = set()
            for title in db.session.execute(select(SearchDocument.title)).scalars():
                words |= _words(title)
            for name in db.session.execute(select(Category.name)).scalars():
                words |= _words(name)
            for name in db.session.execute(select(Brand.name)).scalars():
                words |= _words(name)
            for spec in SPECS.values():
                words |= _words(spec.label)
                if spec.kind is SpecKind.ENUM:
                    words |= _words(" ".join(spec.choices))
            memo["words"], memo["built"] = sorted(words), built
        return memo["words"]


def _known(word: str, words: list[str]) -> bool:
    """A word of the vocabulary or the start of one (every search word is a prefix)."""
    i = bisect.bisect_left(words, word)
    return i < len(words) and words[i].startswith(word)


def suggest(query_terms: list[str]) -> list[str] | None:
    """The query's words with misspellings corrected, or None when nothing was changed."""
    words = vocabulary()
    if not words:
        return None
    out, changed = [], False
    for term in query_terms:
        if (_known(term, words) or len(_LETTERS.findall(term)) < 4
                or not term.isalpha()):
            out.append(term)
            continue
        close = difflib.get_close_matches(term, words, n=1, cutoff=CUTOFF)
        if close:
            out.append(close[0])
            changed = True
        else:
            out.append(term)
    return out if changed else None
