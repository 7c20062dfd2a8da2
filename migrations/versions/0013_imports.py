"""imports: uploaded spreadsheets of products, prices and stock, and their previews

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 09:15:11.489111

``product_import`` is one uploaded file (stored under UPLOAD_DIR/imports/ with a random name),
its scope (all products, or one supplier's listings), status and the preview's counts;
``product_import_row`` one line of the file as the preview saw it (changes, errors, and what
applying writes and must find unchanged); ``product_import_event`` its status changes.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('product_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('stored_path', sa.String(length=120), nullable=False),
    sa.Column('file_format', sa.String(length=8), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('changed', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('file_error', sa.Text(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('preview_job_id', sa.Integer(), nullable=True),
    sa.Column('apply_job_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('previewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['apply_job_id'], ['job.id'], name=op.f('fk_product_import_apply_job_id_job'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_product_import_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['preview_job_id'], ['job.id'], name=op.f('fk_product_import_preview_job_id_job'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_import'))
    )
    with op.batch_alter_table('product_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_import_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_product_import_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_product_import_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('product_import_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=12), nullable=False),
    sa.Column('to_status', sa.String(length=12), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['product_import.id'], name=op.f('fk_product_import_event_import_id_product_import'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_import_event'))
    )
    with op.batch_alter_table('product_import_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_import_event_import_id'), ['import_id'], unique=False)

    op.create_table('product_import_row',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('changes', sa.JSON(), nullable=True),
    sa.Column('errors', sa.JSON(), nullable=True),
    sa.Column('plan', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['import_id'], ['product_import.id'], name=op.f('fk_product_import_row_import_id_product_import'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_import_row'))
    )
    with op.batch_alter_table('product_import_row', schema=None) as batch_op:
        batch_op.create_index('ix_product_import_row_kind', ['import_id', 'kind', 'row_number'], unique=False)
        batch_op.create_index('ix_product_import_row_number', ['import_id', 'row_number'], unique=False)



def downgrade():
    with op.batch_alter_table('product_import_row', schema=None) as batch_op:
        batch_op.drop_index('ix_product_import_row_number')
        batch_op.drop_index('ix_product_import_row_kind')

    op.drop_table('product_import_row')
    with op.batch_alter_table('product_import_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_import_event_import_id'))

    op.drop_table('product_import_event')
    with op.batch_alter_table('product_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_import_supplier_id'))
        batch_op.drop_index(batch_op.f('ix_product_import_status'))
        batch_op.drop_index(batch_op.f('ix_product_import_created_by_id'))

    op.drop_table('product_import')
