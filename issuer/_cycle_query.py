"""Reading a 定期注册 cycle: its applications (as staff see them, ID numbers masked), one
application with the steps it may take next, and who is due (``core.rules.is_due``)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, func, select

from core.models import (
    Authority,
    Certificate,
    Holder,
    Registration,
    RegistrationApplication,
    RegistrationCycle,
)
from core.rules import (
    QualificationType,
    allowed_steps,
    is_due,
    notice_ends,
    registration_state,
)
from core.states import ApplicationState, ApplicationStep, QualificationStatus
from issuer._cycle import covers, cycle_by_id, facts_of, open_objections

__all__ = [
    "ApplicationView",
    "DueCertificate",
    "application_for",
    "application_view",
    "applications",
    "due_certificates",
    "state_counts",
]


@dataclass(frozen=True)
class ApplicationView:
    """One application as staff pages and the API show it (masked ID, labels resolved)."""

    id: int
    cycle_id: int
    row_version: int
    state: ApplicationState
    certificate_number: str
    name: str
    masked_id: str
    qualification: str
    subject: str
    source: str
    school: str
    school_type: str
    post: str
    training_hours: int | None
    assessments: list[dict[str, Any]]
    school_note: str
    conclusion: str | None
    reason: str | None
    reason_text: str
    notice_from: date | None
    notice_until: date | None
    open_objections: int
    city_note: str
    registration_id: int | None
    #: the steps the state allows next (windows and guards are checked when taken)
    next_steps: list[ApplicationStep]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (the API's answer)."""
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["state_label"] = self.state.zh
        out["next_steps"] = [s.value for s in self.next_steps]
        for key in ("notice_from", "notice_until"):
            out[key] = out[key].isoformat() if out[key] else None
        return out


def _rows(session: Session, stmt: Any) -> list[ApplicationView]:
    rows = session.exec(stmt).all()
    counts = open_objections(session, [a.id for a, _, _ in rows])
    cycles: dict[int, int] = {}
    out = []
    for app, cert, holder in rows:
        if app.cycle_id not in cycles:
            cycles[app.cycle_id] = cycle_by_id(session, app.cycle_id).notice_days
        until = notice_ends(app.notice_from, cycles[app.cycle_id]) if app.notice_from else None
        facts = facts_of(session, None, cert)
        out.append(ApplicationView(
            id=app.id, cycle_id=app.cycle_id, row_version=app.row_version, state=app.state,
            certificate_number=cert.number, name=holder.name, masked_id=holder.id_masked,
            qualification=QualificationType(cert.qualification_type).label,
            subject=cert.subject, source=app.source, school=app.school,
            school_type=app.school_type, post=app.post, training_hours=app.training_hours,
            assessments=json.loads(app.assessments), school_note=app.school_note,
            conclusion=app.conclusion.zh if app.conclusion else None,
            reason=app.reason.zh if app.reason else None, reason_text=app.reason_text,
            notice_from=app.notice_from,
            notice_until=date.fromordinal(until.toordinal() - 1) if until else None,
            open_objections=counts.get(app.id or 0, 0), city_note=app.city_note,
            registration_id=app.registration_id,
            next_steps=allowed_steps(type(facts)(state=app.state))))
    return out


def _joined() -> Any:
    return (select(RegistrationApplication, Certificate, Holder)
            .join(Certificate, col(Certificate.id) == RegistrationApplication.certificate_id)
            .join(Holder, col(Holder.id) == Certificate.holder_id))


def applications(session: Session, cycle_id: int, *, school: str | None = None,
                 state: ApplicationState | None = None, limit: int = 1000,
                 offset: int = 0) -> list[ApplicationView]:
    """The applications of a cycle (of one school, in one state), by school and name."""
    stmt = _joined().where(RegistrationApplication.cycle_id == cycle_id)
    if school is not None:
        stmt = stmt.where(RegistrationApplication.school == school)
    if state is not None:
        stmt = stmt.where(RegistrationApplication.state == state)
    stmt = stmt.order_by(col(RegistrationApplication.school), col(Holder.name),
                         col(RegistrationApplication.id)).offset(offset).limit(min(limit, 5000))
    return _rows(session, stmt)


