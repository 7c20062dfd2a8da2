"""supplier portal: messages from staff to supplier organisations; an index of products by
supplier and status (the portal counts a supplier's listings by status)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 09:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('supplier_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('read_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'],
                            name=op.f('fk_supplier_message_author_id_user_account'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['supplier_organisation.id'],
                            name=op.f('fk_supplier_message_organisation_id_supplier_organisation'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['read_by_id'], ['user_account.id'],
                            name=op.f('fk_supplier_message_read_by_id_user_account'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_message'))
    )
    op.create_index('ix_supplier_message_organisation_created', 'supplier_message',
                    ['organisation_id', 'created_at'], unique=False)
    op.create_index('ix_product_supplier_status', 'product', ['supplier_id', 'status'],
                    unique=False)


def downgrade():
    op.drop_index('ix_product_supplier_status', table_name='product')
    op.drop_index('ix_supplier_message_organisation_created', table_name='supplier_message')
    op.drop_table('supplier_message')
