"""公示 and 异议: the public notice rows of a county's cycle, and objections to them.

The notice shows name, school, qualification type and conclusion — never an ID number,
certificate number or contact. Anyone may object while a conclusion is on notice
(:func:`submit_objection`, rate-limited per client); county staff record objections received
otherwise (:func:`record_objection`) and resolve them (:func:`resolve_objection`), which may
change the conclusion: it is decided again through ``core.rules.advance`` and its notice
starts again. An open objection holds the city's confirmation (the rule's ``objection_open``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from core.audit import record_event
from core.clock import today, utcnow
from core.errors import Conflict, NotFound
from core.identity import sealer
from core.models import (
    Certificate,
    Holder,
    RegistrationApplication,
    RegistrationCycle,
    RegistrationObjection,
)
from core.ratelimit import RateLimiter, SlidingWindow, store_at
from core.rules import QualificationType, clean_text, notice_ends
from core.settings import load_settings
from core.states import ApplicationState, CycleState, ObjectionState, RegistrationConclusion
from issuer._cycle import application_by_id, cycle_by_id, row_by_id
from issuer._cycle_base import certificate_of
from issuer._cycle_notify import StepNotice, queue_notice
from issuer._cycle_steps import decide, publish

__all__ = [
    "CONTACT_LABEL",
    "NoticeRow",
    "contact_of",
    "notice_cycles",
    "notice_rows",
    "objection_by_id",
    "objection_limiter",
    "objections",
    "record_objection",
    "resolve_objection",
    "submit_objection",
]

#: the key label of objectors' contacts (core.identity.sealer)
CONTACT_LABEL = "ecert/objection-contact/v1"
#: per client address: at most 3 objections a minute and 10 an hour
OBJECTION_LIMITS = SlidingWindow(((3, 60.0), (10, 3600.0)))
objection_limiter = RateLimiter(OBJECTION_LIMITS, store=lambda: store_at(
    load_settings().rate_limit_file, "notice_objection"))
_MAX_OBJECTION = 1000
_MAX_CONTACT = 100


@dataclass(frozen=True)
class NoticeRow:
    """One line of a public notice (公示): nothing that identifies beyond name and school."""

    application_id: int
    name: str
    school: str
    qualification: str
    conclusion: RegistrationConclusion
    reason: str
    notice_from: date
    notice_until: date
    #: whether objections are accepted today (the notice is running)
    open: bool


def _notice_until(app: RegistrationApplication, cycle: RegistrationCycle) -> date:
    assert app.notice_from is not None
    return notice_ends(app.notice_from, cycle.notice_days) - timedelta(days=1)


def notice_rows(session: Session, cycle_id: int, *, on: date | None = None,
                running_only: bool = True) -> list[NoticeRow]:
    """The county's notice on ``on`` (default today, CST): every decided conclusion whose
    notice runs that day (or, ``running_only=False``, was ever published in the cycle)."""
    cycle = cycle_by_id(session, cycle_id)
    day = on or today()
    stmt = (select(RegistrationApplication, Certificate, Holder)
            .join(Certificate, col(Certificate.id) == RegistrationApplication.certificate_id)
            .join(Holder, col(Holder.id) == Certificate.holder_id)
            .where(RegistrationApplication.cycle_id == cycle_id,
                   col(RegistrationApplication.notice_from).is_not(None))
            .order_by(col(RegistrationApplication.school), col(Holder.name),
                      col(RegistrationApplication.id)))
    rows = []
    for app, cert, holder in session.exec(stmt).all():
        assert app.id is not None and app.notice_from is not None and app.conclusion
        until = _notice_until(app, cycle)
        running = app.notice_from <= day <= until and app.state is ApplicationState.DECIDED
        if running_only and not running:
            continue
        rows.append(NoticeRow(app.id, holder.name, app.school,
                              QualificationType(cert.qualification_type).label, app.conclusion,
                              app.reason.zh if app.reason else "", app.notice_from, until,
                              running and cycle.state is CycleState.OPEN))
    return rows


def notice_cycles(session: Session, *, on: date | None = None) -> list[RegistrationCycle]:
    """The open cycles with at least one conclusion on notice on ``on`` (the /notice index)."""
    day = on or today()
    cycles = session.exec(select(RegistrationCycle).where(
        RegistrationCycle.state == CycleState.OPEN).order_by(
        col(RegistrationCycle.region))).all()
    return [c for c in cycles if c.id is not None and notice_rows(session, c.id, on=day)]


def _on_notice(session: Session, application_id: int) -> RegistrationApplication:
    """The application, if its conclusion is on notice today; NotFound otherwise (the public
    learns nothing about applications that are not on a notice)."""
    try:
        app = application_by_id(session, application_id)
    except NotFound:
        app = None
    if app is None or app.notice_from is None or app.state is not ApplicationState.DECIDED:
        raise NotFound("公示中没有这一条 (not on notice)", code="not_on_notice")
    cycle = cycle_by_id(session, app.cycle_id)
    if not app.notice_from <= today() <= _notice_until(app, cycle) \
            or cycle.state is CycleState.FILED:
        raise Conflict("公示期已结束，不再受理异议 (the notice has ended)", code="notice_ended")
    return app


def _seal(contact: str | None, secret: str) -> bytes | None:
    text = (contact or "").strip()
    if not text:
        return None
    return sealer(secret, CONTACT_LABEL).encrypt(
        clean_text(text, "contact", max_length=_MAX_CONTACT).encode())


def contact_of(objection: RegistrationObjection, secret: str) -> str | None:
    """The objector's contact, for county staff only (never on a public page or in a log)."""
    if objection.contact_cipher is None:
        return None
    return sealer(secret, CONTACT_LABEL).decrypt(objection.contact_cipher).decode()


