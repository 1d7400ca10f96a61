"""JSON API of the 定期注册 workflow (``/api/admin/registration``) for machine clients with a
Bearer token: the same services as the staff pages, the same core.policy checks (the cycle's
county is the division; a school reviewer acts for their own school only; reviewers at their
tier). Errors are the app's JSON errors: ``{"error": {"code", "message", …}}`` with 4xx."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlmodel import Session

from core.models import RegistrationCycle, User
from core.policy import Action, Role, authorize, may
from core.states import ApplicationState, CycleState
from core.web import AppSettings, CurrentUser, DbSession
from issuer import _cycle as cycles
from issuer import _cycle_filing as filing
from issuer import _cycle_notice as notice
from issuer import _cycle_query as query
from issuer import _cycle_steps as steps
from issuer._cycle_api_models import (
    ApplyIn,
    BatchDecideIn,
    BatchNoteIn,
    BatchSchoolIn,
    CorrectIn,
    CycleIn,
    DecideIn,
    FileIn,
    NoteIn,
    ObjectionIn,
    PublishIn,
    ResolveIn,
    SchoolReviewIn,
    Versioned,
)

__all__ = ["router"]

#: mounted inside issuer.api's ``admin_router`` (``/api/admin``): /api/admin/registration/…
router = APIRouter(prefix="/registration", tags=["admin: 定期注册"])
_ERR: dict[str, Any] = {"description": "error", "content": {"application/json": {"example": {
    "error": {"code": "step_not_allowed", "message": "…"}}}}}
_ERRORS: dict[int | str, dict[str, Any]] = {c: _ERR for c in (401, 403, 404, 409, 422)}


# ---- helpers --------------------------------------------------------------------------------

def _cycle_out(cycle: RegistrationCycle, session: Session | None = None) -> dict[str, Any]:
    out = cycle.model_dump(mode="json")
    out["points"] = json.loads(cycle.points)
    out["state_label"] = cycle.state.zh
    if session is not None and cycle.id is not None:
        out["counts"] = {str(k): v for k, v in query.state_counts(session, cycle.id).items()}
    return out


def _cycle(session: Session, user: User, action: Action, cycle_id: int) -> RegistrationCycle:
    cycle = cycles.cycle_by_id(session, cycle_id)
    cycles.authorize_cycle(user, action, cycle)
    return cycle


def _own_school(user: User) -> str | None:
    """A school reviewer sees their school only; everyone else the whole county."""
    return user.school if user.role == Role.SCHOOL else None


def _apps(session: Session, user: User, action: Action, ids: list[int]) -> list[int]:
    for app_id in ids:
        cycles.authorize_application(session, user, action, app_id)
    return ids


def _view(session: Session, app_id: int) -> dict[str, Any]:
    return query.application_view(session, app_id).to_dict()


def _act(session: Session, user: User, action: Action, app_id: int,
         step: Callable[[], object]) -> dict[str, Any]:
    """core.policy on the application, then the step, then the application as it is now."""
    cycles.authorize_application(session, user, action, app_id)
    step()
    return _view(session, app_id)


# ---- cycles ---------------------------------------------------------------------------------

@router.get("/cycles", responses=_ERRORS, summary="The cycles in your region")
def list_cycles(session: DbSession, user: CurrentUser, year: int | None = None,
                state: CycleState | None = None) -> list[dict[str, Any]]:
    """Cycles whose county lies in the caller's region, newest year first."""
    authorize(user, Action.CYCLE_READ)
    return [_cycle_out(c) for c in cycles.cycles_for(session, user.region, year=year,
                                                      state=state)]


@router.post("/cycles", status_code=201, responses=_ERRORS, summary="Open a cycle (后台设置)")
def open_cycle(body: CycleIn, session: DbSession, user: CurrentUser) -> dict[str, Any]:
    """An admin opens a county's cycle for a year with the stage windows."""
    authorize(user, Action.CYCLE_PLAN, division_code=body.region)
    return _cycle_out(cycles.open_cycle(session, body.plan(), actor=user.name), session)


