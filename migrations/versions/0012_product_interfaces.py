"""product interfaces: ports of devices and ends of parts replace product_fit

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 09:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('product_interface',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=4), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=60), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('cage', sa.String(length=20), nullable=False),
    sa.Column('top', sa.String(length=8), nullable=False),
    sa.Column('role', sa.String(length=8), nullable=False),
    sa.Column('modes', sa.String(length=120), nullable=False),
    sa.Column('protocols', sa.String(length=40), nullable=False),
    sa.Column('profile', sa.String(length=16), nullable=False),
    sa.CheckConstraint("side IN ('port', 'end')", name=op.f('ck_product_interface_side_known')),
    sa.CheckConstraint('count >= 1', name=op.f('ck_product_interface_count_positive')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_product_interface_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_interface'))
    )
    with op.batch_alter_table('product_interface', schema=None) as batch_op:
        batch_op.create_index('ix_product_interface_profile', ['profile', 'product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_product_interface_product_id'), ['product_id'], unique=False)
    # The old fits (a cage and one rate) cannot be turned into ports and ends: the demo
    # loader (flask seed-demo) writes the new descriptions for the demo catalogue.
    with op.batch_alter_table('product_fit', schema=None) as batch_op:
        batch_op.drop_index('ix_product_fit_cage_rate')
    op.drop_table('product_fit')


def downgrade():
    op.create_table('product_fit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('cage', sa.String(length=20), nullable=False),
    sa.Column('data_rate', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_product_fit_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_fit')),
    sa.UniqueConstraint('product_id', 'cage', 'data_rate', name=op.f('uq_product_fit_product_id_cage_data_rate'))
    )
    with op.batch_alter_table('product_fit', schema=None) as batch_op:
        batch_op.create_index('ix_product_fit_cage_rate', ['cage', 'data_rate', 'product_id'], unique=False)
    with op.batch_alter_table('product_interface', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_interface_product_id'))
        batch_op.drop_index('ix_product_interface_profile')
    op.drop_table('product_interface')