def _tell(session: Session, app: RegistrationApplication, what: str) -> None:
    """The teacher hears of an objection and its outcome (never who raised it)."""
    cert = certificate_of(session, app)
    queue_notice(session, StepNotice(cert.holder_id, cert.number, what))


def _store(session: Session, app: RegistrationApplication, *, text: str, contact: str | None,
           secret: str, via: str, actor: str) -> RegistrationObjection:
    assert app.id is not None
    objection = RegistrationObjection(
        application_id=app.id, text=clean_text(text, "text", max_length=_MAX_OBJECTION),
        contact_cipher=_seal(contact, secret), via=via, recorded_by=actor)
    session.add(objection)
    session.flush()
    _tell(session, app, "公示期间收到异议，县级正在核实；处理完毕前不报市级复核。")
    action = "objection.submit" if via == "public" else "objection.record"
    record_event(session, actor=actor, action=action,
                 entity_type="registration_objection", entity_id=f"{app.id}/{objection.id}",
                 after=objection.model_dump(mode="json", exclude={"contact_cipher"})
                 | {"contact_given": objection.contact_cipher is not None})
    return objection


def submit_objection(session: Session, application_id: int, *, text: str,
                     contact: str | None = None, client: str,
                     secret: str) -> RegistrationObjection:
    """A member of the public objects to a conclusion on notice (rate-limited per ``client``:
    TooManyRequests, 429). The contact, if given, is stored encrypted."""
    objection_limiter.hit((f"ip:{client}",))
    app = _on_notice(session, application_id)
    return _store(session, app, text=text, contact=contact, secret=secret, via="public",
                  actor="public")


def record_objection(session: Session, application_id: int, *, text: str,
                     contact: str | None = None, secret: str,
                     actor: str) -> RegistrationObjection:
    """County staff record an objection received by letter, phone or in person, while the
    conclusion is decided and not yet confirmed (Conflict ``objection_not_allowed``)."""
    app = application_by_id(session, application_id)
    if app.state is not ApplicationState.DECIDED:
        raise Conflict(f"申请当前状态“{app.state.zh}”，不能登记异议 (only a decided, unconfirmed "
                       "conclusion takes objections)", code="objection_not_allowed")
    if cycle_by_id(session, app.cycle_id).state is CycleState.FILED:
        raise Conflict("本周期已省级备案，不能再变更 (the cycle is filed)", code="cycle_filed")
    return _store(session, app, text=text, contact=contact, secret=secret, via="staff",
                  actor=actor)


def objections(session: Session, *, application_id: int | None = None,
               cycle_id: int | None = None,
               state: ObjectionState | None = None) -> list[RegistrationObjection]:
    """The objections to one application or to a whole cycle, oldest first."""
    stmt = select(RegistrationObjection).join(
        RegistrationApplication,
        col(RegistrationApplication.id) == RegistrationObjection.application_id)
    if application_id is not None:
        stmt = stmt.where(RegistrationObjection.application_id == application_id)
    if cycle_id is not None:
        stmt = stmt.where(RegistrationApplication.cycle_id == cycle_id)
    if state is not None:
        stmt = stmt.where(RegistrationObjection.state == state)
    return list(session.exec(stmt.order_by(col(RegistrationObjection.id))).all())


def objection_by_id(session: Session, objection_id: int) -> RegistrationObjection:
    """The objection or NotFound ``objection_not_found``."""
    return row_by_id(session, RegistrationObjection, objection_id, "异议",
                     "objection_not_found")


def resolve_objection(session: Session, objection_id: int, *, resolution: str, actor: str,
                      conclusion: str | RegistrationConclusion | None = None,
                      reason: str | None = None, reason_text: str = "") -> RegistrationObjection:
    """处理异议: record the resolution; with a new ``conclusion`` the county decides again
    (``core.rules.advance``) and the new conclusion goes on notice from today."""
    objection = objection_by_id(session, objection_id)
    if objection.state is ObjectionState.RESOLVED:
        raise Conflict(f"异议 #{objection_id} 已处理 (already resolved)",
                       code="objection_resolved")
    before = objection.model_dump(mode="json", exclude={"contact_cipher"})
    objection.state = ObjectionState.RESOLVED
    objection.resolution = clean_text(resolution, "resolution")
    objection.resolved_by, objection.resolved_at = actor, utcnow()
    session.add(objection)
    session.flush()
    if conclusion is not None:  # decide and publish tell the teacher the new conclusion
        decide(session, objection.application_id, conclusion=conclusion, reason=reason,
               reason_text=reason_text, actor=actor)
        publish(session, objection.application_id, actor=actor)
    else:
        _tell(session, application_by_id(session, objection.application_id),
              "公示期间的异议已处理，审核结论不变。")
    record_event(session, actor=actor, action="objection.resolve",
                 entity_type="registration_objection",
                 entity_id=f"{objection.application_id}/{objection.id}", before=before,
                 after=objection.model_dump(mode="json", exclude={"contact_cipher"})
                 | {"conclusion_changed": conclusion is not None})
    return objection
