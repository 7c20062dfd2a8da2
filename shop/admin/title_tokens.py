"""Titles and queries as each database's title search reads them, for ``title_words``.

The two databases cut a title into words differently, and the back office must find what
each finds (``catalog.search.title_hit_ids``), so the words are the database's own:

* SQLite indexes titles with FTS5 (``product_title_fts``, tokenizer ``sqlite_fts.TOKENIZE``:
  letters and digits, case and accents folded). The same tokenizer, in a private in-memory
  FTS5 table, cuts the titles read from ``search_document``. A query word of ASCII letters
  and digits is one word as it is; another goes through the same table.
* PostgreSQL indexes ``to_tsvector('simple', title)``, whose parser keeps "e810-cqda2" whole
  and in parts, reads "ConnectX-7" as "connectx" and "-7", and "400Gb/s" as "400gb/s". The
  words are read with ``tsvector_to_array`` of that same expression, and the query as
  PostgreSQL parses ``search.pg_tsquery`` (``to_tsquery``, asked once per query and kept).

A query becomes a tree of ``Node`` tuples: ``("word", word, prefix)``, ``("and", nodes)``,
``("or", nodes)``, ``("phrase", nodes)`` (words side by side, in order) and ``("nothing",)``.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from shop.catalog import search
from shop.catalog.sqlite_fts import TOKENIZE
from shop.sql import fetch_id_set, fetch_rows

Node = tuple[Any, ...]
NOTHING: Node = ("nothing",)
CHUNK = 20_000  # products read and cut at a time (the larger, the more memory while building)
_PLAIN = re.compile(r"[0-9a-z]+")
_CACHED = 1024  # queries (words, on SQLite) whose tree is kept
_trees: dict[tuple[str, str], Node | None] = {}


def _dialect() -> str:
    from shop.extensions import db

    return db.engine.dialect.name


# --- titles --------------------------------------------------------------------------------

def title_words(product_ids: Sequence[int] | None = None
                ) -> Iterator[tuple[np.ndarray, list[str]]]:
    """The words of the titles of these products (all when None), as (product ids, words)
    chunks of aligned pairs, each word once per product. A product without a document has
    no words."""
    postgres = _dialect() == "postgresql"
    if product_ids is not None:
        ids = sorted(set(product_ids))
        for start in range(0, len(ids), 500):
            chunk = tuple(ids[start:start + 500])
            marks = ", ".join(["?"] * len(chunk))
            yield from (_pg_words if postgres else _sqlite_words)(
                f"product_id IN ({marks})", chunk)
        return
    low, high = fetch_rows("SELECT min(product_id), max(product_id) FROM search_document",
                           "SELECT min(product_id), max(product_id) FROM search_document")[0]
    for start in range(int(low or 0), int(high or -1) + 1, CHUNK):
        yield from (_pg_words if postgres else _sqlite_words)(
            "product_id >= ? AND product_id < ?", (start, start + CHUNK))


_PG_WORDS = "tsvector_to_array(to_tsvector('simple', title))"  # search.PG_DDL's expression


def _pg_words(where: str, params: tuple) -> Iterator[tuple[np.ndarray, list[str]]]:
    # Each product's words come as one text, split on spaces in one go: faster than an
    # array each. A word holding a space would show in the count; then arrays it is. The
    # words are worked out once per title (MATERIALIZED), not once per use.
    documents = (f"WITH d AS MATERIALIZED (SELECT product_id, {_PG_WORDS} AS w "
                 f"FROM search_document WHERE {where.replace('?', '%s')}) ")
    rows = fetch_rows("", documents + "SELECT product_id, cardinality(w), "
                      "array_to_string(w, ' ') FROM d WHERE cardinality(w) > 0", params)
    words = " ".join(r[2] for r in rows).split(" ") if rows else []
    if len(words) != sum(r[1] for r in rows):
        rows = fetch_rows("", documents + "SELECT product_id, cardinality(w), w FROM d",
                          params)
        words = [w for r in rows for w in r[2]]
    counts = np.fromiter((r[1] for r in rows), np.int64, len(rows))
    if len(words):
        yield np.repeat(np.fromiter((r[0] for r in rows), np.int64, len(rows)), counts), words


def _scratch(detail: str) -> sqlite3.Connection:
    """A private in-memory FTS5 table (``t``) cutting text as the title index does, and its
    vocabulary by instance (``v``)."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(text, content='', "
                 f"tokenize='{TOKENIZE}', detail='{detail}')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
    return conn


def _sqlite_words(where: str, params: tuple) -> Iterator[tuple[np.ndarray, list[str]]]:
    rows = fetch_rows(f"SELECT product_id, title FROM search_document WHERE {where}", "",
                      params)
    if not rows:
        return
    conn = _scratch("none")  # one row per (word, product)
    try:
        conn.executemany("INSERT INTO t(rowid, text) VALUES (?, ?)", rows)
        # FTS5 words hold no separator, so no space; both lists follow one scan.
        words, ids = conn.execute("SELECT group_concat(term, ' '), group_concat(doc) "
                                  "FROM v").fetchone()
    finally:
        conn.close()
    if words:
        yield np.fromstring(ids, dtype=np.int64, sep=","), words.split(" ")


