"""inventory back office: movements record the level after each change and a one-time form
key; low-stock thresholds; supplier locations; purchase orders and receipts; stock counts

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 09:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

# Movements written before this revision get their "after" columns from a running sum of
# their deltas per product and location (the ledger adds up to the levels).
BACKFILL = """
UPDATE stock_movement SET on_hand_after = r.oh, reserved_after = r.rs, allocated_after = r.al
FROM (SELECT id, SUM(on_hand_delta) OVER w AS oh, SUM(reserved_delta) OVER w AS rs,
             SUM(allocated_delta) OVER w AS al
      FROM stock_movement WINDOW w AS (PARTITION BY product_id, location_id ORDER BY id)) AS r
WHERE stock_movement.id = r.id
"""


def upgrade():
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.add_column(sa.Column('supplier_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_location_supplier_id'), ['supplier_id'],
                              unique=False)
    with op.batch_alter_table('stock_level', schema=None) as batch_op:
        batch_op.create_index('ix_stock_level_location_product', ['location_id', 'product_id'],
                              unique=False)

    op.add_column('stock_movement', sa.Column('on_hand_after', sa.Integer(), nullable=True))
    op.add_column('stock_movement', sa.Column('reserved_after', sa.Integer(), nullable=True))
    op.add_column('stock_movement', sa.Column('allocated_after', sa.Integer(), nullable=True))
    op.add_column('stock_movement', sa.Column('purchase_order_id', sa.Integer(), nullable=True))
    op.add_column('stock_movement', sa.Column('request_key', sa.String(length=64),
                                              nullable=True))
    op.execute(BACKFILL)
    op.create_index('ix_stock_movement_created_at', 'stock_movement', ['created_at'],
                    unique=False)
    op.create_index('ix_stock_movement_reason_id', 'stock_movement', ['reason', 'id'],
                    unique=False)
    op.create_index('ix_stock_movement_location', 'stock_movement', ['location_id', 'id'],
                    unique=False)
    op.create_index('ix_stock_movement_request_key', 'stock_movement', ['request_key'],
                    unique=True)
    op.create_index(op.f('ix_stock_movement_purchase_order_id'), 'stock_movement',
                    ['purchase_order_id'], unique=False)

    op.create_table(
        'stock_threshold',
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('threshold', sa.Integer(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('threshold >= 0', name=op.f('ck_stock_threshold_threshold_not_negative')),
        sa.ForeignKeyConstraint(['product_id'], ['product.id'], ondelete='CASCADE',
                                name=op.f('fk_stock_threshold_product_id_product')),
        sa.PrimaryKeyConstraint('product_id', name=op.f('pk_stock_threshold')),
    )

    op.create_table(
        'purchase_order',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=20), nullable=False),
        sa.Column('supplier_id', sa.Integer(), nullable=True),
        sa.Column('supplier_name', sa.String(length=120), nullable=False),
        sa.Column('location_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('ordered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('request_key', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['location_id'], ['location.id'],
                                name=op.f('fk_purchase_order_location_id_location')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_order')),
        sa.UniqueConstraint('number', name=op.f('uq_purchase_order_number')),
        sa.UniqueConstraint('request_key', name=op.f('uq_purchase_order_request_key')),
    )
    op.create_index('ix_purchase_order_status_id', 'purchase_order', ['status', 'id'],
                    unique=False)
    op.create_index(op.f('ix_purchase_order_supplier_id'), 'purchase_order', ['supplier_id'],
                    unique=False)

    op.create_table(
        'purchase_order_line',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('purchase_order_id', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('quantity_ordered', sa.Integer(), nullable=False),
        sa.Column('quantity_received', sa.Integer(), nullable=False),
        sa.Column('expected_on', sa.Date(), nullable=True),
        sa.CheckConstraint('quantity_ordered > 0',
                           name=op.f('ck_purchase_order_line_ordered_positive')),
        sa.CheckConstraint('quantity_received >= 0',
                           name=op.f('ck_purchase_order_line_received_not_negative')),
        sa.CheckConstraint('quantity_received <= quantity_ordered',
                           name=op.f('ck_purchase_order_line_received_within_ordered')),
        sa.ForeignKeyConstraint(['product_id'], ['product.id'], ondelete='CASCADE',
                                name=op.f('fk_purchase_order_line_product_id_product')),
        sa.ForeignKeyConstraint(['purchase_order_id'], ['purchase_order.id'],
                                ondelete='CASCADE',
                                name=op.f('fk_purchase_order_line_purchase_order_id_purchase_order')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_order_line')),
        sa.UniqueConstraint('purchase_order_id', 'product_id',
                            name=op.f('uq_purchase_order_line_purchase_order_id_product_id')),
    )
    op.create_index('ix_purchase_order_line_product_expected', 'purchase_order_line',
                    ['product_id', 'expected_on'], unique=False)

    op.create_table(
        'purchase_order_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('purchase_order_id', sa.Integer(), nullable=False),
        sa.Column('from_status', sa.String(length=20), nullable=False),
        sa.Column('to_status', sa.String(length=20), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['purchase_order_id'], ['purchase_order.id'],
                                ondelete='CASCADE',
                                name=op.f('fk_purchase_order_event_purchase_order_id_purchase_order')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_order_event')),
    )
    op.create_index(op.f('ix_purchase_order_event_purchase_order_id'), 'purchase_order_event',
                    ['purchase_order_id'], unique=False)

    op.create_table(
        'purchase_receipt',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('purchase_order_id', sa.Integer(), nullable=False),
        sa.Column('request_key', sa.String(length=64), nullable=False),
        sa.Column('units', sa.Integer(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['purchase_order_id'], ['purchase_order.id'],
                                ondelete='CASCADE',
                                name=op.f('fk_purchase_receipt_purchase_order_id_purchase_order')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_receipt')),
        sa.UniqueConstraint('request_key', name=op.f('uq_purchase_receipt_request_key')),
    )
    op.create_index(op.f('ix_purchase_receipt_purchase_order_id'), 'purchase_receipt',
                    ['purchase_order_id'], unique=False)

    op.create_table(
        'stock_count',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('location_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('note', sa.String(length=200), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('posted_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['location_id'], ['location.id'],
                                name=op.f('fk_stock_count_location_id_location')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_count')),
    )
    op.create_index(op.f('ix_stock_count_location_id'), 'stock_count', ['location_id'],
                    unique=False)

    op.create_table(
        'stock_count_line',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('stock_count_id', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('counted', sa.Integer(), nullable=False),
        sa.Column('posted_delta', sa.Integer(), nullable=True),
        sa.Column('counted_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('counted >= 0', name=op.f('ck_stock_count_line_counted_not_negative')),
        sa.ForeignKeyConstraint(['product_id'], ['product.id'], ondelete='CASCADE',
                                name=op.f('fk_stock_count_line_product_id_product')),
        sa.ForeignKeyConstraint(['stock_count_id'], ['stock_count.id'], ondelete='CASCADE',
                                name=op.f('fk_stock_count_line_stock_count_id_stock_count')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_count_line')),
        sa.UniqueConstraint('stock_count_id', 'product_id',
                            name=op.f('uq_stock_count_line_stock_count_id_product_id')),
    )
    op.create_index(op.f('ix_stock_count_line_product_id'), 'stock_count_line',
                    ['product_id'], unique=False)

    op.create_table(
        'stock_count_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('stock_count_id', sa.Integer(), nullable=False),
        sa.Column('from_status', sa.String(length=12), nullable=False),
        sa.Column('to_status', sa.String(length=12), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['stock_count_id'], ['stock_count.id'], ondelete='CASCADE',
                                name=op.f('fk_stock_count_event_stock_count_id_stock_count')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_count_event')),
    )
    op.create_index(op.f('ix_stock_count_event_stock_count_id'), 'stock_count_event',
                    ['stock_count_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_stock_count_event_stock_count_id'), table_name='stock_count_event')
    op.drop_table('stock_count_event')
    op.drop_index(op.f('ix_stock_count_line_product_id'), table_name='stock_count_line')
    op.drop_table('stock_count_line')
    op.drop_index(op.f('ix_stock_count_location_id'), table_name='stock_count')
    op.drop_table('stock_count')
    op.drop_index(op.f('ix_purchase_receipt_purchase_order_id'), table_name='purchase_receipt')
    op.drop_table('purchase_receipt')
    op.drop_index(op.f('ix_purchase_order_event_purchase_order_id'),
                  table_name='purchase_order_event')
    op.drop_table('purchase_order_event')
    op.drop_index('ix_purchase_order_line_product_expected', table_name='purchase_order_line')
    op.drop_table('purchase_order_line')
    op.drop_index(op.f('ix_purchase_order_supplier_id'), table_name='purchase_order')
    op.drop_index('ix_purchase_order_status_id', table_name='purchase_order')
    op.drop_table('purchase_order')
    op.drop_table('stock_threshold')

    op.drop_index(op.f('ix_stock_movement_purchase_order_id'), table_name='stock_movement')
    op.drop_index('ix_stock_movement_request_key', table_name='stock_movement')
    op.drop_index('ix_stock_movement_location', table_name='stock_movement')
    op.drop_index('ix_stock_movement_reason_id', table_name='stock_movement')
    op.drop_index('ix_stock_movement_created_at', table_name='stock_movement')
    with op.batch_alter_table('stock_movement', schema=None) as batch_op:
        batch_op.drop_column('request_key')
        batch_op.drop_column('purchase_order_id')
        batch_op.drop_column('allocated_after')
        batch_op.drop_column('reserved_after')
        batch_op.drop_column('on_hand_after')
    with op.batch_alter_table('stock_level', schema=None) as batch_op:
        batch_op.drop_index('ix_stock_level_location_product')
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_location_supplier_id'))
        batch_op.drop_column('supplier_id')
