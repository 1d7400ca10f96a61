"""one-time codes used once

A staff second-factor code is accepted once: the user row keeps the 30-second step of the last
code accepted, and a code of that step or an earlier one is refused (a code seen over a
shoulder or in a proxy log cannot be replayed within its window).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 01:23:22.948494
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')

