"""Bulk approval: the unflagged records of a batch, approved one by one, each audited."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from core.errors import Conflict, InvalidInput, NotFound
from core.identity import IdVault
from core.models import User

from ._listing import is_unflagged
from ._service import approve_record, load_record

__all__ = ["BULK_LIMIT", "BulkApproval", "approve_unflagged"]


#: most records one bulk approval takes (one form, one transaction)
BULK_LIMIT = 500


@dataclass(frozen=True)
class BulkApproval:
    """What a bulk approval did: the records approved, and those left with the reason."""

    approved: list[str]
    refused: list[tuple[str, str]]


def approve_unflagged(
    session: Session, user: User, *, batch: str, numbers: list[str], vault: IdVault
) -> BulkApproval:
    """Approve the unflagged records ``numbers`` of ``batch`` (those the clerk saw listed),
    each checked like a single approval: region, every rule; one audit event each. The route
    has asked core.policy whether the user may approve.

    A record that was flagged, changed batch or fails a rule meanwhile is left, with why.
    """
    if len(numbers) > BULK_LIMIT:
        raise InvalidInput(f"一次最多批量审核 {BULK_LIMIT} 条 (at most {BULK_LIMIT} at once)",
                           field="numbers", rule="bulk_limit")
    approved: list[str] = []
    refused: list[tuple[str, str]] = []
    for number in dict.fromkeys(numbers):
        try:
            rec = load_record(session, user, number)
            if rec.cert.scan_batch != batch or not is_unflagged(rec.cert):
                refused.append((number, "已不是该批次中未标记的待确认记录 (no longer unflagged)"))
                continue
            approve_record(session, user, number, row_version=rec.cert.row_version, vault=vault)
        except (Conflict, NotFound) as exc:
            refused.append((number, exc.message))
        else:
            approved.append(number)
    return BulkApproval(approved, refused)
