"""back office: who got the daily low-stock mail on which day (mailed once a day)

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-20 09:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0019'
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


def downgrade():
    op.drop_table('low_stock_mail_sent')
