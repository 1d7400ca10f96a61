"""One 定期注册 application in the console (``/admin/cycles/{id}/applications/{app}``): what the
teacher confirmed, each stage's result, the objections, and the step forms the user's role may
use now — school review (通过 / 退回补正 with a reason the teacher sees), data correction
(audited), the county's decision, objections recorded and resolved, the city's re-check.

Each POST goes through the cycle service; a refusal re-renders the page with the rule's Chinese
message in a ``notice bad`` box and the user's input kept; success redirects with a notice.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from core.db import row_or_none
from core.errors import EcertError, InvalidInput, NotFound
from core.models import RegistrationApplication, RegistrationCycle, RegistrationObjection, User
from core.policy import Action
from core.settings import Settings
from core.web import AppSettings, DbSession, StaffUser
from issuer import _cycle as cycles
from issuer import _cycle_notice as objections
from issuer import _cycle_query as query
from issuer import _cycle_steps as steps
from issuer.console._action_kit import refusal
from issuer.console._cycle_kit import (
    capabilities,
    conclusion_of,
    cycle_in_reach,
    page,
    reason_of,
    refused,
    school_of,
)
from issuer.console._cycle_upload import parse_assessments

__all__ = ["router"]

router = APIRouter(prefix="/admin/cycles/{cycle_id}/applications/{app_id}")
Short = Annotated[str, Form(max_length=200)]
Long = Annotated[str, Form(max_length=1000)]
#: the application's version the page showed: a step on a changed one is refused (stale_update)
Version = Annotated[int | None, Form(ge=1)]

_DONE = {"school_pass": "学校审查通过", "school_return": "已退回补正，教师将收到退回原因",
         "correct": "已更正申请信息（已记入审计日志）", "decide": "县级审核结论已保存",
         "objection": "异议已登记", "resolved": "异议已处理", "city_confirm": "市级复核通过",
         "city_return": "已退回县级重新审核"}


def _load(session: Session, user: User, cycle_id: int,
          app_id: int) -> tuple[RegistrationCycle, RegistrationApplication]:
    cycle = cycle_in_reach(session, user, cycle_id)
    app = row_or_none(session, RegistrationApplication, app_id)
    own = school_of(user)
    if app is None or app.cycle_id != cycle.id or (own is not None and app.school != own):
        raise NotFound("没有这份申请，或不在您的管辖范围内 (no such application)",
                              code="application_not_found")
    return cycle, app


def _objections(session: Session, settings: Settings, app_id: int) -> list[dict[str, Any]]:
    """The application's objections, each with its contact decrypted (staff only)."""
    found = []
    for o in objections.objections(session, application_id=app_id):
        try:
            contact = objections.contact_of(o, settings.secret) or ""
        except Exception:  # sealed under another secret: say so, never fail the page
            contact = "（无法解密）"
        found.append({"o": o, "contact": contact})
    return found


def _page(request: Request, session: Session, user: User, settings: Settings,
          cycle: RegistrationCycle, app: RegistrationApplication, *, done: str = "",
          error: str = "", values: dict[str, Any] | None = None,
          status_code: int = 200) -> HTMLResponse:
    row = query.application_view(session, int(app.id or 0))
    assessments = row.assessments
    return page(request, "application.html", {
        "cycle": cycle, "app": app, "r": row, "assessments": assessments,
        "assessments_text": "；".join(f"{a.get('year')}{a.get('result')}" for a in assessments),
        "objections": _objections(session, settings, int(app.id or 0)),
        "can": _steps_now(user, cycle, app), "done": _DONE.get(done, ""), "error": error,
        "values": {"note": "", "text": "", "contact": "", "conclusion": "", "reason": "",
                   "reason_text": "", "resolution": "", "objection": "",
                   "new_conclusion": "", "new_reason": "", "new_reason_text": "",
                   **(values or {})},
    }, status_code)


def _steps_now(user: User, cycle: RegistrationCycle,
               app: RegistrationApplication) -> dict[str, bool]:
    """The forms worth offering: what the role may do, in a state where the step can follow."""
    can = capabilities(user, cycle, school=app.school)
    state = app.state.value
    return {**can, "school": can["school"] and state == "submitted",
            "correct": can["correct"] and state in ("submitted", "returned"),
            "decide": can["decide"] and state in ("school_passed", "city_returned", "decided"),
            "objection": can["objection"] and state == "decided",
            "resolve": can["decide"],
            "city": can["city"] and state == "decided"}


@router.get("", response_class=HTMLResponse)
def application_page(request: Request, cycle_id: int, app_id: int, user: StaffUser,
                     session: DbSession, settings: AppSettings,
                     done: Annotated[str, Query(max_length=16)] = "") -> HTMLResponse:
    """One application whole, with the steps the user may take now."""
    try:
        cycle, app = _load(session, user, cycle_id, app_id)
    except EcertError as exc:
        return refused(request, exc)
    return _page(request, session, user, settings, cycle, app, done=done)


def _act(request: Request, session: Session, user: User, settings: Settings, cycle_id: int,
         app_id: int, values: dict[str, Any], action: Action, run: Any,
         done: str) -> Response:
    """Once core.policy lets ``user`` do ``action`` on the application, run one step; on
    refusal, the page again with the message and the input kept."""
    try:
        cycle, app = _load(session, user, cycle_id, app_id)
    except EcertError as exc:
        return refused(request, exc)
    try:
        cycles.authorize_application(session, user, action, app_id)
        run(app)
        session.flush()
    except EcertError as exc:
        session.rollback()
        cycle, app = _load(session, user, cycle_id, app_id)
        return _page(request, session, user, settings, cycle, app, error=refusal(exc),
                     values=values, status_code=exc.http_status)
    return RedirectResponse(f"/admin/cycles/{cycle_id}/applications/{app_id}?done={done}",
                            status_code=303)


