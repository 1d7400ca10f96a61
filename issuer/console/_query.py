"""What the console reads: a page of the region's records under the filters a reviewer sets, and
one record whole (booklet fields, scans, credentials, registrations, remarks, status events and
the audit trail), each in a bounded number of queries.

Built on core.views' join of certificate, holder and authority; the region is a division-code
prefix (core.policy). Nothing here returns a full ID number: holders carry the masked form, and
audit values are scrubbed of anything shaped like one.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar, TypeVarTuple

from sqlalchemy import func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from core.errors import NotFound
from core.models import (
    Annotation,
    Authority,
    Certificate,
    Credential,
    Holder,
    Registration,
    StatusEvent,
)
from core.policy import region_allows
from core.rules import (
    RegistrationStatus,
    registration_state,
)
from core.states import (
    QualificationStatus,
    RegistrationConclusion,
    RegistrationState,
    ReviewState,
)
from core.views import certificate_rows
from issuer.console._read_audit import AuditLine, audit_trail, scrub_ids

__all__ = [
    "PER_PAGE",
    "SORTS",
    "RecordFilter",
    "RecordPage",
    "RecordRow",
    "RecordView",
    "credential_for_download",
    "load_record",
    "scan_pages",
    "recent_batches",
    "record_view",
    "search_records",
]

PER_PAGE = 50
#: the sort keys the list offers (query value → column); the default, the number, walks its
#: unique index (last change has no index: sorting a 25,000-record region by it costs a sort)
SORTS = {"number": Certificate.number, "issue_date": Certificate.issue_date,
         "updated": Certificate.updated_at}


# ---- the list ------------------------------------------------------------------------------

@dataclass(frozen=True)
class RecordFilter:
    """The list's filters, as the query string gives them (already parsed)."""

    number: str = ""
    name: str = ""
    school: str = ""
    batch: str = ""
    status: QualificationStatus | None = None
    review: ReviewState | None = None
    registration: RegistrationState | None = None
    issued_from: date | None = None
    issued_to: date | None = None
    sort: str = "number"
    desc: bool = True
    page: int = 1
    per_page: int = PER_PAGE


@dataclass(frozen=True)
class RecordRow:
    """One line of the list."""

    number: str
    name: str
    qualification_type: int
    subject: str
    school: str | None
    authority: str
    review_state: ReviewState
    status: QualificationStatus
    registration: RegistrationState
    issue_date: date
    updated_at: datetime


@dataclass(frozen=True)
class RecordPage:
    """One page of the list, the number of matches, and the count per review state under the
    same filters (the review state's own filter aside)."""

    rows: list[RecordRow]
    total: int
    page: int
    per_page: int
    counts: dict[ReviewState, int]

    @property
    def pages(self) -> int:
        """How many pages the matches fill (at least 1)."""
        return max(1, math.ceil(self.total / self.per_page))


