"""audit log (append only: the database refuses an UPDATE); order refunds by line, units
back in stock apart from units refunded, and the indexes of the back office's order list

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 09:00:00
"""
import sqlalchemy as sa
from alembic import op



revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# The database refuses to change a stored audit row (as shop/audit/models.py sets up for
# create_all).
POSTGRES_GUARD = (
    "CREATE OR REPLACE FUNCTION audit_entry_refuse_update() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit_entry rows cannot be changed'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_update()",
)
POSTGRES_DROP = ("DROP TRIGGER IF EXISTS audit_entry_no_update ON audit_entry",
                 "DROP FUNCTION IF EXISTS audit_entry_refuse_update()")
SQLITE_GUARD = (
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'audit_entry rows cannot be changed'); END",
)


def upgrade():
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_email', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=120), nullable=False),
    sa.Column('operation', sa.String(length=12), nullable=False),
    sa.Column('target_type', sa.String(length=60), nullable=False),
    sa.Column('target_id', sa.String(length=64), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('request_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index('ix_audit_entry_action', ['action', 'id'], unique=False)
        batch_op.create_index('ix_audit_entry_actor', ['actor_id', 'id'], unique=False)
        batch_op.create_index('ix_audit_entry_actor_email', ['actor_email', 'id'], unique=False)
        batch_op.create_index('ix_audit_entry_created', ['created_at', 'id'], unique=False)
        batch_op.create_index('ix_audit_entry_target', ['target_type', 'target_id', 'id'],
                              unique=False)
    dialect = op.get_bind().dialect.name
    for statement in {"postgresql": POSTGRES_GUARD, "sqlite": SQLITE_GUARD}.get(dialect, ()):
        op.execute(statement)

    op.create_table('order_refund',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('lines', sa.JSON(), nullable=False),
    sa.Column('shipping_cents', sa.Integer(), nullable=False),
    sa.Column('payment_refund_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount_cents > 0', name=op.f('ck_order_refund_amount_positive')),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_order_refund_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['order_id'], ['shop_order.id'], name=op.f('fk_order_refund_order_id_shop_order'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_refund')),
    sa.UniqueConstraint('key', name=op.f('uq_order_refund_key'))
    )
    with op.batch_alter_table('order_refund', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_refund_order_id'), ['order_id'], unique=False)

    # Until now a line's refunded units were the units put back in stock: they stay that.
    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.add_column(sa.Column('restocked_quantity', sa.Integer(), nullable=False,
                                      server_default='0'))
    op.execute("UPDATE order_line SET restocked_quantity = refunded_quantity")

    with op.batch_alter_table('shop_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ship_country', sa.String(length=2), nullable=False,
                                      server_default=''))
    op.execute("UPDATE shop_order SET ship_country = COALESCE((SELECT a.country_code "
               "FROM order_address a WHERE a.order_id = shop_order.id AND a.kind = 'shipping' "
               "ORDER BY a.id LIMIT 1), '')")
    if dialect != 'sqlite':  # SQLite would copy the whole table to drop a default
        op.alter_column('order_line', 'restocked_quantity', server_default=None)
        op.alter_column('shop_order', 'ship_country', server_default=None)
    with op.batch_alter_table('shop_order', schema=None) as batch_op:
        batch_op.create_index('ix_shop_order_placed', ['placed_at', 'id'], unique=False)
        batch_op.create_index('ix_shop_order_method_placed', ['payment_method', 'placed_at'],
                              unique=False)
        batch_op.create_index('ix_shop_order_country_placed', ['ship_country', 'placed_at'],
                              unique=False)
        batch_op.create_index('ix_shop_order_controlled_placed', ['controlled', 'placed_at'],
                              unique=False)
        batch_op.create_index('ix_shop_order_email_lower', [sa.text('lower(email)')],
                              unique=False)
        batch_op.create_index('ix_shop_order_company_lower', [sa.text('lower(company)')],
                              unique=False)
        batch_op.create_index('ix_shop_order_po_lower', [sa.text('lower(po_number)')],
                              unique=False)


def downgrade():
    with op.batch_alter_table('shop_order', schema=None) as batch_op:
        for name in ('ix_shop_order_po_lower', 'ix_shop_order_company_lower',
                     'ix_shop_order_email_lower', 'ix_shop_order_controlled_placed',
                     'ix_shop_order_country_placed', 'ix_shop_order_method_placed',
                     'ix_shop_order_placed'):
            batch_op.drop_index(name)
    with op.batch_alter_table('shop_order', schema=None) as batch_op:
        batch_op.drop_column('ship_country')
    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.drop_column('restocked_quantity')
    with op.batch_alter_table('order_refund', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_refund_order_id'))
    op.drop_table('order_refund')

    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_DROP:
            op.execute(statement)
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entry_target')
        batch_op.drop_index('ix_audit_entry_created')
        batch_op.drop_index('ix_audit_entry_actor_email')
        batch_op.drop_index('ix_audit_entry_actor')
        batch_op.drop_index('ix_audit_entry_action')
    op.drop_table('audit_entry')
