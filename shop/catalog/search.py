"""Full-text search behind one interface: SQLite FTS5 or PostgreSQL tsvector.

The ``search_document`` table holds the text of each product. On SQLite an external-content
FTS5 table indexes it, written only by this module; on PostgreSQL a GIN index over
``to_tsvector`` does. Both are created by the migration and, for ``create_all`` (tests), by
the DDL listeners below.
"""

from __future__ import annotations

import re

from sqlalchemy import DDL, bindparam, event, func, literal_column, select, text
from sqlalchemy.sql import Select

from shop.catalog.models import Product, ProductIdentifier, SearchDocument
from shop.catalog.partnumbers import normalise, prefix_upper_bound
from shop.extensions import db

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
_WORD = re.compile(r"[0-9A-Za-z\u00C0-\u024F]+")

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS product_fts USING fts5("
    "title, body, content='search_document', content_rowid='product_id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS product_fts"]
PG_DDL = [
    "CREATE INDEX IF NOT EXISTS ix_search_document_tsv ON search_document USING gin "
    "(to_tsvector('simple', title || ' ' || body))",
]


def _install_listeners() -> None:
    table = SearchDocument.__table__
    for statement in SQLITE_DDL:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="sqlite"))
    for statement in PG_DDL:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="postgresql"))
    for statement in SQLITE_DROP:
        event.listen(table, "before_drop", DDL(statement).execute_if(dialect="sqlite"))


_install_listeners()


def terms(query: str) -> list[str]:
    """Words of a query, lower-cased, with every operator and quote stripped."""
    return [w.lower() for w in _WORD.findall(query[:MAX_QUERY_LENGTH])][:MAX_TERMS]


def _dialect() -> str:
    return db.engine.dialect.name


def _fts_expression(words: list[str]) -> str:
    # Every word a quoted prefix term: "connectx"* AND "7"* — no user operator survives.
    return " AND ".join('"' + w.replace('"', "") + '"*' for w in words)


def text_hits(query: str) -> tuple[list[int], set[int]]:
    """Ids of products whose text matches every word of the query, and the subset whose
    title (name and part number) matches them all — the more relevant hits."""
    words = terms(query)
    if not words:
        return [], set()
    if _dialect() == "sqlite":
        expression = _fts_expression(words)
        fts = "SELECT rowid FROM product_fts WHERE product_fts MATCH :q"
        hits = list(db.session.execute(text(fts), {"q": expression}).scalars())
        in_title = set(db.session.execute(
            text(fts), {"q": "{title} : (" + expression + ")"}
        ).scalars())
        return hits, in_title
    simple = literal_column("'simple'")
    tsquery = func.to_tsquery(simple, bindparam("ts_query", " & ".join(f"{w}:*" for w in words)))
    # Written exactly as the GIN index expression, constants inline, so the planner uses it.
    vector = func.to_tsvector(
        simple, SearchDocument.title + literal_column("' '") + SearchDocument.body
    )
    rows = db.session.execute(
        select(
            SearchDocument.product_id,
            func.to_tsvector(simple, SearchDocument.title).op("@@")(tsquery),
        ).where(vector.op("@@")(tsquery))
    ).all()
    return [pid for pid, _ in rows], {pid for pid, title in rows if title}


def ranked_hits(query: str) -> tuple[list[int], list[int]]:
    """Search hits as (product ids, relevance tiers): part-number prefix matches first (0),
    then products whose title matches (1), then the rest (2)."""
    tiers: dict[int, int] = {}
    prefix = identifier_prefix(query)
    if prefix is not None:
        for pid in db.session.execute(prefix).scalars():
            tiers[pid] = 0
    hits, in_title = text_hits(query)
    for pid in hits:
        tiers.setdefault(pid, 1 if pid in in_title else 2)
    return list(tiers), list(tiers.values())


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

    On SQLite the FTS5 index is external-content: this module is the one writer of both
    the document and its index entry, so they cannot drift apart.
    """
    title, body = build_document(product, category_names)
    doc = db.session.get(SearchDocument, product.id)
    sqlite = _dialect() == "sqlite"
    if doc is None:
        db.session.add(SearchDocument(product_id=product.id, title=title, body=body))
    else:
        if sqlite:
            db.session.execute(
                text("INSERT INTO product_fts(product_fts, rowid, title, body) "
                     "VALUES ('delete', :id, :title, :body)"),
                {"id": product.id, "title": doc.title, "body": doc.body},
            )
        doc.title, doc.body = title, body
    db.session.flush()
    if sqlite:
        db.session.execute(
            text("INSERT INTO product_fts(rowid, title, body) VALUES (:id, :title, :body)"),
            {"id": product.id, "title": title, "body": body},
        )


def index_range(first_id: int, last_id: int) -> None:
    """Index documents already written in bulk for products ``first_id..last_id``."""
    if _dialect() == "sqlite":
        db.session.execute(
            text("INSERT INTO product_fts(rowid, title, body) SELECT product_id, title, body "
                 "FROM search_document WHERE product_id BETWEEN :a AND :b"),
            {"a": first_id, "b": last_id},
        )


def remove_product(product_id: int) -> None:
    """Drop a product's document and index entry (before the product row goes)."""
    doc = db.session.get(SearchDocument, product_id)
    if doc is None:
        return
    if _dialect() == "sqlite":
        db.session.execute(
            text("INSERT INTO product_fts(product_fts, rowid, title, body) "
                 "VALUES ('delete', :id, :title, :body)"),
            {"id": product_id, "title": doc.title, "body": doc.body},
        )
    db.session.delete(doc)
    db.session.flush()


def rebuild_index() -> None:
    """Rebuild the full-text index from the documents (after bulk loads)."""
    if _dialect() == "sqlite":
        db.session.execute(text("INSERT INTO product_fts(product_fts) VALUES ('rebuild')"))
