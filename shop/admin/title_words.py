"""The words of every product's title, in memory, per worker: what the back office's
product list searches names by.

A search of the title index for a broad word costs PostgreSQL tens of milliseconds (the
87,000 hits of "nvidia" are 5,700 pages of ``search_document`` to read for their ids). The
words themselves are few: 300,000 distinct ones in 1.2 million (product, word) pairs at
100,000 products. So each worker keeps them as a sorted vocabulary with the products of each
word beside it (a CSR layout: the ids of word ``i`` are ``postings[offsets[i]:offsets[i+1]]``).
A query word matches the words it starts, a contiguous range of the vocabulary found by
binary search, whose products are one contiguous slice of the postings.

The answer is the database's own, as ``catalog.search.title_hit_ids`` gives it: the words
are read from the database's tokeniser (``title_tokens``), and so is the query
(``title_tokens.query_tree``). Where the database matches a phrase (PostgreSQL also reads
the query word "400gbe" as "-400" followed by "gbe", as in the title "Quasar-400 GbE"), the
words bound the answer from below and above, and the database decides the few products in
between.

It follows the catalogue's change feed with ``ProductIndex``: a product whose title may have
changed is read again, and its current words overlay the vocabulary built at first (which
no longer counts for it); past ``FOLD_AT`` such products the whole is read again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import itemgetter

import numpy as np

from shop.admin import title_tokens
from shop.admin.title_tokens import Node
from shop.catalog.search import title_hit_ids

FOLD_AT = 2000  # products overlaid before the vocabulary is read again as a whole
CONFIRM_AT_MOST = 5000  # products the database is asked about; more: it answers the query


@dataclass(frozen=True)
class WordTable:
    blob: bytes  # the words, sorted (UTF-8 byte order, which is code point order), joined
    starts: np.ndarray  # word i is blob[starts[i]:starts[i + 1]]
    offsets: np.ndarray  # the products of word i are postings[offsets[i]:offsets[i + 1]]
    postings: np.ndarray  # int32 product ids

    @property
    def size(self) -> int:
        return len(self.starts) - 1

    @property
    def nbytes(self) -> int:
        return len(self.blob) + self.starts.nbytes + self.offsets.nbytes + self.postings.nbytes

    def _word(self, i: int) -> bytes:
        return self.blob[self.starts[i]:self.starts[i + 1]]

    def _first_at_least(self, key: bytes) -> int:
        lo, hi = 0, self.size
        while lo < hi:
            mid = (lo + hi) // 2
            if self._word(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def products(self, word: str, prefix: bool) -> np.ndarray:
        """Ids of the products with ``word`` (or, with ``prefix``, a word starting with it)."""
        key = word.encode()
        first = self._first_at_least(key)
        if not prefix:
            last = first + 1 if first < self.size and self._word(first) == key else first
        elif key:
            last = self._first_at_least(key[:-1] + bytes([key[-1] + 1]))  # no UTF-8 byte is FF
        else:
            last = self.size
        return self.postings[self.offsets[first]:self.offsets[last]]


def table(pairs: Iterable[tuple[np.ndarray, list[str]]]) -> WordTable:
    """A word table of (product ids, words) chunks, aligned pairs in any order. Each word
    is numbered at first sight, then the numbers become places in the sorted vocabulary;
    what is no longer needed is let go early (at 100,000 products the build peaks at about
    six times what it holds)."""
    number: dict[str, int] = {}
    numbered, owners = [], []
    for ids, words in pairs:
        for word in dict.fromkeys(words):
            if word not in number:
                number[word] = len(number)
        found = itemgetter(*words)(number) if len(words) > 1 else [number[w] for w in words]
        numbered.append(np.fromiter(found, np.int32, len(words)))
        owners.append(np.asarray(ids, dtype=np.int32))
    vocabulary = sorted(number)  # code point order: the UTF-8 bytes' order
    place = np.empty(len(vocabulary), dtype=np.int32)
    place[np.fromiter(map(number.__getitem__, vocabulary), np.int64, len(vocabulary))] = \
        np.arange(len(vocabulary), dtype=np.int32)
    del number
    words = place[np.concatenate(numbered)] if numbered else np.zeros(0, dtype=np.int32)
    del numbered, place
    ids = np.concatenate(owners) if owners else np.zeros(0, dtype=np.int32)
    del owners
    postings = ids[np.argsort(words, kind="stable")]
    del ids
    offsets = np.cumsum(np.bincount(words, minlength=len(vocabulary)))
    del words
    blob = "".join(vocabulary).encode()
    sizes = map(len, vocabulary) if len(blob) == sum(map(len, vocabulary)) else \
        (len(w.encode()) for w in vocabulary)  # some word is not ASCII
    starts = np.cumsum(np.fromiter(sizes, np.int64, len(vocabulary)))
    return WordTable(blob=blob, starts=_positions(starts), offsets=_positions(offsets),
                     postings=postings)


def _positions(ends: np.ndarray) -> np.ndarray:
    """0 and ``ends``, in 4 bytes each while they fit."""
    fits = not len(ends) or ends[-1] < 2**31
    return np.concatenate([[0], ends]).astype(np.int32 if fits else np.int64)


@dataclass(frozen=True)
class TitleWords:
    base: WordTable  # every title as first read
    changed: np.ndarray  # sorted ids read again since: the base no longer counts for them
    overlay: WordTable  # their current words
    overlay_pairs: tuple[np.ndarray, list[str]]  # the same, as (id, word) pairs
    top: int  # the highest product id held

    @property
    def nbytes(self) -> int:
        return self.base.nbytes + self.overlay.nbytes + self.changed.nbytes

    def _mask(self) -> np.ndarray:
        return np.zeros(self.top + 1, dtype=bool)

    def products(self, word: str, prefix: bool) -> np.ndarray:
        """A mask over product ids: which have the word (or one starting with it)."""
        mask = self._mask()
        mask[self.base.products(word, prefix)] = True
        mask[self.changed] = False
        mask[self.overlay.products(word, prefix)] = True
        return mask

    def bounds(self, node: Node) -> tuple[np.ndarray, np.ndarray | None]:
        """Masks over product ids: the products surely matching ``node``, and those that may
        (None: the same ones). A phrase needs its words side by side, which only the
        database knows: its words bound it from above, nothing from below."""
        kind = node[0]
        if kind == "word":
            return self.products(node[1], node[2]), None
        if kind == "nothing":
            return self._mask(), None
        parts = [self.bounds(child) for child in node[1]]
        combine = np.logical_or if kind == "or" else np.logical_and
        maybe = None
        if kind == "phrase" or any(m is not None for _, m in parts):
            maybe = reduce(combine, (s if m is None else m for s, m in parts))
        if kind == "phrase":
            return self._mask(), maybe
        return reduce(combine, (s for s, _ in parts)), maybe


def _top(*arrays: np.ndarray) -> int:
    return max([0, *(int(a.max()) for a in arrays if len(a))])


def build() -> TitleWords:
    nothing = WordTable(b"", np.zeros(1, np.int32), np.zeros(1, np.int32),
                        np.zeros(0, np.int32))
    base = table(title_tokens.title_words())
    return TitleWords(base, np.zeros(0, np.int64), nothing, (np.zeros(0, np.int32), []),
                      _top(base.postings))


def updated(words: TitleWords, product_ids: Iterable[int]) -> TitleWords | None:
    """``words`` with these products' titles read again (a new product joins, a gone one
    leaves); None when the overlay would hold more than ``FOLD_AT`` products, so that the
    caller reads everything again."""
    fresh = np.unique(np.fromiter(product_ids, dtype=np.int64))
    changed = np.union1d(words.changed, fresh)
    if len(changed) > FOLD_AT:
        return None
    old_ids, old_words = words.overlay_pairs
    keep = ~np.isin(old_ids, fresh)
    ids, new_words = [old_ids[keep]], [w for w, k in zip(old_words, keep, strict=True) if k]
    for chunk_ids, chunk_words in title_tokens.title_words(fresh.tolist()):
        ids.append(np.asarray(chunk_ids, dtype=np.int32))
        new_words += chunk_words
    pairs = (np.concatenate(ids), new_words)
    return TitleWords(words.base, changed, table([pairs]), pairs,
                      max(words.top, _top(changed)))


def title_ids(words: TitleWords, query: str) -> np.ndarray:
    """Ids of the products whose title has a word starting with each word of the query:
    the same as ``catalog.search.title_hit_ids(query)``, from memory."""
    node = title_tokens.query_tree(query)
    if node is None:
        return title_hit_ids(query)
    surely, maybe = words.bounds(node)
    if maybe is not None:
        doubtful = np.flatnonzero(maybe & ~surely)
        if len(doubtful) > CONFIRM_AT_MOST:
            return title_hit_ids(query)
        if len(doubtful):
            surely = surely.copy()
            surely[title_tokens.confirm(query, doubtful)] = True
    return np.flatnonzero(surely).astype(np.int64)
