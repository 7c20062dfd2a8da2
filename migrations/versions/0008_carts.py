"""carts: a cart per user or guest (found by a signed cookie) and its lines

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 06:42:57.274669

A line holds the product, quantity, whether it is saved for later, and the price the
customer last confirmed (the price of record is always the catalogue's).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cart',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=43), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_cart_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cart')),
    sa.UniqueConstraint('token', name=op.f('uq_cart_token')),
    sa.UniqueConstraint('user_id', name=op.f('uq_cart_user_id'))
    )
    with op.batch_alter_table('cart', schema=None) as batch_op:
        batch_op.create_index('ix_cart_user_updated', ['user_id', 'updated_at'], unique=False)

    op.create_table('cart_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cart_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('saved_for_later', sa.Boolean(), nullable=False),
    sa.Column('price_seen_cents', sa.Integer(), nullable=False),
    sa.Column('currency_seen', sa.String(length=3), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('quantity > 0 AND quantity <= 10000', name=op.f('ck_cart_line_quantity_range')),
    sa.ForeignKeyConstraint(['cart_id'], ['cart.id'], name=op.f('fk_cart_line_cart_id_cart'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_cart_line_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cart_line')),
    sa.UniqueConstraint('cart_id', 'product_id', 'saved_for_later', name=op.f('uq_cart_line_cart_id_product_id_saved_for_later'))
    )
    with op.batch_alter_table('cart_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cart_line_product_id'), ['product_id'], unique=False)



def downgrade():
    with op.batch_alter_table('cart_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cart_line_product_id'))

    op.drop_table('cart_line')
    with op.batch_alter_table('cart', schema=None) as batch_op:
        batch_op.drop_index('ix_cart_user_updated')

    op.drop_table('cart')
