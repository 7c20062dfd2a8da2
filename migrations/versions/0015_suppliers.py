"""supplier programme: applications with their families, brands, documents and events,
supplier organisations and their invitations; product.supplier_id and user_account.supplier_id
become foreign keys to supplier_organisation

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 09:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

OPEN = "status IN ('submitted', 'in_review', 'more_info', 'approved', 'suspended')"


def _with_foreign_keys_off(work, tables):
    """Run ``work`` (which rebuilds tables on SQLite) with foreign-key enforcement off.

    SQLite adds a foreign key by copying the table and dropping the old one; with
    enforcement on, that drop first deletes every row and fires the ON DELETE actions of the
    tables pointing at it (addresses, sessions, order lines …). The PRAGMA only works between
    transactions, so the work so far is committed first and again after the rebuild, when
    the references of the rebuilt ``tables`` are checked and enforcement comes back on."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        work()
        return
    raw = bind.connection.dbapi_connection
    raw.commit()
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        work()
        broken = [row for table in tables
                  for row in raw.execute(f"PRAGMA foreign_key_check({table})").fetchall()]
        if broken:
            raise RuntimeError(f"rows that point nowhere after the rebuild: {broken[:5]}")
        raw.commit()
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _organisations_for_existing_supplier_ids():
    """Until now supplier_id was a bare number: each one in use gets an organisation of that
    id (renamed by staff later), so no product or account loses its supplier."""
    bind = op.get_bind()
    ids = sorted({row[0] for table in ("product", "user_account") for row in bind.execute(
        sa.text(f"SELECT DISTINCT supplier_id FROM {table} WHERE supplier_id IS NOT NULL"))})
    if not ids:
        return
    organisation = sa.table('supplier_organisation', sa.column('id'), sa.column('name'),
                            sa.column('trading_name'), sa.column('country_code'),
                            sa.column('tax_id'), sa.column('website'), sa.column('email'),
                            sa.column('phone'), sa.column('created_at'),
                            sa.column('updated_at'))
    now = sa.func.current_timestamp()
    for supplier_id in ids:
        bind.execute(organisation.insert().values(
            id=supplier_id, name=f"Supplier organisation {supplier_id}", trading_name="",
            country_code="", tax_id="", website="", email="", phone="", created_at=now,
            updated_at=now))
    if bind.dialect.name == "postgresql":
        bind.execute(sa.text("SELECT setval(pg_get_serial_sequence('supplier_organisation', "
                             "'id'), (SELECT max(id) FROM supplier_organisation))"))


