"""one 定期注册 application per certificate and year

An application carries its cycle's year, and the database refuses a second application of one
certificate in one year, in whichever county's cycle (the service checked it before; two
submissions at once could both pass that check).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 05:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('registration_application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('year', sa.Integer(), nullable=True))
    op.execute(
        "UPDATE registration_application SET year = (SELECT c.year FROM registration_cycle c "
        "WHERE c.id = registration_application.cycle_id)"
    )
    with op.batch_alter_table('registration_application', schema=None) as batch_op:
        batch_op.alter_column('year', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(
            'uq_registration_application_certificate_id_year', ['certificate_id', 'year'])


def downgrade() -> None:
    with op.batch_alter_table('registration_application', schema=None) as batch_op:
        batch_op.drop_constraint('uq_registration_application_certificate_id_year',
                                 type_='unique')
        batch_op.drop_column('year')
