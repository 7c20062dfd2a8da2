"""Full-text search behind one interface: SQLite FTS5 or PostgreSQL tsvector.

The ``search_document`` table holds the text of each product (a title of name and part
number, and a body). On SQLite, FTS5 tables index it (``shop.catalog.sqlite_fts``); on
PostgreSQL, GIN indexes over ``to_tsvector`` of the whole text and of the title alone. The
migrations create them and, for ``create_all`` (tests), so do the DDL listeners below.
This module is their one writer, so documents and index entries cannot drift apart.
"""

from __future__ import annotations

import re

import numpy as np
from sqlalchemy import DDL, event, select
from sqlalchemy.sql import Select

from shop.catalog import sqlite_fts
from shop.catalog.models import Product, ProductIdentifier, SearchDocument
from shop.catalog.partnumbers import normalise, prefix_upper_bound
from shop.extensions import db
from shop.sql import fetch_column, fetch_id_set, fetch_rows

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
_WORD = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+")

PG_DDL = [
    "CREATE INDEX IF NOT EXISTS ix_search_document_tsv ON search_document USING gin "
    "(to_tsvector('simple', title || ' ' || body))",
    "CREATE INDEX IF NOT EXISTS ix_search_document_title_tsv ON search_document USING gin "
    "(to_tsvector('simple', title))",
]


def _install_listeners() -> None:
    table = SearchDocument.__table__
    for statement in sqlite_fts.DDL:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="sqlite"))
    for statement in PG_DDL:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="postgresql"))
    for statement in sqlite_fts.DROP:
        event.listen(table, "before_drop", DDL(statement).execute_if(dialect="sqlite"))


_install_listeners()


def terms(query: str) -> list[str]:
    """Words of a query, lower-cased, with every operator and quote stripped."""
    return [w.lower() for w in _WORD.findall(query[:MAX_QUERY_LENGTH])][:MAX_TERMS]


def _dialect() -> str:
    return db.engine.dialect.name


_PG_VECTOR = "to_tsvector('simple', title || ' ' || body)"  # the GIN index expressions
_PG_TITLE_VECTOR = "to_tsvector('simple', title)"


def pg_tsquery(words: list[str]) -> str:
    """Every word as a prefix, all required. PostgreSQL's parser reads the number after a
    hyphen as a signed number ("ConnectX-7" is "connectx" and "-7"), so a word that starts
    with a digit also matches as that negative number."""
    return " & ".join(f"({w}:* | '-{w}':*)" if w[0].isdigit() else f"{w}:*" for w in words)


def text_hits(query: str) -> tuple[np.ndarray, np.ndarray]:
    """Ids of products whose text matches every word of the query, and the subset whose
    title (name and part number) matches them all — the more relevant hits."""
    words = terms(query)
    empty = np.zeros(0, dtype=np.int64)
    if not words:
        return empty, empty
    if _dialect() == "sqlite":
        expression = sqlite_fts.match_expression(words)
        return sqlite_fts.hits(expression) if expression else (empty, empty)
    tsquery = pg_tsquery(words)
    matching = ("SELECT product_id AS id FROM search_document "
                "WHERE {} @@ to_tsquery('simple', %s)")
    return (fetch_id_set("", matching.format(_PG_VECTOR), (tsquery,)),
            fetch_id_set("", matching.format(_PG_TITLE_VECTOR), (tsquery,)))


def ranked_hits(query: str) -> tuple[np.ndarray, np.ndarray]:
    """Search hits as (product ids, relevance tiers): part-number prefix matches first (0),
    then products whose title matches (1), then the rest (2)."""
    norm = normalise(query)
    by_part_number = np.zeros(0, dtype=np.int64)
    if len(norm) >= 3:
        # The same index range scan as identifier_prefix(), read through the driver.
        by_part_number = np.unique(fetch_column(
            "SELECT product_id FROM product_identifier WHERE norm >= ? AND norm < ?",
            "SELECT product_id FROM product_identifier WHERE norm >= %s AND norm < %s",
            (norm, prefix_upper_bound(norm)),
        ))
    hits, in_title = text_hits(query)
    others = hits[~np.isin(hits, by_part_number)]
    tiers = np.where(np.isin(others, in_title), 1, 2)
    ids = np.concatenate([by_part_number, others])
    return ids, np.concatenate([np.zeros(len(by_part_number), dtype=np.int64), tiers])


def identifier_prefix(query: str) -> Select | None:
    """Product ids whose SKU, MPN, alternative number or GTIN starts with the query."""
    norm = normalise(query)
    if len(norm) < 3:
        return None
    return (
        select(ProductIdentifier.product_id)
        .where(ProductIdentifier.norm >= norm, ProductIdentifier.norm < prefix_upper_bound(norm))
        .distinct()
    )