def application_view(session: Session, application_id: int) -> ApplicationView:
    """One application (NotFound ``application_not_found``)."""
    from issuer._cycle import application_by_id

    application_by_id(session, application_id)
    return _rows(session, _joined().where(RegistrationApplication.id == application_id))[0]


def application_for(session: Session, cycle_id: int, number: str) -> ApplicationView | None:
    """The certificate's application in the cycle, if any (the teacher's portal)."""
    found = _rows(session, _joined().where(RegistrationApplication.cycle_id == cycle_id,
                                           Certificate.number == number))
    return found[0] if found else None


def state_counts(session: Session, cycle_id: int, *,
                 school: str | None = None) -> dict[ApplicationState, int]:
    """How many applications of the cycle (of one school) are in each state."""
    stmt = select(RegistrationApplication.state, func.count()).where(
        RegistrationApplication.cycle_id == cycle_id)
    if school is not None:
        stmt = stmt.where(RegistrationApplication.school == school)
    counts = Counter({state: int(n) for state, n in session.exec(
        stmt.group_by(col(RegistrationApplication.state))).all()})
    return {state: counts.get(state, 0) for state in ApplicationState}


@dataclass(frozen=True)
class DueCertificate:
    """A certificate due in a cycle (masked ID; the registration state at the period start)."""

    certificate_number: str
    name: str
    masked_id: str
    school: str | None
    qualification: str
    registration: str
    application_id: int | None


_CHUNK = 500


def _candidates(session: Session, cycle: RegistrationCycle,
                school: str | None) -> Iterator[list[tuple[Certificate, Holder]]]:
    """Valid certificates whose authority covers the county, by school and number, in chunks
    (streamed: a province's registry is never held at once)."""
    stmt = (select(Certificate, Holder, Authority.division_code)
            .join(Holder, col(Holder.id) == Certificate.holder_id)
            .join(Authority, col(Authority.id) == Certificate.authority_id)
            .where(Certificate.status == QualificationStatus.VALID)
            .where(col(Authority.division_code).startswith(cycle.region[:2])))
    if school is not None:
        stmt = stmt.where(Certificate.school == school)
    rows = session.exec(stmt.order_by(col(Certificate.school), col(Certificate.number))
                        .execution_options(yield_per=_CHUNK))
    for chunk in rows.partitions(_CHUNK):
        yield [(c, h) for c, h, division in chunk if covers(division, cycle.region)]


def due_certificates(session: Session, cycle_id: int, *, school: str | None = None,
                     limit: int = 1000, offset: int = 0) -> list[DueCertificate]:
    """Who is due in the cycle: valid certificates of authorities covering its county that
    are never registered, deferred, failed, lapsed, or registered until less than a year after
    the period start; by school and number. ``school`` narrows to the certificate's school."""
    cycle = cycle_by_id(session, cycle_id)
    wanted = offset + min(limit, 5000)
    applied = dict(session.exec(select(RegistrationApplication.certificate_id,
                                       RegistrationApplication.id).where(
        RegistrationApplication.cycle_id == cycle_id)).all())
    out: list[DueCertificate] = []
    for chunk in _candidates(session, cycle, school):
        regs: dict[int, list[Registration]] = defaultdict(list)
        for reg in session.exec(select(Registration).where(
                col(Registration.certificate_id).in_([c.id for c, _ in chunk]))).all():
            regs[reg.certificate_id].append(reg)
        out += [DueCertificate(c.number, h.name, h.id_masked, c.school,
                               QualificationType(c.qualification_type).label,
                               _registration_text(regs[c.id or 0], cycle.period_start),
                               applied.get(c.id or 0))
                for c, h in chunk if is_due(regs[c.id or 0], cycle.period_start)]
        if len(out) >= wanted:
            break
    return out[offset:wanted]


def _registration_text(regs: list[Registration], at: date) -> str:
    status = registration_state(regs, at)
    until = f"（至 {status.valid_until}）" if status.valid_until else ""
    return f"{status.state.zh}{until}"
