"""The teacher's 定期注册 application in the portal (``/holder/apply``), after the one-time code:
the cycle open for their certificate, their application's state and the school's return
reason, and the form to apply or, once returned, to correct and resubmit — confirming or
correcting school, post, training hours and annual assessment results.

It shares the portal's sealed session cookie and form token (``issuer._holder_pages``): no new
sign-in, no ID number in any page. The steps are the cycle services' (``apply`` with source
``portal``, ``resubmit``); their refusals (the transition's Chinese messages) are shown on the
form with the input kept.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, col, select

from core.db import engine_for, session_scope
from core.errors import EcertError, NotFound
from core.models import Certificate, Holder, RegistrationApplication, RegistrationCycle
from core.settings import Settings
from core.states import ApplicationState, CycleState
from core.web import AppSettings
from issuer import _cycle as cycles
from issuer import _cycle_steps as steps
from issuer._holder_pages import FORM, _lang, _refused, _render, _session_cert, _to
from issuer.console._cycle_upload import parse_assessments

__all__ = ["router"]

router = APIRouter(prefix="/holder", include_in_schema=False)
Field = Annotated[str, Form(max_length=200)]

_DONE = {"applied": ("申请已提交，请等待学校审查。", "Submitted for school review."),
         "resubmitted": ("已重新提交，请等待学校审查。", "Resubmitted for school review.")}


def _current(session: Session, cert: Certificate) -> tuple[RegistrationCycle | None,
                                                          RegistrationApplication | None]:
    """The application in an open cycle (the newest), else a cycle open for applying."""
    found = session.exec(select(RegistrationApplication, RegistrationCycle).join(
        RegistrationCycle, col(RegistrationCycle.id) == RegistrationApplication.cycle_id).where(
        RegistrationApplication.certificate_id == cert.id,
        RegistrationCycle.state == CycleState.OPEN).order_by(
        col(RegistrationCycle.year).desc())).first()
    if found is not None:
        app, cycle = found
        return cycle, app
    open_now = cycles.open_cycles_for_certificate(session, cert.number)
    return (open_now[0] if open_now else None), None


def _values(app: RegistrationApplication | None) -> dict[str, str]:
    if app is None:
        return {"school": "", "school_type": "public", "post": "专任教师", "training_hours": "",
                "assessments": ""}
    return {"school": app.school, "school_type": app.school_type, "post": app.post,
            "training_hours": "" if app.training_hours is None else str(app.training_hours),
            "assessments": "；".join(f"{a.get('year')}{a.get('result')}"
                                    for a in json.loads(app.assessments or "[]"))}


def _page(request: Request, settings: Settings, session: Session, cert: Certificate, *,
          values: dict[str, str] | None = None, problems: list[tuple[str, str]] | None = None,
          done: str = "", status_code: int = 200) -> HTMLResponse:
    cycle, app = _current(session, cert)
    holder = session.get(Holder, cert.holder_id)
    editable = cycle is not None and (app is None or app.state is ApplicationState.RETURNED)
    return _render(request, settings, "apply.html", {
        "cert": cert, "name": holder.name if holder else "", "cycle": cycle, "app": app,
        "editable": editable, "values": values or _values(app), "problems": problems or [],
        "done": _DONE.get(done)}, status_code)


@router.get("/apply", response_class=HTMLResponse)
def apply_page(request: Request, settings: AppSettings) -> Response:
    """The application: its state, the school's reason, the form (with a holder session)."""
    with session_scope(engine_for(settings)) as session:
        cert = _session_cert(request, settings, session)
        if cert is None:
            return _to("/holder?expired=1", _lang(request))
        return _page(request, settings, session, cert,
                     done=request.query_params.get("done", ""))


def _details(values: dict[str, str]) -> tuple[steps.ApplicationDetails | None,
                                               list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    if not values["school"].strip():
        problems.append(("请填写任教学校。", "Enter your school."))
    hours = values["training_hours"].strip()
    if not hours.isdigit():
        problems.append(("培训学时应为整数。", "Training hours are a whole number."))
    found, bad = parse_assessments(values["assessments"])
    problems += [(p, "Annual assessments: write e.g. 2023合格；2024优秀.") for p in bad]
    if not found and not bad:
        problems.append(("请填写年度考核结果。", "Enter your annual assessment results."))
    if problems:
        return None, problems
    return steps.ApplicationDetails(
        school=values["school"].strip(), school_type=values["school_type"],
        post=values["post"].strip(), training_hours=int(hours),
        assessments=tuple(found)), []


@router.post("/apply", response_class=HTMLResponse)
def apply_submit(request: Request, settings: AppSettings, school: Field = "",
                 school_type: Field = "public", post: Field = "", training_hours: Field = "",
                 assessments: Field = "", csrf_token: Field = "") -> Response:
    """Apply (or resubmit a returned application) with what the teacher confirmed."""
    if not FORM.accepts(request, settings, csrf_token):
        return _refused(request, settings)
    values = {"school": school, "school_type": "private" if school_type == "private"
              else "public", "post": post, "training_hours": training_hours,
              "assessments": assessments}
    with session_scope(engine_for(settings)) as session:
        cert = _session_cert(request, settings, session)
        if cert is None:
            return _to("/holder?expired=1", _lang(request))
        details, problems = _details(values)
        if details is None:
            return _page(request, settings, session, cert, values=values, problems=problems,
                         status_code=422)
        done = _submit(session, cert, details)
        if isinstance(done, EcertError):
            session.rollback()
            return _page(request, settings, session, cert, values=values,
                         problems=[(done.message, done.message)],
                         status_code=done.http_status)
    suffix = "&lang=en" if _lang(request) == "en" else ""
    return RedirectResponse(f"/holder/apply?done={done}{suffix}", status_code=303)


def _submit(session: Session, cert: Certificate,
            details: steps.ApplicationDetails) -> str | EcertError:
    """apply or resubmit; what was done, or the refusal."""
    cycle, app = _current(session, cert)
    try:
        if app is not None:
            steps.resubmit(session, int(app.id or 0), details=details, actor="holder")
            return "resubmitted"
        if cycle is None:
            raise NotFound("您的证书目前没有正在进行的定期注册 (no cycle open)",
                                  code="cycle_not_found")
        steps.apply(session, int(cycle.id or 0), cert.number, details=details,
                    source="portal", actor="holder")
        return "applied"
    except EcertError as exc:
        return exc