def _fts5_words(text: str) -> list[str]:
    """The words FTS5 cuts ``text`` into, in order."""
    conn = _scratch("full")
    try:
        conn.execute("INSERT INTO t(rowid, text) VALUES (1, ?)", (text,))
        return [r[0] for r in conn.execute("SELECT term FROM v ORDER BY offset")]
    finally:
        conn.close()


# --- queries -------------------------------------------------------------------------------

def query_tree(query: str) -> Node | None:
    """What ``search.title_hit_ids(query)`` asks the database, as a tree; None when it asks
    something the tree cannot say (then the database answers)."""
    words = search.terms(query)
    if not words:
        return NOTHING
    if _dialect() == "postgresql":
        return _cached(("postgresql", search.pg_tsquery(words)), _pg_tree)
    parts = [_cached(("sqlite", w), _sqlite_word) for w in words]
    return parts[0] if len(parts) == 1 else ("and", parts)


def _cached(key: tuple[str, str], make) -> Node | None:
    try:
        return _trees[key]
    except KeyError:
        pass
    if len(_trees) >= _CACHED:
        _trees.clear()
    tree = _trees[key] = make(key[1])
    return tree


def _sqlite_word(word: str) -> Node:
    """A query word as ``sqlite_fts.match_expression`` matches it: a word of ASCII letters
    and digits starts a title word (through a prefix index, or through the terms it starts,
    which ``search_term`` holds every one of); any other goes to FTS5 as ``"word"*``, which
    FTS5 cuts as it cuts titles: no word matches nothing, several are a phrase whose last
    word is a prefix."""
    if _PLAIN.fullmatch(word):
        return ("word", word, True)
    cut = _fts5_words(word)
    if not cut:
        return NOTHING
    if len(cut) == 1:
        return ("word", cut[0], True)
    return ("phrase", [("word", w, False) for w in cut[:-1]] + [("word", cut[-1], True)])


def _pg_tree(tsquery: str) -> Node | None:
    rows = fetch_rows("", "SELECT to_tsquery('simple', %s)::text", (tsquery,))
    return parse_tsquery(rows[0][0])


# A tsquery as PostgreSQL prints it: quoted words ('' and \\ doubled inside), each maybe
# followed by :* (prefix) or weights; operators & | ! <-> <N> and parentheses.
_TSQUERY_TOKEN = re.compile(r"\s*(?:'((?:[^'\\]|''|\\.)*)'(:[*A-D]+)?|(<->|<\d+>|[&|!()]))")


def parse_tsquery(text: str) -> Node | None:
    """A tsquery's text as a tree; None for what it cannot hold (negation, weights)."""
    tokens: list[tuple[str, Any, bool]] = []
    at = 0
    while text[at:].strip():
        found = _TSQUERY_TOKEN.match(text, at)
        if not found:
            return None
        word, marks, operator = found.groups()
        if operator is not None:
            tokens.append(("op", operator, False))
        elif marks not in (None, ":*"):
            return None  # weights: never in a query made by pg_tsquery
        else:
            word = word.replace("''", "'").replace("\\\\", "\\")
            tokens.append(("word", word, marks == ":*"))
        at = found.end()
    if not tokens:
        return NOTHING
    parser = _TsqueryParser(tokens)
    node = parser.either()
    return node if node is not None and parser.at == len(tokens) else None


class _TsqueryParser:
    """Recursive descent by PostgreSQL's precedence: | below & below <-> below !."""

    def __init__(self, tokens: list[tuple[str, Any, bool]]) -> None:
        self.tokens, self.at = tokens, 0

    def _next_is(self, *operators: str) -> bool:
        if self.at < len(self.tokens) and self.tokens[self.at][0] == "op":
            operator = self.tokens[self.at][1]
            return operator in operators or ("<N>" in operators and operator[1:-1].isdigit())
        return False

    def _series(self, kind: str, operators: tuple[str, ...], part) -> Node | None:
        nodes = [part()]
        while nodes[-1] is not None and self._next_is(*operators):
            self.at += 1
            nodes.append(part())
        if any(n is None for n in nodes):
            return None
        return nodes[0] if len(nodes) == 1 else (kind, nodes)

    def either(self) -> Node | None:
        return self._series("or", ("|",), self.both)

    def both(self) -> Node | None:
        return self._series("and", ("&",), self.followed)

    def followed(self) -> Node | None:
        return self._series("phrase", ("<->", "<N>"), self.single)

    def single(self) -> Node | None:
        if self.at >= len(self.tokens):
            return None
        kind, value, prefix = self.tokens[self.at]
        self.at += 1
        if kind == "word":
            return ("word", value, prefix)
        if value == "(":
            node = self.either()
            if node is None or not self._next_is(")"):
                return None
            self.at += 1
            return node
        return None  # "!" (never in a query made by pg_tsquery) or a stray operator


# --- the database's word on a few products -------------------------------------------------

def confirm(query: str, product_ids: np.ndarray) -> np.ndarray:
    """Which of these products the database's title search finds for ``query``."""
    if _dialect() == "sqlite":
        return np.intersect1d(search.title_hit_ids(query), product_ids)
    tsquery = search.pg_tsquery(search.terms(query))
    return fetch_id_set("", "WITH candidate AS MATERIALIZED (SELECT product_id, title "
                            "FROM search_document WHERE product_id = ANY(%s)) "
                            "SELECT product_id AS id FROM candidate "
                            "WHERE to_tsvector('simple', title) @@ to_tsquery('simple', %s)",
                        (product_ids.tolist(), tsquery))