def upgrade():
    op.create_table('supplier_organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('trading_name', sa.String(length=200), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('tax_id', sa.String(length=40), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('suspended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_organisation'))
    )
    op.create_table('supplier_application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('legal_name', sa.String(length=200), nullable=False),
    sa.Column('trading_name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('trading_key', sa.String(length=200), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('address_line1', sa.String(length=200), nullable=False),
    sa.Column('address_line2', sa.String(length=200), nullable=False),
    sa.Column('city', sa.String(length=120), nullable=False),
    sa.Column('region', sa.String(length=120), nullable=False),
    sa.Column('postal_code', sa.String(length=20), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('tax_id', sa.String(length=40), nullable=False),
    sa.Column('tax_key', sa.String(length=50), nullable=False),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('email_domain', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('estimated_products', sa.Integer(), nullable=False),
    sa.Column('warehouse_countries', sa.String(length=400), nullable=False),
    sa.Column('certifications', sa.String(length=200), nullable=False),
    sa.Column('other_certifications', sa.String(length=300), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('terms_version', sa.String(length=20), nullable=False),
    sa.Column('terms_accepted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('screening', sa.String(length=200), nullable=False),
    sa.Column('applicant_user_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['applicant_user_id'], ['user_account.id'], name=op.f('fk_supplier_application_applicant_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['supplier_organisation.id'], name=op.f('fk_supplier_application_organisation_id_supplier_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_application')),
    sa.UniqueConstraint('organisation_id', name=op.f('uq_supplier_application_organisation_id')),
    sa.UniqueConstraint('reference', name=op.f('uq_supplier_application_reference'))
    )
    with op.batch_alter_table('supplier_application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supplier_application_applicant_user_id'), ['applicant_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supplier_application_country_code'), ['country_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_supplier_application_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_supplier_application_email_domain'), ['email_domain'], unique=False)
        batch_op.create_index('ix_supplier_application_status_changed', ['status', 'status_changed_at'], unique=False)
        batch_op.create_index('uq_supplier_application_open_name', ['name_key'], unique=True, sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
        batch_op.create_index('uq_supplier_application_open_tax', ['tax_key'], unique=True, sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))

    op.create_table('supplier_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('accepted_user_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['accepted_user_id'], ['user_account.id'], name=op.f('fk_supplier_invitation_accepted_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user_account.id'], name=op.f('fk_supplier_invitation_invited_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['supplier_organisation.id'], name=op.f('fk_supplier_invitation_organisation_id_supplier_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_invitation'))
    )
    with op.batch_alter_table('supplier_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supplier_invitation_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_supplier_invitation_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('supplier_application_brand',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('authorised', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['supplier_application.id'], name=op.f('fk_supplier_application_brand_application_id_supplier_application'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_application_brand'))
    )
    with op.batch_alter_table('supplier_application_brand', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supplier_application_brand_application_id'), ['application_id'], unique=False)

    op.create_table('supplier_application_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('actor_kind', sa.String(length=10), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=2000), nullable=False),
    sa.Column('mail_subject', sa.String(length=255), nullable=False),
    sa.Column('mail_body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_supplier_application_event_actor_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['application_id'], ['supplier_application.id'], name=op.f('fk_supplier_application_event_application_id_supplier_application'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_application_event'))
    )
    with op.batch_alter_table('supplier_application_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supplier_application_event_application_id'), ['application_id'], unique=False)

    op.create_table('supplier_application_family',
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('family', sa.String(length=30), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['supplier_application.id'], name=op.f('fk_supplier_application_family_application_id_supplier_application'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('application_id', 'family', name=op.f('pk_supplier_application_family'))
    )
    with op.batch_alter_table('supplier_application_family', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supplier_application_family_family'), ['family'], unique=False)

    op.create_table('supplier_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('path', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=True),
    sa.Column('uploaded_by', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['supplier_application.id'], name=op.f('fk_supplier_document_application_id_supplier_application'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_document')),
    sa.UniqueConstraint('path', name=op.f('uq_supplier_document_path'))
    )
    with op.batch_alter_table('supplier_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supplier_document_application_id'), ['application_id'], unique=False)

    _organisations_for_existing_supplier_ids()
    _with_foreign_keys_off(_add_supplier_foreign_keys, ("product", "user_account"))


def _add_supplier_foreign_keys():
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_product_supplier_id_supplier_organisation'), 'supplier_organisation', ['supplier_id'], ['id'])

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_user_account_supplier_id_supplier_organisation'), 'supplier_organisation', ['supplier_id'], ['id'])


def _drop_supplier_foreign_keys():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_user_account_supplier_id_supplier_organisation'), type_='foreignkey')

    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_product_supplier_id_supplier_organisation'), type_='foreignkey')


def downgrade():
    _with_foreign_keys_off(_drop_supplier_foreign_keys, ("product", "user_account"))

    with op.batch_alter_table('supplier_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supplier_document_application_id'))

    op.drop_table('supplier_document')
    with op.batch_alter_table('supplier_application_family', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supplier_application_family_family'))

    op.drop_table('supplier_application_family')
    with op.batch_alter_table('supplier_application_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supplier_application_event_application_id'))

    op.drop_table('supplier_application_event')
    with op.batch_alter_table('supplier_application_brand', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supplier_application_brand_application_id'))

    op.drop_table('supplier_application_brand')
    with op.batch_alter_table('supplier_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supplier_invitation_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_supplier_invitation_email'))

    op.drop_table('supplier_invitation')
    with op.batch_alter_table('supplier_application', schema=None) as batch_op:
        batch_op.drop_index('uq_supplier_application_open_tax', sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
        batch_op.drop_index('uq_supplier_application_open_name', sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
        batch_op.drop_index('ix_supplier_application_status_changed')
        batch_op.drop_index(batch_op.f('ix_supplier_application_email_domain'))
        batch_op.drop_index(batch_op.f('ix_supplier_application_email'))
        batch_op.drop_index(batch_op.f('ix_supplier_application_country_code'))
        batch_op.drop_index(batch_op.f('ix_supplier_application_applicant_user_id'))

    op.drop_table('supplier_application')
    op.drop_table('supplier_organisation')
