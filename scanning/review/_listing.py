"""The review list: records in the user's region, those needing attention first, and which of
them are unflagged (what bulk approval may approve)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case
from sqlmodel import Session, col

from core.models import Authority, Certificate, Holder, User
from core.scanned import finding_from_json, needs_review
from core.states import ReviewState
from core.views import certificate_rows

from ._service import scan_data

__all__ = ["ReviewItem", "is_unflagged", "list_for_review"]

_STATE_ORDER = case(
    (col(Certificate.review_state) == ReviewState.NEEDS_REVIEW, 0),
    (col(Certificate.review_state) == ReviewState.PENDING, 1),
    else_=2,
)


@dataclass(frozen=True)
class ReviewItem:
    """One row of the review list."""

    number: str
    review_state: ReviewState
    source: str
    school: str
    batch: str
    name: str
    lowest_confidence: float | None
    #: findings that ask for review (notes are only recorded)
    findings: int
    #: pending, and the scan holds no finding that blocks and no doubtful field: what bulk
    #: approval may approve (core.scanned.needs_review, the scanner's own rule)
    unflagged: bool = False


def list_for_review(
    session: Session,
    user: User,
    *,
    school: str | None = None,
    batch: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[ReviewItem]:
    """Records in the user's region: needs_review first, then pending, then the rest."""
    stmt = certificate_rows().where(col(Authority.division_code).startswith(user.region))
    if school:
        stmt = stmt.where(Certificate.school == school)
    if batch:
        stmt = stmt.where(Certificate.scan_batch == batch)
    stmt = stmt.order_by(_STATE_ORDER, col(Certificate.id)).offset(offset).limit(limit)
    return [_item(cert, holder) for cert, holder, _ in session.exec(stmt).all()]


def is_unflagged(cert: Certificate) -> bool:
    """Pending, nothing missing, and by the scanner's own rule nothing to review."""
    data = scan_data(cert)
    findings = [finding_from_json(f) for f in data.get("findings") or []]
    confidence = {str(k): float(v) for k, v in (data.get("confidence") or {}).items()}
    return (cert.review_state == ReviewState.PENDING and not data.get("missing")
            and not needs_review(findings, confidence))


def _item(cert: Certificate, holder: Holder) -> ReviewItem:
    data = scan_data(cert)
    confidence = [float(v) for v in (data.get("confidence") or {}).values()]
    return ReviewItem(
        number=cert.number,
        review_state=cert.review_state,
        source=cert.source_file or "",
        school=cert.school or "",
        batch=cert.scan_batch or "",
        name=holder.name,
        lowest_confidence=min(confidence, default=cert.ocr_confidence),
        findings=sum(finding_from_json(f).blocking for f in data.get("findings") or []),
        unflagged=is_unflagged(cert),
    )
