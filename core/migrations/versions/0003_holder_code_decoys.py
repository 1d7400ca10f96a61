"""holder code decoys: holder_code.certificate_id may be NULL; code_hash is indexed

A code request that matches no holder stores a decoy row without a certificate, found again by
its tag in code_hash, so that every request does the same database work and its timing tells
nothing (issue 11, item 10).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('holder_code', schema=None) as batch_op:
        batch_op.alter_column('certificate_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_holder_code_code_hash'), ['code_hash'],
                              unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM holder_code WHERE certificate_id IS NULL")
    with op.batch_alter_table('holder_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_holder_code_code_hash'))
        batch_op.alter_column('certificate_id', existing_type=sa.Integer(), nullable=False)
