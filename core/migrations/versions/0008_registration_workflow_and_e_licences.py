"""registration workflow and government e-licences

定期注册 as a workflow: cycles per region and year with their stage windows, one application
per certificate and cycle (school review, county decision, public notice, city re-check,
provincial filing) and objections raised during the notice; school-review users are tied to a
school. Government e-licences: authorities' 统一社会信用代码, each credential version's GB/T 36904
identifier and OFD file, and the sharing interface's platform clients and seen nonces.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 02:01:24.705202
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('registration_cycle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('apply_from', sa.Date(), nullable=False),
    sa.Column('apply_until', sa.Date(), nullable=False),
    sa.Column('school_from', sa.Date(), nullable=False),
    sa.Column('school_until', sa.Date(), nullable=False),
    sa.Column('county_from', sa.Date(), nullable=False),
    sa.Column('county_until', sa.Date(), nullable=False),
    sa.Column('city_from', sa.Date(), nullable=False),
    sa.Column('city_until', sa.Date(), nullable=False),
    sa.Column('notice_days', sa.Integer(), nullable=False),
    sa.Column('points', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('filed_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('filed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('region', 'year')
    )
    with op.batch_alter_table('registration_cycle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_cycle_region'), ['region'], unique=False)

    op.create_table('share_client',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('access_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('region', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('secret_version', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('share_client', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_client_access_id'), ['access_id'], unique=True)

    op.create_table('share_nonce',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('access_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('nonce', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('seen_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('access_id', 'nonce')
    )
    with op.batch_alter_table('share_nonce', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_nonce_seen_at'), ['seen_at'], unique=False)

    op.create_table('registration_application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('school', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('school_type', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('post', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('training_hours', sa.Integer(), nullable=True),
    sa.Column('assessments', sa.Text(), nullable=False),
    sa.Column('school_note', sa.Text(), nullable=False),
    sa.Column('school_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('school_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('conclusion', sa.String(length=8), nullable=True),
    sa.Column('reason', sa.String(length=16), nullable=True),
    sa.Column('reason_text', sa.Text(), nullable=False),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('notice_from', sa.Date(), nullable=True),
    sa.Column('city_note', sa.Text(), nullable=False),
    sa.Column('city_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('city_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('filed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'], ),
    sa.ForeignKeyConstraint(['cycle_id'], ['registration_cycle.id'], ),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('cycle_id', 'certificate_id')
    )
    with op.batch_alter_table('registration_application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_application_certificate_id'), ['certificate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_application_cycle_id'), ['cycle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_application_school'), ['school'], unique=False)

    op.create_table('registration_objection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('contact_cipher', sa.LargeBinary(), nullable=True),
    sa.Column('via', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('resolved_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('resolved_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['registration_application.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('registration_objection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_objection_application_id'), ['application_id'], unique=False)

    with op.batch_alter_table('authority', schema=None) as batch_op:
        batch_op.add_column(sa.Column('uscc', sqlmodel.sql.sqltypes.AutoString(length=18), nullable=True))

    with op.batch_alter_table('credential', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ofd_path', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True))
        batch_op.add_column(sa.Column('ofd_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('licence_id', sqlmodel.sql.sqltypes.AutoString(length=96), nullable=True))
        batch_op.create_index(batch_op.f('ix_credential_licence_id'), ['licence_id'], unique=True)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('school', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('school')

    with op.batch_alter_table('credential', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credential_licence_id'))
        batch_op.drop_column('licence_id')
        batch_op.drop_column('ofd_sha256')
        batch_op.drop_column('ofd_path')

    with op.batch_alter_table('authority', schema=None) as batch_op:
        batch_op.drop_column('uscc')

    with op.batch_alter_table('registration_objection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_objection_application_id'))

    op.drop_table('registration_objection')
    with op.batch_alter_table('registration_application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_application_school'))
        batch_op.drop_index(batch_op.f('ix_registration_application_cycle_id'))
        batch_op.drop_index(batch_op.f('ix_registration_application_certificate_id'))

    op.drop_table('registration_application')
    with op.batch_alter_table('share_nonce', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_nonce_seen_at'))

    op.drop_table('share_nonce')
    with op.batch_alter_table('share_client', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_client_access_id'))

    op.drop_table('share_client')
    with op.batch_alter_table('registration_cycle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_cycle_region'))

    op.drop_table('registration_cycle')
