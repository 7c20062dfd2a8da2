"""back office: the low-stock mail once a day, purchase-order costs

Who got the daily low-stock mail on which day; a currency on purchase orders and an
optional unit cost on their lines.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-20 09:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('low_stock_mail_sent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_low_stock_mail_sent')),
    sa.UniqueConstraint('day', 'address', name=op.f('uq_low_stock_mail_sent_day_address'))
    )
    with op.batch_alter_table('purchase_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('currency', sa.String(length=3), server_default='USD',
                                      nullable=False))
    with op.batch_alter_table('purchase_order_line', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_cost_cents', sa.Integer(), nullable=True))
        batch_op.create_check_constraint('unit_cost_not_negative', 'unit_cost_cents >= 0')


def downgrade():
    with op.batch_alter_table('purchase_order_line', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_purchase_order_line_unit_cost_not_negative'),
                                 type_='check')
        batch_op.drop_column('unit_cost_cents')
    with op.batch_alter_table('purchase_order', schema=None) as batch_op:
        batch_op.drop_column('currency')
    op.drop_table('low_stock_mail_sent')
