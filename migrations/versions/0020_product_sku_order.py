"""the stock list's SKU order carries the id: an index on product (sku, id)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-15 09:00:00

The stock list pages through products by SKU. On PostgreSQL the unique index on the SKU alone
made a deep page (page 1,000 skips 49,950 products) read each skipped row for its id; with
the id in the index it is an index-only scan.
"""
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.create_index('ix_product_sku_id', ['sku', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_index('ix_product_sku_id')
