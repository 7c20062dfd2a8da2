"""SQLite FTS5 side of search: the index tables, how they are written, and prefix matching.

Two external-content FTS5 tables index ``search_document``: ``product_fts`` (title and body)
and ``product_title_fts`` (title alone, so ranking title matches reads no body postings).

Every query word is a prefix ("connect" finds ConnectX). FTS5 answers a prefix of 2–4
characters from its prefix indexes, but a longer one by merging the position lists of every
matching term into a scratch list, which costs several times a plain term lookup on broad
words. So longer words are expanded first, through ``search_term``: every term the index
holds, kept in step by the writers below. "transceiver" becomes ("transceiver" OR
"transceivers"), which FTS5 reads as two plain terms. The vocabulary is only ever a
superset of the index's terms (documents that go away leave their terms behind, until
``rebuild``), and a word that starts no term at all matches nothing.
"""

from __future__ import annotations

from sqlalchemy import text

from shop.catalog.partnumbers import prefix_upper_bound
from shop.extensions import db
from shop.sql import fetch_id_set, fetch_rows

TOKENIZE = "unicode61 remove_diacritics 2"
PREFIX_INDEXES = (2, 3, 4)  # FTS5 keeps ready-merged postings for prefixes this long
MAX_EXPANSION = 32  # more terms than this under one prefix: FTS5's own prefix query

DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS product_fts USING fts5("
    "title, body, content='search_document', content_rowid='product_id', "
    f"tokenize='{TOKENIZE}', prefix='{' '.join(map(str, PREFIX_INDEXES))}')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS product_title_fts USING fts5("
    "title, content='search_document', content_rowid='product_id', "
    f"tokenize='{TOKENIZE}', prefix='{' '.join(map(str, PREFIX_INDEXES))}')",
    "CREATE TABLE IF NOT EXISTS search_term (term TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID",
]
DROP = ["DROP TABLE IF EXISTS product_fts", "DROP TABLE IF EXISTS product_title_fts",
        "DROP TABLE IF EXISTS search_term"]
FTS_TABLES = ("product_fts", "product_title_fts")
# Empties every structure (tests reset the database between cases).
RESET = [*(f"INSERT INTO {t}({t}) VALUES ('delete-all')" for t in FTS_TABLES),
         "DELETE FROM search_term"]


def _execute(sql: str, params: dict | None = None) -> None:
    db.session.execute(text(sql), params or {})


# --- writing -------------------------------------------------------------------------------

def insert(product_id: int, title: str, body: str) -> None:
    """Index one document (already written to ``search_document``)."""
    row = {"id": product_id, "title": title, "body": body}
    _execute("INSERT INTO product_fts(rowid, title, body) VALUES (:id, :title, :body)", row)
    _execute("INSERT INTO product_title_fts(rowid, title) VALUES (:id, :title)", row)
    _remember_terms("SELECT :title || ' ' || :body", row)


def delete(product_id: int, title: str, body: str) -> None:
    """Forget one document: external-content FTS5 needs the exact text it indexed."""
    row = {"id": product_id, "title": title, "body": body}
    _execute("INSERT INTO product_fts(product_fts, rowid, title, body) "
             "VALUES ('delete', :id, :title, :body)", row)
    _execute("INSERT INTO product_title_fts(product_title_fts, rowid, title) "
             "VALUES ('delete', :id, :title)", row)


def index_range(first_id: int, last_id: int) -> None:
    """Index the documents of products ``first_id..last_id``, written in bulk."""
    span = {"a": first_id, "b": last_id}
    _execute("INSERT INTO product_fts(rowid, title, body) SELECT product_id, title, body "
             "FROM search_document WHERE product_id BETWEEN :a AND :b", span)
    _execute("INSERT INTO product_title_fts(rowid, title) SELECT product_id, title "
             "FROM search_document WHERE product_id BETWEEN :a AND :b", span)
    _remember_terms("SELECT title || ' ' || body FROM search_document "
                    "WHERE product_id BETWEEN :a AND :b", span)


def rebuild() -> None:
    """Rebuild both indexes from the documents, and the vocabulary from the index."""
    for table in FTS_TABLES:
        _execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
    _execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.product_fts_terms "
             "USING fts5vocab(main, product_fts, row)")
    _execute("DELETE FROM search_term")
    _execute("INSERT INTO search_term(term) SELECT term FROM temp.product_fts_terms")


def _remember_terms(select_text: str, params: dict) -> None:
    """Add the terms of some text to ``search_term``, as FTS5 itself tokenises it: the text
    goes through a contentless scratch FTS5 table on this connection and its vocabulary
    is copied, so the two cannot disagree about a term."""
    _execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_probe "
             f"USING fts5(text, content='', tokenize='{TOKENIZE}')")
    _execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_probe_terms "
             "USING fts5vocab(temp, search_probe, row)")
    _execute("INSERT INTO temp.search_probe(text) " + select_text, params)
    _execute("INSERT OR IGNORE INTO search_term(term) SELECT term FROM temp.search_probe_terms")
    _execute("INSERT INTO temp.search_probe(search_probe) VALUES ('delete-all')")


# --- reading -------------------------------------------------------------------------------

def _quoted(term: str) -> str:
    return '"' + term.replace('"', "") + '"'


def match_expression(words: list[str]) -> str | None:
    """An FTS5 expression matching documents with a term starting with each word, or None
    when some word starts no indexed term (then nothing matches). Words are lower-case
    letters and digits, so no user operator can reach FTS5."""
    parts = []
    for word in words:
        if len(word) in PREFIX_INDEXES or not word.isascii():
            # A prefix index answers it; or FTS5 folds its accents its own way.
            parts.append(_quoted(word) + "*")
            continue
        found = [row[0] for row in fetch_rows(
            "SELECT term FROM search_term WHERE term >= ? AND term < ? ORDER BY term LIMIT ?",
            "", (word, prefix_upper_bound(word), MAX_EXPANSION + 1),
        )]
        if not found:
            return None
        if len(found) > MAX_EXPANSION:
            parts.append(_quoted(word) + "*")
        else:
            parts.append("(" + " OR ".join(_quoted(t) for t in found) + ")")
    return " AND ".join(parts)


def hits(expression: str):
    """Ids of documents matching ``expression``, and of those whose title matches it."""
    query = "SELECT rowid AS id FROM {0} WHERE {0} MATCH ?"
    return (fetch_id_set(query.format("product_fts"), "", (expression,)),
            fetch_id_set(query.format("product_title_fts"), "", (expression,)))
