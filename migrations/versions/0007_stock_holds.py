"""stock holds: reserved units kept apart from allocated ones, and each order's claims

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 07:30:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def _stock_level(claims_check: str, claims_name: str, reserved: bool) -> sa.Table:
    """stock_level as it stands before the change, for SQLite's table copy (batch mode does
    not read named CHECK constraints back from SQLite)."""
    columns = [
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('product_id', sa.Integer(), sa.ForeignKey(
            'product.id', ondelete='CASCADE', name='fk_stock_level_product_id_product'),
            nullable=False),
        sa.Column('location_id', sa.Integer(), sa.ForeignKey(
            'location.id', name='fk_stock_level_location_id_location'), nullable=False),
        sa.Column('on_hand', sa.Integer(), nullable=False),
        sa.Column('allocated', sa.Integer(), nullable=False),
    ]
    checks = [
        sa.CheckConstraint(claims_check, name=claims_name),
        sa.CheckConstraint('allocated >= 0', name='ck_stock_level_allocated_not_negative'),
        sa.CheckConstraint('on_hand >= 0', name='ck_stock_level_on_hand_not_negative'),
    ]
    if reserved:
        columns.append(sa.Column('reserved', sa.Integer(), nullable=False))
        checks.append(sa.CheckConstraint('reserved >= 0',
                                         name='ck_stock_level_reserved_not_negative'))
    return sa.Table(
        'stock_level', sa.MetaData(), *columns, *checks,
        sa.UniqueConstraint('product_id', 'location_id',
                            name='uq_stock_level_product_id_location_id'),
        sa.Index('ix_stock_level_product_id', 'product_id'),
    )


def _copy_from(table: sa.Table) -> dict:
    return {'copy_from': table} if op.get_bind().dialect.name == 'sqlite' else {}


def upgrade():
    before = _stock_level('allocated <= on_hand', 'ck_stock_level_allocated_within_on_hand',
                          reserved=False)
    with op.batch_alter_table('stock_level', schema=None, **_copy_from(before)) as batch_op:
        batch_op.add_column(sa.Column('reserved', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.drop_constraint(op.f('ck_stock_level_allocated_within_on_hand'), type_='check')
        batch_op.create_check_constraint('reserved_not_negative', 'reserved >= 0')
        batch_op.create_check_constraint('claims_within_on_hand',
                                         'allocated + reserved <= on_hand')
    if op.get_bind().dialect.name != 'sqlite':  # SQLite's copy above has no default
        op.alter_column('stock_level', 'reserved', server_default=None)

    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reserved_delta', sa.Integer(), nullable=False,
                                      server_default='0'))
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.alter_column('reserved_delta', server_default=None)

    op.create_table(
        'stock_hold',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('location_id', sa.Integer(), nullable=False),
        sa.Column('quantity', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('quantity > 0', name=op.f('ck_stock_hold_quantity_positive')),
        sa.ForeignKeyConstraint(['location_id'], ['location.id'],
                                name=op.f('fk_stock_hold_location_id_location')),
        sa.ForeignKeyConstraint(['product_id'], ['product.id'], ondelete='CASCADE',
                                name=op.f('fk_stock_hold_product_id_product')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_hold')),
    )
    with op.batch_alter_table('stock_hold', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stock_hold_order_id'), ['order_id'], unique=False)
        batch_op.create_index('ix_stock_hold_product_status',
                              ['product_id', 'status', 'expires_at'], unique=False)
        batch_op.create_index('ix_stock_hold_status_expires', ['status', 'expires_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('stock_hold', schema=None) as batch_op:
        batch_op.drop_index('ix_stock_hold_status_expires')
        batch_op.drop_index('ix_stock_hold_product_status')
        batch_op.drop_index(batch_op.f('ix_stock_hold_order_id'))
    op.drop_table('stock_hold')
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.drop_column('reserved_delta')
    after = _stock_level('allocated + reserved <= on_hand',
                         'ck_stock_level_claims_within_on_hand', reserved=True)
    with op.batch_alter_table('stock_level', schema=None, **_copy_from(after)) as batch_op:
        batch_op.drop_constraint(op.f('ck_stock_level_claims_within_on_hand'), type_='check')
        batch_op.drop_constraint(op.f('ck_stock_level_reserved_not_negative'), type_='check')
        batch_op.drop_column('reserved')
        batch_op.create_check_constraint('allocated_within_on_hand', 'allocated <= on_hand')
