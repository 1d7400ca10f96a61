"""public form v2: re-mask stored ID numbers (first 1 + last 1); retire format-v1 credentials

Issue 11 item 9: the v1 credential carried the birth date beside a 3 + 4 masked ID number, which
left the full number to a handful of guesses. From credential format v2 the public form shows at
most the first and the last character (docs/MASKING.md) and no birth date (docs/FORMAT.md).

- ``holder.id_masked`` is re-masked from the stored masked form itself: every position the new
  rule shows was shown by the old one, so no key and no full number is needed.
- Every credential issued so far is format v1, which verifiers now refuse; they are marked
  superseded so that ``ecert issue --all`` signs a v2 credential for every certificate (and the
  status list names the v1 copies as old ones).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

_HOLDER = sa.table('holder', sa.column('id', sa.Integer), sa.column('id_masked', sa.String))
_CREDENTIAL = sa.table('credential', sa.column('superseded', sa.Boolean))


def _mask_v2(masked: str) -> str:
    """docs/MASKING.md as of this revision (frozen here: a migration must not change later)."""
    if len(masked) < 6:
        return '*' * len(masked)
    if len(masked) == 15:
        return masked[0] + '*' * 14
    return masked[0] + '*' * (len(masked) - 2) + masked[-1]


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(_HOLDER.c.id, _HOLDER.c.id_masked)).all()
    for holder_id, masked in rows:
        new = _mask_v2(masked)
        if new != masked:
            bind.execute(_HOLDER.update().where(_HOLDER.c.id == holder_id)
                         .values(id_masked=new))
    bind.execute(_CREDENTIAL.update().where(_CREDENTIAL.c.superseded == sa.false())
                 .values(superseded=True))


def downgrade() -> None:
    # The characters the v1 mask showed beyond the first and the last are gone by design, and
    # the superseded v1 credentials stay superseded: downgrading changes no data.
    pass
