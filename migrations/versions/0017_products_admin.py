"""products in the back office: product versions, status events, bulk changes, uploaded
images and datasheets, and the indexes the product list sorts by

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-10 09:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1',
                                      nullable=False))
        batch_op.create_index('ix_product_name', ['name', 'id'], unique=False)
        batch_op.create_index('ix_product_updated_at', ['updated_at', 'id'], unique=False)
        batch_op.create_index('ix_product_price_cents', ['price_cents', 'id'], unique=False)
    with op.batch_alter_table('product_image', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thumb_path', sa.String(length=255), nullable=True))
    with op.batch_alter_table('product_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('file_path', sa.String(length=255), nullable=True))

    op.create_table('product_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_product_event_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_event'))
    )
    with op.batch_alter_table('product_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_event_product_id'), ['product_id'], unique=False)

    op.create_table('product_bulk_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('cursor', sa.Integer(), nullable=False),
    sa.Column('changed', sa.Integer(), nullable=False),
    sa.Column('skipped', sa.Integer(), nullable=False),
    sa.Column('notes', sa.JSON(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_product_bulk_change_created_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_bulk_change'))
    )
    with op.batch_alter_table('product_bulk_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_bulk_change_created_by_id'), ['created_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('product_bulk_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_bulk_change_created_by_id'))
    op.drop_table('product_bulk_change')
    with op.batch_alter_table('product_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_event_product_id'))
    op.drop_table('product_event')
    with op.batch_alter_table('product_document', schema=None) as batch_op:
        batch_op.drop_column('file_path')
    with op.batch_alter_table('product_image', schema=None) as batch_op:
        batch_op.drop_column('thumb_path')
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_index('ix_product_price_cents')
        batch_op.drop_index('ix_product_updated_at')
        batch_op.drop_index('ix_product_name')
        batch_op.drop_column('version')