def _like(text: str) -> str:
    """``text`` for LIKE with its wildcards taken literally (escape character ``\\``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _latest_registration(at: date) -> Any:
    """Correlated subquery: the id of the certificate's registration decision in force on
    ``at`` (core.rules.registration_state's order: decision date, then period start)."""
    return (
        select(Registration.id)
        .where(Registration.certificate_id == Certificate.id,
               col(Registration.decision_date) <= at)
        .order_by(col(Registration.decision_date).desc(),
                  col(Registration.valid_from).desc().nulls_last(), col(Registration.id).desc())
        .limit(1)
        .correlate(Certificate)
        .scalar_subquery()
    )


_Ts = TypeVarTuple("_Ts")


def _registration_filter(stmt: Select[*_Ts], state: RegistrationState,
                         at: date) -> Select[*_Ts]:
    """Certificates whose latest decision gives ``state`` on ``at``. A 注册合格 decided but not
    yet begun counts by its own period here (the page's badge shows the exact state)."""
    latest = aliased(Registration)
    stmt = stmt.outerjoin(latest, col(latest.id) == _latest_registration(at))
    if state is RegistrationState.NONE:
        return stmt.where(col(latest.id).is_(None))
    if state is RegistrationState.DEFERRED:
        return stmt.where(latest.conclusion == RegistrationConclusion.DEFERRED)
    if state is RegistrationState.FAILED:
        return stmt.where(latest.conclusion == RegistrationConclusion.FAILED)
    qualified = latest.conclusion == RegistrationConclusion.QUALIFIED
    if state is RegistrationState.REGISTERED:
        return stmt.where(qualified, or_(col(latest.valid_until).is_(None),
                                         col(latest.valid_until) >= at))
    return stmt.where(qualified, col(latest.valid_until) < at)  # LAPSED


def in_region(region: str) -> Any:
    """Certificates whose authority lies in ``region``: an IN over the (small) authority table,
    which lets the planner count by certificate indexes instead of joining first (2–10× on
    SQLite). A page keeps the join: ordered by number, it walks the number's index instead."""
    authorities = select(Authority.id).where(col(Authority.division_code).startswith(region))
    return col(Certificate.authority_id).in_(authorities)


def _filtered(stmt: Select[*_Ts], region: Any, f: RecordFilter, at: date) -> Select[*_Ts]:
    stmt = stmt.where(region)
    if f.number:
        stmt = stmt.where(col(Certificate.number).startswith(f.number))
    if f.name:
        stmt = stmt.where(col(Holder.name).like(f"%{_like(f.name)}%", escape="\\"))
    if f.school:
        stmt = stmt.where(col(Certificate.school).like(f"%{_like(f.school)}%", escape="\\"))
    if f.batch:
        stmt = stmt.where(Certificate.scan_batch == f.batch)
    if f.status is not None:
        stmt = stmt.where(Certificate.status == f.status)
    if f.issued_from is not None:
        stmt = stmt.where(col(Certificate.issue_date) >= f.issued_from)
    if f.issued_to is not None:
        stmt = stmt.where(col(Certificate.issue_date) <= f.issued_to)
    if f.registration is not None:
        stmt = _registration_filter(stmt, f.registration, at)
    return stmt


def _with_holder(stmt: Select[*_Ts], *, holder: bool) -> Select[*_Ts]:
    # only the name filter needs the holder
    return stmt.join(Holder, col(Holder.id) == Certificate.holder_id) if holder else stmt


def search_records(session: Session, *, region: str, filters: RecordFilter,
                   at: date) -> RecordPage:
    """A page of the region's certificates under ``filters``: three queries whatever the page
    size (the counts per review state, which give the total; the page; its registrations)."""
    counting = select(Certificate.review_state, func.count()).select_from(Certificate)
    base = _filtered(_with_holder(counting, holder=bool(filters.name)), in_region(region),
                     filters, at)
    counts = {ReviewState(str(state)): int(n)
              for state, n in session.exec(base.group_by(Certificate.review_state)).all()}
    total = (counts.get(filters.review, 0) if filters.review is not None
             else sum(counts.values()))
    # a page past the end (the list shrank since the link was made) shows the last one
    page = min(max(1, filters.page), max(1, math.ceil(total / filters.per_page)))
    stmt = _filtered(certificate_rows(), col(Authority.division_code).startswith(region),
                     filters, at)
    if filters.review is not None:
        stmt = stmt.where(Certificate.review_state == filters.review)
    key = SORTS.get(filters.sort, Certificate.number)
    order = col(key).desc() if filters.desc else col(key).asc()
    tie = col(Certificate.id).desc() if filters.desc else col(Certificate.id).asc()
    stmt = stmt.order_by(order, tie).offset((page - 1) * filters.per_page).limit(filters.per_page)
    found = session.exec(stmt).all()
    regs = _registrations_of(session, [c.id for c, _, _ in found if c.id is not None])
    rows = [RecordRow(
        number=c.number, name=h.name, qualification_type=c.qualification_type, subject=c.subject,
        school=c.school, authority=a.name, review_state=c.review_state, status=c.status,
        registration=registration_state(regs.get(c.id, []), at).state,
        issue_date=c.issue_date, updated_at=c.updated_at,
    ) for c, h, a in found]
    return RecordPage(rows=rows, total=total, page=page, per_page=filters.per_page, counts=counts)


def recent_batches(session: Session, *, region: str, limit: int = 200) -> list[str]:
    """The region's scan / import batch names, newest first (for the batch filter's choices)."""
    stmt = (select(Certificate.scan_batch, func.max(Certificate.id))
            .where(in_region(region), col(Certificate.scan_batch).is_not(None))
            .group_by(Certificate.scan_batch).order_by(func.max(Certificate.id).desc())
            .limit(limit))
    return [str(name) for name, _ in session.exec(stmt).all()]


def _registrations_of(session: Session, ids: list[int]) -> dict[int | None, list[Registration]]:
    out: dict[int | None, list[Registration]] = defaultdict(list)
    if ids:
        for reg in session.exec(select(Registration)
                                .where(col(Registration.certificate_id).in_(ids))):
            out[reg.certificate_id].append(reg)
    return out


# ---- one record ----------------------------------------------------------------------------

@dataclass(frozen=True)
class RecordView:
    """One record whole, for the record page and the actions panel.

    ``cert``, ``holder`` and ``authority`` are the registry rows (``holder.id_masked`` is the
    only ID form anywhere in it); the lists are oldest first except ``audit`` (newest first).
    """

    cert: Certificate
    holder: Holder
    authority: Authority
    registration: RegistrationStatus
    registrations: list[Registration]
    annotations: list[Annotation]
    events: list[StatusEvent]
    credentials: list[Credential]
    audit: list[AuditLine]
    page_count: int
    has_photo: bool
    findings: list[str]
    replaced_by: str | None
    replaces: list[str]

    @property
    def number(self) -> str:
        """The certificate number."""
        return self.cert.number

    @property
    def division_code(self) -> str:
        """The issuing authority's division code (what region and policy checks compare)."""
        return self.authority.division_code

    @property
    def current_credential(self) -> Credential | None:
        """The newest credential not superseded, if any."""
        live = [c for c in self.credentials if not c.superseded]
        return live[-1] if live else None


def load_record(session: Session, *, region: str,
                number: str) -> tuple[Certificate, Holder, Authority]:
    """The certificate ``number`` with its holder and authority, if it is in ``region``;
    NotFound otherwise (records of other regions cannot be told apart from absent ones)."""
    row = session.exec(certificate_rows().where(Certificate.number == number)).first()
    if row is None or not region_allows(region, row[2].division_code):
        raise NotFound(f"没有证书 {number} (no such certificate)", code="certificate_not_found")
    return row


def _scan_data(cert: Certificate) -> dict[str, Any]:
    try:
        data = json.loads(cert.scan_data or "{}")
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def scan_pages(cert: Certificate) -> list[str]:
    """The record's scanned page images (paths inside the artifacts folder), in page order."""
    pages = _scan_data(cert).get("pages") or []
    return [str(p) for p in pages] if isinstance(pages, list) else []


def _findings(cert: Certificate) -> list[str]:
    found = _scan_data(cert).get("findings") or []
    out = []
    for item in found if isinstance(found, list) else []:
        message = item.get("message") if isinstance(item, dict) else None
        if message:
            out.append(scrub_ids(str(message)))
    return out


_Child = TypeVar("_Child", Annotation, Registration, StatusEvent, Credential)


def _children(session: Session, model: type[_Child], cert_id: int) -> list[_Child]:
    stmt = select(model).where(model.certificate_id == cert_id).order_by(col(model.id))
    return list(session.exec(stmt))


def record_view(session: Session, *, region: str, number: str, at: date) -> RecordView:
    """Everything the record page shows about ``number`` in ``region`` (NotFound outside)."""
    cert, holder, authority = load_record(session, region=region, number=number)
    assert cert.id is not None
    regs = _children(session, Registration, cert.id)
    successor = (session.get(Certificate, cert.replaced_by_id)
                 if cert.replaced_by_id is not None else None)
    replaces = session.exec(select(Certificate.number)
                            .where(Certificate.replaced_by_id == cert.id)).all()
    return RecordView(
        cert=cert, holder=holder, authority=authority,
        registration=registration_state(regs, at), registrations=regs,
        annotations=_children(session, Annotation, cert.id),
        events=_children(session, StatusEvent, cert.id),
        credentials=_children(session, Credential, cert.id),
        audit=audit_trail(session, cert=cert, holder=holder),
        page_count=len(scan_pages(cert)), has_photo=bool(cert.photo_path),
        findings=_findings(cert), replaced_by=successor.number if successor else None,
        replaces=list(replaces),
    )


# ---- files ---------------------------------------------------------------------------------


def credential_for_download(session: Session, *, cert: Certificate, version: int) -> Credential:
    """Version ``version`` of the certificate's credentials (current or superseded)."""
    found = session.exec(select(Credential).where(
        Credential.certificate_id == cert.id, Credential.version == version)).first()
    if found is None or not found.pdf_path:
        raise NotFound(f"没有第 {version} 版电子证照 PDF (no such PDF version)",
                       code="pdf_missing")
    return found
