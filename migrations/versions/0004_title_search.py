"""title search index: product names and part numbers indexed on their own

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 00:20:00

Search ranks products whose title matches above the rest. Filtering the full index by
column reads every body posting of the query terms; a small index over titles alone answers
the same question from a fraction of the data.
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
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS product_title_fts"]
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