@router.post("/school", response_class=HTMLResponse, response_model=None)
def school_review(request: Request, cycle_id: int, app_id: int, user: StaffUser,
                  session: DbSession, settings: AppSettings, verdict: Short = "",
                  note: Long = "", row_version: Version = None) -> Response:
    """学校审查: pass, or return for correction with a reason the teacher sees."""
    passed = verdict == "pass"
    return _act(request, session, user, settings, cycle_id, app_id, {"note": note},
                Action.CYCLE_SCHOOL,
                lambda app: steps.school_review(session, app_id, passed=passed, note=note,
                                                actor=user.name, row_version=row_version),
                "school_pass" if passed else "school_return")


@router.post("/correct", response_class=HTMLResponse, response_model=None)
def correct(request: Request, cycle_id: int, app_id: int, user: StaffUser, session: DbSession,
            settings: AppSettings, school: Short = "", post: Short = "",
            training_hours: Short = "", assessments: Short = "",
            row_version: Version = None) -> Response:
    """The school corrects what the teacher entered (before → after in the audit trail)."""
    values = {"school": school, "post": post, "training_hours": training_hours,
              "assessments": assessments}

    def run(app: RegistrationApplication) -> None:
        found, problems = parse_assessments(assessments)
        if problems:
            raise InvalidInput("；".join(problems), field="assessments", rule="assessments")
        hours = training_hours.strip()
        if hours and not hours.isdigit():
            raise InvalidInput("培训学时应为整数", field="training_hours", rule="number")
        changes = {"school": school.strip() or app.school, "post": post.strip(),
                   "training_hours": int(hours) if hours else None, "assessments": found}
        steps.correct(session, app_id, changes=changes, actor=user.name,
                      row_version=row_version)
    return _act(request, session, user, settings, cycle_id, app_id, values,
                Action.CYCLE_SCHOOL, run, "correct")


@router.post("/decide", response_class=HTMLResponse, response_model=None)
def decide(request: Request, cycle_id: int, app_id: int, user: StaffUser, session: DbSession,
           settings: AppSettings, conclusion: Short = "", reason: Short = "",
           reason_text: Short = "", row_version: Version = None) -> Response:
    """县级审核 of one application: a conclusion, and its reason from the list."""
    values = {"conclusion": conclusion, "reason": reason, "reason_text": reason_text}
    return _act(request, session, user, settings, cycle_id, app_id, values,
                Action.CYCLE_DECIDE,
                lambda app: steps.decide(session, app_id, conclusion=conclusion_of(conclusion),
                                         reason=reason_of(reason), reason_text=reason_text,
                                         actor=user.name, row_version=row_version), "decide")


@router.post("/objections", response_class=HTMLResponse, response_model=None)
def record_objection(request: Request, cycle_id: int, app_id: int, user: StaffUser,
                     session: DbSession, settings: AppSettings, text: Long = "",
                     contact: Short = "") -> Response:
    """Record an objection received by phone or letter (it holds the conclusion)."""
    return _act(request, session, user, settings, cycle_id, app_id,
                {"text": text, "contact": contact}, Action.CYCLE_OBJECTION,
                lambda app: objections.record_objection(
                    session, app_id, text=text, contact=contact.strip() or None,
                    actor=user.name, secret=settings.secret), "objection")


@router.post("/objections/{objection_id}/resolve", response_class=HTMLResponse,
             response_model=None)
def resolve_objection(request: Request, cycle_id: int, app_id: int, objection_id: int,
                      user: StaffUser, session: DbSession, settings: AppSettings,
                      resolution: Long = "", conclusion: Short = "", reason: Short = "",
                      reason_text: Short = "") -> Response:
    """Resolve an objection (what was found and done); upheld, with a new conclusion, the
    county decides again and the new conclusion goes on notice from today."""
    values = {"resolution": resolution, "objection": str(objection_id),
              "new_conclusion": conclusion, "new_reason": reason, "new_reason_text": reason_text}

    def run(app: RegistrationApplication) -> None:
        found = row_or_none(session, RegistrationObjection, objection_id)
        if found is None or found.application_id != app_id:
            raise NotFound("没有这条异议 (no such objection)", code="objection_not_found")
        objections.resolve_objection(
            session, objection_id, resolution=resolution, actor=user.name,
            conclusion=conclusion_of(conclusion) if conclusion else None,
            reason=reason or None, reason_text=reason_text)
    return _act(request, session, user, settings, cycle_id, app_id, values,
                Action.CYCLE_DECIDE, run, "resolved")


@router.post("/city", response_class=HTMLResponse, response_model=None)
def city_review(request: Request, cycle_id: int, app_id: int, user: StaffUser,
                session: DbSession, settings: AppSettings, verdict: Short = "",
                note: Long = "", row_version: Version = None) -> Response:
    """市级复核: confirm, or return to the county with a reason."""
    if verdict == "confirm":
        return _act(request, session, user, settings, cycle_id, app_id, {"note": note},
                    Action.CYCLE_CITY, lambda app: steps.city_confirm(
                        session, app_id, note=note, actor=user.name,
                        row_version=row_version), "city_confirm")
    return _act(request, session, user, settings, cycle_id, app_id, {"note": note},
                Action.CYCLE_CITY, lambda app: steps.city_return(
                    session, app_id, note=note, actor=user.name, row_version=row_version),
                "city_return")
