"""省级备案: filing a 定期注册 cycle. Every city-confirmed application becomes the certificate's
registration through the same path as ``ecert registration add`` (``issuer._changes.
add_registration`` → ``core.rules.register``), so the verifier's registration state follows;
a certificate whose booklet was issued gets its credential superseded (its signed PDF prints
the registrations) and re-issued after commit (:func:`publish_filing`), which also signs the
status list again. The sticker counts (注册贴) per county come back with the result.

Filing is all or nothing: while any application is still between application and the city's
confirmation it is refused with the list (``applications_pending``), and if any confirmed one
cannot be registered, none is (``filing_refused``, each with its reason).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from core.audit import record_event
from core.clock import today, utcnow
from core.errors import Conflict, EcertError
from core.models import (
    Certificate,
    Credential,
    Registration,
    RegistrationApplication,
    RegistrationCycle,
)
from core.rules import advance, division_name, local_office, registration_period
from core.settings import PUBLIC_STATUS_LIST, Settings
from core.states import ApplicationState, ApplicationStep, CycleState, RegistrationConclusion
from issuer._changes import add_registration, supersede_credentials
from issuer._cycle import cycle_by_id, facts_of, save_application, windows_of
from issuer._cycle_notify import StepNotice, queue_notice

__all__ = [
    "PENDING",
    "FiledApplication",
    "FilingResult",
    "Publication",
    "StickerCount",
    "file_cycle",
    "publish_filing",
    "sticker_counts",
]

#: states that hold a filing: still on their way from application to the city's confirmation
log = logging.getLogger("ecert.registration")
PENDING = (ApplicationState.SUBMITTED, ApplicationState.SCHOOL_PASSED,
           ApplicationState.DECIDED, ApplicationState.CITY_RETURNED)
_SHOWN = 20


@dataclass(frozen=True)
class FiledApplication:
    """One application filed: the registration it became, and whether to re-issue."""

    application_id: int
    certificate_number: str
    conclusion: RegistrationConclusion
    registration_id: int
    valid_from: date | None
    valid_until: date | None
    reissue: bool


@dataclass
class FilingResult:
    """A filed cycle: what was registered, the sticker counts per county (conclusion →
    count), and how many returned applications were never resubmitted (not filed)."""

    cycle_id: int
    filed: list[FiledApplication] = field(default_factory=list)
    stickers: dict[str, dict[str, int]] = field(default_factory=dict)
    not_resubmitted: int = 0

    @property
    def to_reissue(self) -> tuple[str, ...]:
        """The certificates whose credential is to be issued again (after commit)."""
        return tuple(f.certificate_number for f in self.filed if f.reissue)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"cycle_id": self.cycle_id, "stickers": self.stickers,
                "not_resubmitted": self.not_resubmitted,
                "filed": [{**asdict(f), "conclusion": f.conclusion.value,
                           "valid_from": f.valid_from and f.valid_from.isoformat(),
                           "valid_until": f.valid_until and f.valid_until.isoformat()}
                          for f in self.filed]}


def _pending(session: Session, cycle_id: int) -> list[dict[str, Any]]:
    rows = session.exec(select(RegistrationApplication.id, Certificate.number,
                               RegistrationApplication.state)
                        .join(Certificate,
                              col(Certificate.id) == RegistrationApplication.certificate_id)
                        .where(RegistrationApplication.cycle_id == cycle_id,
                               col(RegistrationApplication.state).in_(PENDING))
                        .order_by(col(RegistrationApplication.id))).all()
    return [{"application_id": i, "certificate_number": n, "state": str(s)} for i, n, s in rows]


def _refuse_pending(pending: list[dict[str, Any]]) -> Conflict:
    shown = "、".join(f"#{p['application_id']}（{p['certificate_number']}，"
                     f"{ApplicationState(p['state']).zh}）" for p in pending[:_SHOWN])
    more = f" 等 {len(pending)} 件" if len(pending) > _SHOWN else ""
    return Conflict(f"尚有 {len(pending)} 件申请未完成市级复核，不能备案：{shown}{more} "
                    "(applications are still under review)", code="applications_pending",
                    pending=pending)


def _period(session: Session, cert: Certificate,
            cycle: RegistrationCycle) -> tuple[date, date]:
    """注册合格 from the cycle's period start for 5 years; a teacher still registered then
    starts the day after that period ends (periods tile, never overlap), ending with the
    others of the cycle."""
    start = cycle.period_start
    end = registration_period(start)[1]
    for reg in session.exec(select(Registration).where(
            Registration.certificate_id == cert.id,
            Registration.conclusion == RegistrationConclusion.QUALIFIED)).all():
        r_start = reg.valid_from or reg.decision_date
        r_end = reg.valid_until or registration_period(r_start)[1]
        if r_start <= start <= r_end:
            start = r_end + timedelta(days=1)
    return start, end


def _has_current_credential(session: Session, cert_id: int) -> bool:
    return session.exec(select(Credential.id).where(
        Credential.certificate_id == cert_id, col(Credential.superseded).is_(False))
    ).first() is not None


def _file_one(session: Session, app: RegistrationApplication, cycle: RegistrationCycle,
              authority: str, actor: str) -> FiledApplication:
    cert = session.get(Certificate, app.certificate_id)
    assert cert is not None and cert.id is not None and app.id is not None
    new = advance(facts_of(session, app, cert), ApplicationStep.FILE, today=today(),
                  windows=windows_of(cycle))
    assert app.conclusion is not None
    start, end = _period(session, cert, cycle) if \
        app.conclusion is RegistrationConclusion.QUALIFIED else (None, None)
    reg = add_registration(session, cert.number, conclusion=app.conclusion,
                           decision_date=today(), valid_from=start, valid_until=end,
                           authority=authority, actor=actor)
    assert reg.id is not None
    reissue = _has_current_credential(session, cert.id)
    if reissue:  # the signed PDF prints the registrations: its content changes
        supersede_credentials(session, cert.id)
    before = app.model_dump(mode="json", exclude={"created_at", "updated_at"})
    save_application(session, app, {"state": new.state, "filed_at": utcnow(),
                                    "registration_id": reg.id})
    record_event(session, actor=actor, action="application.file",
                 entity_type="registration_application", entity_id=f"{cert.number}/{app.id}",
                 before=before, after={"state": str(new.state), "registration_id": reg.id,
                                       "reissue": reissue})
    period = f"，有效期 {start} 至 {end}" if start else ""
    queue_notice(session, StepNotice(cert.holder_id, cert.number,
                                     f"已省级备案，注册结论：{app.conclusion.zh}{period}。"))
    return FiledApplication(app.id, cert.number, app.conclusion, reg.id, start, end, reissue)


def file_cycle(session: Session, cycle_id: int, *, actor: str,
               authority: str | None = None) -> FilingResult:
    """省级备案 of a whole cycle (see the module's doc); ``authority`` is the name written on
    the registrations (default: the county's 教育局)."""
    cycle = cycle_by_id(session, cycle_id)
    if cycle.state is CycleState.FILED:
        raise Conflict("本周期已省级备案 (the cycle is filed)", code="cycle_filed")
    pending = _pending(session, cycle_id)
    if pending:
        raise _refuse_pending(pending)
    name = authority or local_office(division_name(cycle.region) or cycle.region)
    result = FilingResult(cycle_id)
    refused = []
    for app in session.exec(select(RegistrationApplication).where(
            RegistrationApplication.cycle_id == cycle_id,
            RegistrationApplication.state == ApplicationState.CONFIRMED).order_by(
            col(RegistrationApplication.id))).all():
        try:
            result.filed.append(_file_one(session, app, cycle, name, actor))
        except EcertError as exc:
            refused.append({"application_id": app.id, "code": exc.code, "message": exc.message})
    if refused:
        raise Conflict(f"{len(refused)} 件申请不能备案，本周期未备案：{refused[0]['message']} "
                       "(nothing was filed)", code="filing_refused", refused=refused)
    result.not_resubmitted = len(session.exec(select(RegistrationApplication.id).where(
        RegistrationApplication.cycle_id == cycle_id,
        RegistrationApplication.state == ApplicationState.RETURNED)).all())
    counts = Counter(f.conclusion.value for f in result.filed)
    result.stickers = {cycle.region: dict(counts)}
    before = {"state": str(cycle.state)}
    cycle.state, cycle.filed_by, cycle.filed_at = CycleState.FILED, actor, utcnow()
    session.add(cycle)
    session.flush()
    record_event(session, actor=actor, action="cycle.file", entity_type="registration_cycle",
                 entity_id=str(cycle.id), before=before,
                 after={"state": str(cycle.state), "filed": len(result.filed),
                        "stickers": result.stickers, "not_resubmitted": result.not_resubmitted})
    return result


@dataclass(frozen=True)
class StickerCount:
    """注册贴 per county: the filed conclusions of a year's cycles."""

    county: str
    county_name: str
    qualified: int
    deferred: int
    failed: int

    @property
    def total(self) -> int:
        """All filed conclusions of the county."""
        return self.qualified + self.deferred + self.failed


def sticker_counts(session: Session, *, region: str, year: int) -> list[StickerCount]:
    """The sticker counts of every county of ``region`` (a prefix) for the ``year``'s cycles."""
    rows = session.exec(select(RegistrationCycle.region, RegistrationApplication.conclusion,
                               func.count())
                        .join(RegistrationCycle,
                              col(RegistrationCycle.id) == RegistrationApplication.cycle_id)
                        .where(col(RegistrationCycle.region).startswith(region),
                               RegistrationCycle.year == year,
                               RegistrationApplication.state == ApplicationState.FILED)
                        .group_by(col(RegistrationCycle.region),
                                  col(RegistrationApplication.conclusion))).all()
    per: dict[str, Counter[str]] = {}
    for county, conclusion, n in rows:
        per.setdefault(county, Counter())[str(conclusion)] += int(n)
    C = RegistrationConclusion
    return [StickerCount(county, division_name(county) or county, n[C.QUALIFIED.value],
                         n[C.DEFERRED.value], n[C.FAILED.value])
            for county, n in sorted(per.items())]


@dataclass
class Publication:
    """What followed a filing: credentials issued again, the status list signed."""

    issued: dict[str, int] = field(default_factory=dict)
    errors: dict[str, dict[str, Any]] = field(default_factory=dict)
    status_list_bytes: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return asdict(self)


def publish_filing(result: FilingResult, *, settings: Settings, actor: str) -> Publication:
    """After the filing is committed: issue the superseded credentials again and sign the
    status list into the public folder, so the verifier shows the new registration states
    online and offline. Failures are reported, not raised (the filing stands)."""
    from core.db import engine_for
    from issuer._context import issuer_context
    from issuer._issuance import Selection, issue_batch
    from issuer._publish import write_status_list

    out, engine = Publication(), engine_for(settings)
    if result.to_reissue:
        try:
            summary = issue_batch(Selection(numbers=result.to_reissue),
                                  ctx=issuer_context(settings), actor=actor, workers=1,
                                  engine=engine)
            out.issued = {a.number: a.version for a in summary.issued}
            out.errors = {n: e.to_dict() for n, e in summary.failed}
        except Exception as exc:  # the filing stands: say what did not follow it
            out.errors = {n: _failure(exc) for n in result.to_reissue}
    try:
        out.status_list_bytes = write_status_list(
            issuer_context(settings, render_pdf=False),
            settings.public_dir / PUBLIC_STATUS_LIST, engine=engine)
    except Exception as exc:
        out.errors["status_list"] = _failure(exc)
    return out


def _failure(exc: Exception) -> dict[str, Any]:
    log.error("after filing: %s: %s", type(exc).__name__, exc)
    if isinstance(exc, EcertError):
        return exc.to_dict()
    return {"code": "publish_failed", "message": f"{type(exc).__name__}：请运行 ecert publish / "
            "ecert issue 补做 (run ecert publish / ecert issue)"}
