"""The steps of one 定期注册 application: apply, correct, school review, county decision,
public notice, city re-check. Each runs ``core.rules.advance`` on the row's facts, stores what
it returns by compare-and-set, is audited (before → after) and tells the teacher after commit.

Services take a session and an actor name; who may act is the caller's check
(``issuer._cycle.authorize_application`` / ``authorize_cycle``, i.e. core.policy).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.audit import record_event
from core.clock import today, utcnow
from core.errors import Conflict, InvalidInput
from core.models import (
    Authority,
    Certificate,
    Registration,
    RegistrationApplication,
    RegistrationCycle,
)
from core.registry import certificate_by_number
from core.rules import (
    Decision,
    advance,
    clean_text,
    is_due,
    notice_ends,
    parse_registration_conclusion,
    registration_state,
)
from core.states import (
    ApplicationState,
    ApplicationStep,
    CycleState,
    QualificationStatus,
    RegistrationConclusion,
    RegistrationReason,
)
from issuer._changes import _restriction_of_holder
from issuer._cycle import (
    application_by_id,
    covers,
    cycle_by_id,
    facts_of,
    save_application,
    windows_of,
)
from issuer._cycle_base import (
    SCHOOL_TYPES,
    SOURCES,
    ApplicationDetails,
    BatchResult,
    Refused,
    certificate_of,
    details_of,
    run_many,
    run_step,
    snapshot,
)
from issuer._cycle_notify import StepNotice, queue_notice

__all__ = [
    "SCHOOL_TYPES",
    "ApplicationDetails",
    "BatchResult",
    "Refused",
    "apply",
    "city_confirm",
    "city_confirm_many",
    "city_return",
    "correct",
    "decide",
    "decide_many",
    "parse_reason",
    "publish",
    "publish_notice",
    "resubmit",
    "school_review",
    "school_review_many",
]

_S = ApplicationStep
#: the states in which the data of an application may still be corrected (before the county)
_CORRECTABLE = (ApplicationState.SUBMITTED, ApplicationState.RETURNED,
                ApplicationState.SCHOOL_PASSED)


# ---- 本人申请: apply, resubmit, correct -------------------------------------------------------

def _check_may_apply(session: Session, cycle: RegistrationCycle, cert: Certificate) -> None:
    authority = session.get(Authority, cert.authority_id)
    assert authority is not None and cert.id is not None
    if not covers(authority.division_code, cycle.region):
        raise Conflict(f"证书 {cert.number} 不属于本周期的县（区）{cycle.region} "
                       "(the certificate is outside the cycle's county)",
                       code="outside_cycle_region")
    mine = select(RegistrationApplication.id, RegistrationApplication.cycle_id).where(
        RegistrationApplication.certificate_id == cert.id)
    for app_id, cycle_id in session.exec(mine).all():
        other = cycle_by_id(session, cycle_id)
        if cycle_id == cycle.id:
            raise Conflict(f"证书 {cert.number} 已在本周期申请（#{app_id}）"
                           "(already applied in this cycle)", code="already_applied",
                           application_id=app_id)
        if other.year == cycle.year:
            raise Conflict(f"证书 {cert.number} 已在 {other.title} 申请（#{app_id}）"
                           "(already applied in another cycle this year)",
                           code="applied_elsewhere", application_id=app_id)


def _check_due(session: Session, cycle: RegistrationCycle, cert: Certificate) -> None:
    known = session.exec(select(Registration).where(
        Registration.certificate_id == cert.id)).all()
    if not is_due(known, cycle.period_start):
        until = registration_state(known, cycle.period_start).valid_until
        raise Conflict(f"证书 {cert.number} 注册有效期至 {until}，本周期无需定期注册 "
                       "(not due in this cycle)", code="not_due")
    restricted = _restriction_of_holder(session, cert.holder_id)
    if restricted is not None:
        label = QualificationStatus(restricted.status).zh
        raise Conflict(f"持证人的证书 {restricted.number} {label}，不能定期注册"
                       " (holder is in the restriction list)", code="holder_restricted")


def apply(session: Session, cycle_id: int, number: str, *, details: ApplicationDetails,
          source: str, actor: str) -> RegistrationApplication:
    """本人申请 (``source`` portal), or the school's / a clerk's submission (school, staff):
    one application per certificate and cycle (Conflict ``already_applied``), none in another
    cycle of the same year (``applied_elsewhere``), only when due (``not_due``)."""
    if source not in SOURCES:
        raise InvalidInput(f"未知的申请来源 {source!r}", field="source", rule="source")
    cycle = cycle_by_id(session, cycle_id)
    cert = certificate_by_number(session, number)
    _check_may_apply(session, cycle, cert)
    new = advance(facts_of(session, None, cert), _S.SUBMIT, today=today(),
                  windows=windows_of(cycle))
    _check_due(session, cycle, cert)
    assert cert.id is not None and new.state is not None
    app = RegistrationApplication(cycle_id=cycle_id, year=cycle.year, certificate_id=cert.id,
                                  state=new.state, source=source, created_by=actor,
                                  **details.values())
    session.add(app)
    try:
        session.flush()
    except IntegrityError:  # a concurrent submission won: one per certificate and year
        raise Conflict(f"证书 {cert.number} 本年度已有定期注册申请 (already applied this year)",
                       code="already_applied") from None
    record_event(session, actor=actor, action="application.submit",
                 entity_type="registration_application", entity_id=f"{cert.number}/{app.id}",
                 after=snapshot(app))
    queue_notice(session, StepNotice(cert.holder_id, cert.number, "已提交，等待学校审查。"))
    return app


def resubmit(session: Session, application_id: int, *, details: ApplicationDetails | None = None,
             actor: str, row_version: int | None = None) -> RegistrationApplication:
    """补正后重新提交 a returned application, with corrected details if given."""
    app = application_by_id(session, application_id)
    values = details.values() if details is not None else {}
    return run_step(session, app, _S.RESUBMIT, actor=actor, expected=row_version, values=values,
                 what=lambda a: "已补正并重新提交，等待学校审查。")


def correct(session: Session, application_id: int, *, changes: Mapping[str, Any], actor: str,
            row_version: int | None = None) -> RegistrationApplication:
    """Correct the data of an application before the county decides (the school's check
    against the materials): audited field by field, before → after."""
    app = application_by_id(session, application_id)
    if app.state not in _CORRECTABLE:
        raise Conflict(f"申请当前状态“{app.state.zh}”，县级审核后不能再更正申请信息 "
                       "(corrections end when the county decides)", code="correction_not_allowed")
    if cycle_by_id(session, app.cycle_id).state is CycleState.FILED:
        raise Conflict("本周期已省级备案，不能再变更 (the cycle is filed)", code="cycle_filed")
    unknown = set(changes) - {"school", "school_type", "post", "training_hours", "assessments"}
    if unknown:
        raise InvalidInput(f"不能更正的字段：{', '.join(sorted(unknown))}", field="changes",
                           rule="unknown_field")
    current = details_of(app)
    values = replace(current, **dict(changes)).values()
    old = current.values()
    changed = {k: v for k, v in values.items() if old[k] != v}
    if not changed:
        raise InvalidInput("没有需要更正的内容 (nothing changes)", field="changes",
                           rule="no_change")
    cert = certificate_of(session, app)
    save_application(session, app, changed, expected=row_version)
    record_event(session, actor=actor, action="application.correct",
                 entity_type="registration_application", entity_id=f"{cert.number}/{app.id}",
                 before={k: old[k] for k in changed}, after=changed)
    queue_notice(session, StepNotice(cert.holder_id, cert.number,
                                     "的信息已由审查人员更正，请登录查看。"))
    return app


# ---- 学校审查 ---------------------------------------------------------------------------------

def school_review(session: Session, application_id: int, *, passed: bool, note: str = "",
                  actor: str, row_version: int | None = None) -> RegistrationApplication:
    """学校审查: pass, or return for correction with the reason the teacher sees."""
    app = application_by_id(session, application_id)
    text = note.strip()
    if not passed:
        text = clean_text(note, "note")
    elif text:
        text = clean_text(text, "note")
    step = _S.SCHOOL_PASS if passed else _S.SCHOOL_RETURN
    return run_step(session, app, step, actor=actor, expected=row_version,
                 values={"school_note": text, "school_by": actor, "school_at": utcnow()},
                 what=lambda a: "已通过学校审查，等待县级审核。" if passed
                 else f"被学校退回补正：{text}。请补正后重新提交。")


def school_review_many(session: Session, application_ids: Iterable[int], *, passed: bool,
                       note: str = "", actor: str) -> BatchResult:
    """学校审查 of many applications at once (each refused for itself)."""
    return run_many(session, application_ids, lambda a: school_review(
        session, a.id or 0, passed=passed, note=note, actor=actor))


# ---- 县级审核 and 公示 -------------------------------------------------------------------------

def parse_reason(value: str | RegistrationReason | None) -> RegistrationReason | None:
    """A reason by its value (``training_hours``) or its label (培训学时不足); '' → None."""
    if value is None or isinstance(value, RegistrationReason):
        return value
    text = value.strip()
    if not text:
        return None
    for reason in RegistrationReason:
        if text in (reason.value, reason.zh):
            return reason
    choices = "、".join(r.zh for r in RegistrationReason)
    raise InvalidInput(f"未知的原因 {value!r}（可选：{choices}）", field="reason",
                       rule="unknown_reason")


def _decision(conclusion: str | RegistrationConclusion, reason: str | RegistrationReason | None,
              reason_text: str) -> tuple[Decision, str]:
    parsed = parse_registration_conclusion(conclusion, field="conclusion")
    why = parse_reason(reason)
    text = reason_text.strip()
    if why is RegistrationReason.OTHER or text:
        text = clean_text(reason_text, "reason_text")
    return Decision(parsed, why), text


def decide(session: Session, application_id: int, *, conclusion: str | RegistrationConclusion,
           reason: str | RegistrationReason | None = None, reason_text: str = "", actor: str,
           row_version: int | None = None) -> RegistrationApplication:
    """县级审核: 注册合格, or 暂缓注册 / 注册不合格 with a reason from the list (其他 with its
    text). A conclusion decided again (an objection upheld, the city's return) must be
    published again."""
    app = application_by_id(session, application_id)
    decision, text = _decision(conclusion, reason, reason_text)
    why = f"（{decision.reason.zh}）" if decision.reason else ""
    return run_step(session, app, _S.DECIDE, actor=actor, expected=row_version, decision=decision,
                 values={"reason_text": text, "decided_by": actor, "decided_at": utcnow()},
                 what=lambda a: f"县级审核结论：{decision.conclusion.zh}{why}，公示后报市级复核。")


def decide_many(session: Session, application_ids: Iterable[int], *,
                conclusion: str | RegistrationConclusion,
                reason: str | RegistrationReason | None = None, reason_text: str = "",
                actor: str) -> BatchResult:
    """县级审核 of many applications with one conclusion (each refused for itself)."""
    _decision(conclusion, reason, reason_text)  # a bad conclusion refuses the whole batch
    return run_many(session, application_ids, lambda a: decide(
        session, a.id or 0, conclusion=conclusion, reason=reason, reason_text=reason_text,
        actor=actor))


def _on_notice(app: RegistrationApplication, days: int) -> str:
    assert app.notice_from is not None and app.conclusion is not None
    last = notice_ends(app.notice_from, days).toordinal() - 1
    from datetime import date

    return (f"审核结论“{app.conclusion.zh}”自 {app.notice_from} 起公示至 "
            f"{date.fromordinal(last)}，期间可提出异议。")


def publish(session: Session, application_id: int, *, actor: str,
            row_version: int | None = None) -> RegistrationApplication:
    """公示: the decided conclusion goes on the county's public notice from today."""
    app = application_by_id(session, application_id)
    days = cycle_by_id(session, app.cycle_id).notice_days
    return run_step(session, app, _S.PUBLISH, actor=actor, expected=row_version,
                 what=lambda a: _on_notice(a, days))


def publish_notice(session: Session, cycle_id: int, *,
                   application_ids: Iterable[int] | None = None, actor: str) -> BatchResult:
    """公示 the given applications of a cycle, or (None) every decided one not on notice yet."""
    found: Iterable[int | None] = application_ids if application_ids is not None else \
        session.exec(select(RegistrationApplication.id).where(
            RegistrationApplication.cycle_id == cycle_id,
            RegistrationApplication.state == ApplicationState.DECIDED,
            col(RegistrationApplication.notice_from).is_(None)).order_by(
            col(RegistrationApplication.id))).all()
    ids = [i for i in found if i is not None]
    return run_many(session, ids, lambda a: _in_cycle(a, cycle_id) and publish(
        session, a.id or 0, actor=actor))


def _in_cycle(app: RegistrationApplication, cycle_id: int) -> bool:
    if app.cycle_id != cycle_id:
        raise Conflict(f"申请 #{app.id} 不属于周期 #{cycle_id}", code="other_cycle")
    return True


# ---- 市级复核 ---------------------------------------------------------------------------------

def city_confirm(session: Session, application_id: int, *, note: str = "", actor: str,
                 row_version: int | None = None) -> RegistrationApplication:
    """市级复核通过: only after the full notice and with no objection open."""
    app = application_by_id(session, application_id)
    text = clean_text(note, "note") if note.strip() else ""
    return run_step(session, app, _S.CITY_CONFIRM, actor=actor, expected=row_version,
                 values={"city_note": text, "city_by": actor, "city_at": utcnow()},
                 what=lambda a: "已通过市级复核，等待省级备案。")


def city_confirm_many(session: Session, application_ids: Iterable[int], *, note: str = "",
                      actor: str) -> BatchResult:
    """市级复核通过 of many applications (each refused for itself)."""
    return run_many(session, application_ids, lambda a: city_confirm(
        session, a.id or 0, note=note, actor=actor))


def city_return(session: Session, application_id: int, *, note: str, actor: str,
                row_version: int | None = None) -> RegistrationApplication:
    """市级退回: back to the county with the reason; the county decides and publishes again."""
    app = application_by_id(session, application_id)
    text = clean_text(note, "note")
    return run_step(session, app, _S.CITY_RETURN, actor=actor, expected=row_version,
                 values={"city_note": text, "city_by": actor, "city_at": utcnow()},
                 what=lambda a: f"被市级退回县级重新审核：{text}。")
