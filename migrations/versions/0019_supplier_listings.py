"""suppliers' listings: the working copy of each listing with its status, events, staff's
comments per field and staged images and documents; one open listing per SKU

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-14 09:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

# A listing holds its SKU against other listings unless it was rejected.
HOLDS_SKU = "sku_key <> '' AND status <> 'rejected'"


def upgrade():
    op.create_table('supplier_listing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('product_type', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('sku_key', sa.String(length=64), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('base', sa.JSON(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_supplier_listing_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['supplier_organisation.id'], name=op.f('fk_supplier_listing_organisation_id_supplier_organisation')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_supplier_listing_product_id_product'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_listing')),
    sa.UniqueConstraint('product_id', name=op.f('uq_supplier_listing_product_id'))
    )
    op.create_index('ix_supplier_listing_org_status', 'supplier_listing', ['organisation_id', 'status', 'id'], unique=False)
    op.create_index('ix_supplier_listing_status_changed', 'supplier_listing', ['status', 'status_changed_at'], unique=False)
    op.create_index('uq_supplier_listing_sku_key', 'supplier_listing', ['sku_key'], unique=True,
                    sqlite_where=sa.text(HOLDS_SKU), postgresql_where=sa.text(HOLDS_SKU))

    op.create_table('supplier_listing_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('actor_kind', sa.String(length=10), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_supplier_listing_event_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['listing_id'], ['supplier_listing.id'], name=op.f('fk_supplier_listing_event_listing_id_supplier_listing'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_listing_event'))
    )
    op.create_index(op.f('ix_supplier_listing_event_listing_id'), 'supplier_listing_event', ['listing_id'], unique=False)

    op.create_table('supplier_listing_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('path', sa.String(length=255), nullable=True),
    sa.Column('thumb_path', sa.String(length=255), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('doc_kind', sa.String(length=20), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['listing_id'], ['supplier_listing.id'], name=op.f('fk_supplier_listing_file_listing_id_supplier_listing'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_listing_file')),
    sa.UniqueConstraint('path', name=op.f('uq_supplier_listing_file_path'))
    )
    op.create_index(op.f('ix_supplier_listing_file_listing_id'), 'supplier_listing_file', ['listing_id'], unique=False)

    op.create_table('supplier_listing_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('message', sa.String(length=1000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['supplier_listing_event.id'], name=op.f('fk_supplier_listing_comment_event_id_supplier_listing_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['listing_id'], ['supplier_listing.id'], name=op.f('fk_supplier_listing_comment_listing_id_supplier_listing'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_listing_comment'))
    )
    op.create_index(op.f('ix_supplier_listing_comment_event_id'), 'supplier_listing_comment', ['event_id'], unique=False)
    op.create_index(op.f('ix_supplier_listing_comment_listing_id'), 'supplier_listing_comment', ['listing_id'], unique=False)



def downgrade():
    op.drop_table('supplier_listing_comment')
    op.drop_table('supplier_listing_file')
    op.drop_table('supplier_listing_event')
    op.drop_index('uq_supplier_listing_sku_key', table_name='supplier_listing')
    op.drop_table('supplier_listing')
