"""audit log: every back-office change, append only (the database refuses an UPDATE)

Revision ID: 0016
Revises: 0012
Create Date: 2026-12-05 09:00:00
"""
import sqlalchemy as sa
from alembic import op



revision = '0016'
down_revision = '0012'
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
        batch_op.create_index('ix_audit_entry_created', ['created_at', 'id'], unique=False)
        batch_op.create_index('ix_audit_entry_target', ['target_type', 'target_id', 'id'],
                              unique=False)
    dialect = op.get_bind().dialect.name
    for statement in {"postgresql": POSTGRES_GUARD, "sqlite": SQLITE_GUARD}.get(dialect, ()):
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_DROP:
            op.execute(statement)
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entry_target')
        batch_op.drop_index('ix_audit_entry_created')
        batch_op.drop_index('ix_audit_entry_actor')
        batch_op.drop_index('ix_audit_entry_action')
    op.drop_table('audit_entry')