def title_hit_ids(query: str) -> np.ndarray:
    """Ids of products, of any status, whose title (name and part number) has a word
    starting with each word of the query (the storefront filters on status itself)."""
    words = terms(query)
    if not words:
        return np.zeros(0, dtype=np.int64)
    if _dialect() == "sqlite":
        expression = sqlite_fts.match_expression(words)
        if expression is None:
            return np.zeros(0, dtype=np.int64)
        return fetch_id_set("SELECT rowid AS id FROM product_title_fts "
                            "WHERE product_title_fts MATCH ?", "", (expression,))
    tsquery = pg_tsquery(words)
    return fetch_id_set("", "SELECT product_id AS id FROM search_document "
                            f"WHERE {_PG_TITLE_VECTOR} @@ to_tsquery('simple', %s)", (tsquery,))


def part_number_ids(query: str, min_length: int = 3) -> np.ndarray:
    """Ids of products with an identifier (SKU, MPN, alternative, GTIN) starting with the
    query, case and punctuation ignored: one index range scan."""
    norm = normalise(query)
    if len(norm) < min_length:
        return np.zeros(0, dtype=np.int64)
    return np.unique(fetch_column(
        "SELECT product_id FROM product_identifier WHERE norm >= ? AND norm < ?",
        "SELECT product_id FROM product_identifier WHERE norm >= %s AND norm < %s",
        (norm, prefix_upper_bound(norm))))


def exact_part_number_slug(query: str, version: int) -> str | None:
    """The slug of the one published product whose identifier equals the query, ignoring
    case and punctuation. Asked on every search: one indexed lookup, remembered by each
    worker for the catalogue ``version`` (identifiers and status move it)."""
    norm = normalise(query)
    if not 3 <= len(norm) <= 64:
        return None
    memo = _slug_memo(version)
    if norm in memo:
        return memo[norm]
    sql = ("SELECT DISTINCT p.slug FROM product_identifier i JOIN product p ON p.id = i.product_id"
           " WHERE i.norm = {0} AND p.status = 'published' LIMIT 2")
    rows = fetch_rows(sql.format("?"), sql.format("%s"), (norm,))
    slug = memo[norm] = rows[0][0] if len(rows) == 1 else None
    return slug


SLUG_MEMO = "exact_part_slugs"
SLUG_MEMO_SIZE = 10_000


def _slug_memo(version: int) -> dict[str, str | None]:
    from flask import current_app

    held = current_app.extensions.get(SLUG_MEMO)
    if held is None or held[0] != version or len(held[1]) >= SLUG_MEMO_SIZE:
        held = current_app.extensions[SLUG_MEMO] = (version, {})
    return held[1]


def exact_part_number(query: str) -> Product | None:
    """The one published product whose identifier equals the query, ignoring punctuation."""
    norm = normalise(query)
    if len(norm) < 3:
        return None
    rows = db.session.execute(
        select(Product)
        .join(ProductIdentifier, ProductIdentifier.product_id == Product.id)
        .where(ProductIdentifier.norm == norm, Product.status == "published")
        .limit(2)
    ).scalars().unique().all()
    return rows[0] if len(rows) == 1 else None


def build_document(product: Product, category_names: list[str]) -> tuple[str, str]:
    """The title and body a product is indexed by."""
    parts = [
        product.summary,
        product.description,
        product.brand.name if product.brand else "",
        " ".join(category_names),
        product.sku,
        product.mpn,
        product.alt_part_number or "",
    ]
    for spec in product.specs:
        parts.append(f"{spec.definition.label} {spec.display}")
    title = f"{product.name} {product.mpn}"
    return title, "\n".join(p for p in parts if p)


def index_product(product: Product, category_names: list[str]) -> None:
    """Write (or rewrite) a product's search document. Flushes; the caller commits.

    On SQLite the FTS5 indexes are external-content: this module is the one writer of both
    the document and its index entries, so they cannot drift apart.
    """
    title, body = build_document(product, category_names)
    doc = db.session.get(SearchDocument, product.id)
    sqlite = _dialect() == "sqlite"
    if doc is None:
        db.session.add(SearchDocument(product_id=product.id, title=title, body=body))
    else:
        if sqlite:
            sqlite_fts.delete(product.id, doc.title, doc.body)
        doc.title, doc.body = title, body
    db.session.flush()
    if sqlite:
        sqlite_fts.insert(product.id, title, body)


def index_range(first_id: int, last_id: int) -> None:
    """Index documents already written in bulk for products ``first_id..last_id``."""
    if _dialect() == "sqlite":
        sqlite_fts.index_range(first_id, last_id)


def remove_product(product_id: int) -> None:
    """Drop a product's document and index entries (before the product row goes)."""
    doc = db.session.get(SearchDocument, product_id)
    if doc is None:
        return
    if _dialect() == "sqlite":
        sqlite_fts.delete(product_id, doc.title, doc.body)
    db.session.delete(doc)
    db.session.flush()


def rebuild_index() -> None:
    """Rebuild the full-text indexes from the documents (after bulk loads)."""
    if _dialect() == "sqlite":
        sqlite_fts.rebuild()
