"""search: a title-only index and, on SQLite, the vocabulary of the full-text index

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 00:20:00

Search ranks products whose title matches above the rest. Filtering the full index by
column reads every body posting of the query terms; a small index over titles alone answers
the same question from a fraction of the data.

On SQLite, ``search_term`` lists every term of ``product_fts`` so that a query word can be
expanded to the terms it starts with before FTS5 sees it (see shop/catalog/sqlite_fts.py).
"""
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


# Frozen here as they are at this revision.
SQLITE_UP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS product_title_fts USING fts5("
    "title, content='search_document', content_rowid='product_id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')",
    "INSERT INTO product_title_fts(product_title_fts) VALUES ('rebuild')",
    "CREATE TABLE IF NOT EXISTS search_term (term TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID",
    "CREATE VIRTUAL TABLE temp.product_fts_terms USING fts5vocab(main, product_fts, row)",
    "INSERT OR IGNORE INTO search_term(term) SELECT term FROM temp.product_fts_terms",
    "DROP TABLE temp.product_fts_terms",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS search_term", "DROP TABLE IF EXISTS product_title_fts"]
PG_UP = [
    "CREATE INDEX IF NOT EXISTS ix_search_document_title_tsv ON search_document USING gin "
    "(to_tsvector('simple', title))",
]
PG_DOWN = ["DROP INDEX IF EXISTS ix_search_document_title_tsv"]


def _run(sqlite, postgres):
    for statement in sqlite if op.get_bind().dialect.name == "sqlite" else postgres:
        op.execute(statement)


def upgrade():
    _run(SQLITE_UP, PG_UP)


def downgrade():
    _run(SQLITE_DOWN, PG_DOWN)
