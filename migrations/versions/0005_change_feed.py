"""change feed: rows read by position and writing transaction, not by a shared version

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 07:00:00

Stock movements no longer bump ``catalog_version``: the one row every sale used to lock.
The change feed is read by row id on SQLite and by writing transaction on PostgreSQL, so
``catalog_change.version`` goes and ``txid`` (with ``created_at`` for pruning) is indexed.
"""
import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('catalog_change', schema=None) as batch_op:
        batch_op.drop_index('ix_catalog_change_version')
        batch_op.drop_column('version')
        batch_op.add_column(sa.Column('txid', sa.BigInteger(), nullable=True))
        batch_op.create_index('ix_catalog_change_txid', ['txid'], unique=False)
        batch_op.create_index(batch_op.f('ix_catalog_change_created_at'), ['created_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('catalog_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalog_change_created_at'))
        batch_op.drop_index('ix_catalog_change_txid')
        batch_op.drop_column('txid')
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.create_index('ix_catalog_change_version', ['version'], unique=False)