@router.get("/cycles/{cycle_id}", responses=_ERRORS, summary="One cycle with its counts")
def show_cycle(cycle_id: int, session: DbSession, user: CurrentUser) -> dict[str, Any]:
    """The cycle, its windows and how many applications are in each state."""
    return _cycle_out(_cycle(session, user, Action.CYCLE_READ, cycle_id), session)


@router.put("/cycles/{cycle_id}", responses=_ERRORS, summary="Change an open cycle's plan")
def update_cycle(cycle_id: int, body: CycleIn, session: DbSession,
                 user: CurrentUser) -> dict[str, Any]:
    """Title, period start, windows, notice days, points (county and year stay)."""
    _cycle(session, user, Action.CYCLE_PLAN, cycle_id)
    return _cycle_out(cycles.update_cycle(session, cycle_id, body.plan(), actor=user.name),
                      session)


@router.get("/cycles/{cycle_id}/due", responses=_ERRORS, summary="Who is due in the cycle")
def due(cycle_id: int, session: DbSession, user: CurrentUser,
        limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> list[dict[str, Any]]:
    """Certificates due (core.rules.is_due), masked IDs; a school reviewer's school only."""
    _cycle(session, user, Action.CYCLE_READ, cycle_id)
    rows = query.due_certificates(session, cycle_id, school=_own_school(user), limit=limit,
                                  offset=offset)
    return [r.__dict__ for r in rows]


@router.get("/cycles/{cycle_id}/applications", responses=_ERRORS,
            summary="The applications of a cycle")
def list_applications(cycle_id: int, session: DbSession, user: CurrentUser,
                      state: ApplicationState | None = None, school: str | None = None,
                      limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
                      offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
                      ) -> list[dict[str, Any]]:
    """By school and name; a school reviewer sees their own school's only."""
    _cycle(session, user, Action.CYCLE_READ, cycle_id)
    school = _own_school(user) or school
    return [v.to_dict() for v in query.applications(session, cycle_id, school=school,
                                                    state=state, limit=limit, offset=offset)]


@router.post("/cycles/{cycle_id}/applications", status_code=201, responses=_ERRORS,
             summary="Submit an application for a teacher (school or clerk)")
def submit(cycle_id: int, body: ApplyIn, session: DbSession,
           user: CurrentUser) -> dict[str, Any]:
    """One per certificate and cycle; a school submits for its own school."""
    cycle = cycles.cycle_by_id(session, cycle_id)
    cycles.authorize_cycle(user, Action.CYCLE_APPLY, cycle, school=body.school)
    source = "school" if user.role == Role.SCHOOL else "staff"
    app = steps.apply(session, cycle_id, body.certificate_number, details=body.details(),
                      source=source, actor=user.name)
    assert app.id is not None
    return _view(session, app.id)


@router.post("/cycles/{cycle_id}/school-review", responses=_ERRORS,
             summary="学校审查 of many applications")
def school_review_many(cycle_id: int, body: BatchSchoolIn, session: DbSession,
                       user: CurrentUser) -> dict[str, Any]:
    """Pass or return many; each refused for itself (``refused``)."""
    _cycle(session, user, Action.CYCLE_SCHOOL, cycle_id)
    ids = _apps(session, user, Action.CYCLE_SCHOOL, body.application_ids)
    return steps.school_review_many(session, ids, passed=body.passed, note=body.note,
                                    actor=user.name).to_dict()


@router.post("/cycles/{cycle_id}/decide", responses=_ERRORS, summary="县级审核 in a batch")
def decide_many(cycle_id: int, body: BatchDecideIn, session: DbSession,
                user: CurrentUser) -> dict[str, Any]:
    """One conclusion for many applications; each refused for itself."""
    _cycle(session, user, Action.CYCLE_DECIDE, cycle_id)
    ids = _apps(session, user, Action.CYCLE_DECIDE, body.application_ids)
    return steps.decide_many(session, ids, conclusion=body.conclusion, reason=body.reason,
                             reason_text=body.reason_text, actor=user.name).to_dict()


@router.post("/cycles/{cycle_id}/publish", responses=_ERRORS, summary="公示 the decided")
def publish_notice(cycle_id: int, body: PublishIn, session: DbSession,
                   user: CurrentUser) -> dict[str, Any]:
    """The given applications, or every decided one not yet on notice."""
    _cycle(session, user, Action.CYCLE_DECIDE, cycle_id)
    return steps.publish_notice(session, cycle_id, application_ids=body.application_ids,
                                actor=user.name).to_dict()


@router.get("/cycles/{cycle_id}/notice", responses=_ERRORS, summary="The county's notice rows")
def notice_rows(cycle_id: int, session: DbSession, user: CurrentUser,
                all_rows: Annotated[bool, Query(alias="all")] = False) -> list[dict[str, Any]]:
    """What the public notice shows (running ones, or ``all=true`` every one published)."""
    _cycle(session, user, Action.CYCLE_READ, cycle_id)
    rows = notice.notice_rows(session, cycle_id, running_only=not all_rows)
    return [{**r.__dict__, "conclusion": r.conclusion.value,
             "notice_from": r.notice_from.isoformat(),
             "notice_until": r.notice_until.isoformat()} for r in rows]


@router.post("/cycles/{cycle_id}/city-confirm", responses=_ERRORS,
             summary="市级复核通过 in a batch")
def city_confirm_many(cycle_id: int, body: BatchNoteIn, session: DbSession,
                      user: CurrentUser) -> dict[str, Any]:
    """After the full notice, no objection open; each refused for itself."""
    _cycle(session, user, Action.CYCLE_CITY, cycle_id)
    ids = _apps(session, user, Action.CYCLE_CITY, body.application_ids)
    return steps.city_confirm_many(session, ids, note=body.note, actor=user.name).to_dict()


@router.post("/cycles/{cycle_id}/file", responses=_ERRORS, summary="省级备案 of the cycle")
def file_cycle(cycle_id: int, body: FileIn, session: DbSession, user: CurrentUser,
               settings: AppSettings) -> dict[str, Any]:
    """Every confirmed application becomes a registration; credentials re-issued, the status
    list signed; sticker counts per county. Refused while any is still under review."""
    _cycle(session, user, Action.CYCLE_FILE, cycle_id)
    result = filing.file_cycle(session, cycle_id, actor=user.name, authority=body.authority)
    session.commit()  # re-issuance and the status list read the committed registrations
    published = filing.publish_filing(result, settings=settings, actor=user.name)
    return {**result.to_dict(), "publication": published.to_dict()}


@router.get("/stickers", responses=_ERRORS, summary="注册贴 counts per county")
def stickers(session: DbSession, user: CurrentUser,
             year: Annotated[int, Query(ge=2000, le=9999)]) -> list[dict[str, Any]]:
    """Filed conclusions per county of the caller's region for a year."""
    authorize(user, Action.CYCLE_READ)
    return [{**s.__dict__, "total": s.total}
            for s in filing.sticker_counts(session, region=user.region, year=year)]


# ---- one application ------------------------------------------------------------------------

@router.get("/applications/{application_id}", responses=_ERRORS, summary="One application")
def show_application(application_id: int, session: DbSession,
                     user: CurrentUser) -> dict[str, Any]:
    """With the steps its state allows next."""
    return _act(session, user, Action.CYCLE_READ, application_id, lambda: None)


@router.post("/applications/{application_id}/correct", responses=_ERRORS,
             summary="Correct an application's data (audited)")
def correct(application_id: int, body: CorrectIn, session: DbSession,
            user: CurrentUser) -> dict[str, Any]:
    """school, school_type, post, training_hours, assessments; before the county decides."""
    return _act(session, user, Action.CYCLE_SCHOOL, application_id, lambda: steps.correct(
        session, application_id, changes=body.changes, actor=user.name,
        row_version=body.row_version))


@router.post("/applications/{application_id}/school-review", responses=_ERRORS,
             summary="学校审查: pass or return")
def school_review(application_id: int, body: SchoolReviewIn, session: DbSession,
                  user: CurrentUser) -> dict[str, Any]:
    """A return needs the note the teacher reads."""
    return _act(session, user, Action.CYCLE_SCHOOL, application_id, lambda: steps.school_review(
        session, application_id, passed=body.passed, note=body.note, actor=user.name,
        row_version=body.row_version))


@router.post("/applications/{application_id}/decide", responses=_ERRORS,
             summary="县级审核: the conclusion")
def decide(application_id: int, body: DecideIn, session: DbSession,
           user: CurrentUser) -> dict[str, Any]:
    """注册合格, or 暂缓注册 / 注册不合格 with a reason."""
    return _act(session, user, Action.CYCLE_DECIDE, application_id, lambda: steps.decide(
        session, application_id, conclusion=body.conclusion, reason=body.reason,
        reason_text=body.reason_text, actor=user.name, row_version=body.row_version))


@router.post("/applications/{application_id}/publish", responses=_ERRORS, summary="公示")
def publish(application_id: int, body: Versioned, session: DbSession,
            user: CurrentUser) -> dict[str, Any]:
    """The conclusion goes on the county's notice from today."""
    return _act(session, user, Action.CYCLE_DECIDE, application_id, lambda: steps.publish(
        session, application_id, actor=user.name, row_version=body.row_version))


@router.post("/applications/{application_id}/city-confirm", responses=_ERRORS,
             summary="市级复核通过")
def city_confirm(application_id: int, body: NoteIn, session: DbSession,
                 user: CurrentUser) -> dict[str, Any]:
    """After the full notice and with no objection open."""
    return _act(session, user, Action.CYCLE_CITY, application_id, lambda: steps.city_confirm(
        session, application_id, note=body.note, actor=user.name, row_version=body.row_version))


@router.post("/applications/{application_id}/city-return", responses=_ERRORS,
             summary="市级退回县级")
def city_return(application_id: int, body: NoteIn, session: DbSession,
                user: CurrentUser) -> dict[str, Any]:
    """Back to the county with the reason (required)."""
    return _act(session, user, Action.CYCLE_CITY, application_id, lambda: steps.city_return(
        session, application_id, note=body.note, actor=user.name, row_version=body.row_version))


@router.get("/applications/{application_id}/objections", responses=_ERRORS,
            summary="Objections to a conclusion")
def list_objections(application_id: int, session: DbSession, user: CurrentUser,
                    settings: AppSettings) -> list[dict[str, Any]]:
    """Oldest first; the objector's contact only for the county's reviewers."""
    app = cycles.authorize_application(session, user, Action.CYCLE_OBJECTION, application_id)
    show = may(user, Action.CYCLE_DECIDE,
               division_code=cycles.cycle_by_id(session, app.cycle_id).region)
    return [{**o.model_dump(mode="json", exclude={"contact_cipher"}),
             "contact": notice.contact_of(o, settings.secret) if show else None}
            for o in notice.objections(session, application_id=application_id)]


@router.post("/applications/{application_id}/objections", status_code=201, responses=_ERRORS,
             summary="Record an objection received by county staff")
def record_objection(application_id: int, body: ObjectionIn, session: DbSession,
                     user: CurrentUser, settings: AppSettings) -> dict[str, Any]:
    """While the conclusion is decided and not confirmed; it holds the city's confirmation."""
    cycles.authorize_application(session, user, Action.CYCLE_OBJECTION, application_id)
    objection = notice.record_objection(session, application_id, text=body.text,
                                        contact=body.contact, secret=settings.secret,
                                        actor=user.name)
    return objection.model_dump(mode="json", exclude={"contact_cipher"})


@router.post("/objections/{objection_id}/resolve", responses=_ERRORS,
             summary="Resolve an objection (may change the conclusion)")
def resolve_objection(objection_id: int, body: ResolveIn, session: DbSession,
                      user: CurrentUser) -> dict[str, Any]:
    """With a new conclusion the county decides again and the notice starts again."""
    found = notice.objection_by_id(session, objection_id)
    cycles.authorize_application(session, user, Action.CYCLE_DECIDE, found.application_id)
    objection = notice.resolve_objection(session, objection_id, resolution=body.resolution,
                                         actor=user.name, conclusion=body.conclusion,
                                         reason=body.reason, reason_text=body.reason_text)
    return {**objection.model_dump(mode="json", exclude={"contact_cipher"}),
            "application": _view(session, objection.application_id)}
