"""The 定期注册 console (``/admin/cycles``): the cycles of the user's region, planning one
(后台设置: form → preview with the number due → confirm), one cycle's overview (counts per
state, who is due, the applications the user may see), and the batch steps (county decisions,
city confirmations: selection → preview of each application's outcome → confirm), publishing
the notice, provincial filing, and the three reporting forms.

Every route signs in with the staff session (core.web.StaffUser, CSRF on every POST); what a
user may do is core.policy's (``capabilities``), and every change goes through the cycle
services, whose refusals (the transition's Chinese messages) are shown in a ``notice bad`` box
with the user's input kept. One application's page and its steps: ``_cycle_app_pages``; the
school's XLSX submission: ``_cycle_upload_pages``.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from core.clock import today
from core.errors import Conflict, EcertError, InvalidInput
from core.models import RegistrationCycle, User
from core.policy import Action, authorize
from core.rules import Window
from core.states import ApplicationState
from core.web import AppSettings, DbSession, StaffUser
from issuer import _cycle as cycles
from issuer import _cycle_filing as filing
from issuer import _cycle_query as query
from issuer import _cycle_steps as steps
from issuer._cycle_forms import FormKind, cycle_form_file
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

__all__ = ["router"]

router = APIRouter(prefix="/admin/cycles")
_STAGES = (("apply", "本人申请", "Apply"), ("school", "学校审查", "School review"),
           ("county", "县级审核", "County decision"), ("city", "市级复核", "City re-check"))
_PLAN_FIELDS = ("region", "year", "title", "period_start", "notice_days", "points",
                *(f"{k}_{e}" for k, _z, _e in _STAGES for e in ("from", "until")))
Text = Annotated[str, Form(max_length=200)]


# ---- the list and planning ------------------------------------------------------------------

@router.get("", response_class=HTMLResponse)
def cycle_list(request: Request, user: StaffUser, session: DbSession,
               done: Annotated[str, Query(max_length=16)] = "") -> HTMLResponse:
    """The cycles of the user's region, with their dates, sizes and states."""
    try:
        authorize(user, Action.CYCLE_READ)
    except EcertError as exc:
        return refused(request, exc)
    rows = [{"cycle": c, "total": sum(query.state_counts(session, c.id or 0,
                                                         school=school_of(user)).values())}
            for c in cycles.cycles_for(session, user.region)]
    return page(request, "list.html", {
        "cycles": rows, "can_plan": capabilities(user, _dummy_cycle())["plan"],
        "done": "注册周期已创建 Cycle created" if done == "planned" else ""})


def _dummy_cycle() -> RegistrationCycle:
    """An open cycle with no region, for asking what the user may plan."""
    day = date(2000, 1, 1)
    return RegistrationCycle(region="", year=2000, title="", period_start=day, apply_from=day,
                             apply_until=day, school_from=day, school_until=day,
                             county_from=day, county_until=day, city_from=day, city_until=day,
                             created_by="")


def _plan_defaults(user: User) -> dict[str, Any]:
    year = today().year
    return {"region": user.region if len(user.region) == 6 else "", "year": year, "title": "",
            "period_start": f"{year}-09-01", "notice_days": 7, "points": "",
            **{f"{k}_{e}": "" for k, _z, _e in _STAGES for e in ("from", "until")}}


@router.get("/new", response_class=HTMLResponse)
def plan_form(request: Request, user: StaffUser) -> HTMLResponse:
    """The planning form (admins)."""
    try:
        authorize(user, Action.CYCLE_PLAN)
    except EcertError as exc:
        return refused(request, exc)
    return page(request, "plan.html", {"values": _plan_defaults(user), "stages": _STAGES,
                                       "error": "", "preview": None})


def _day(values: dict[str, str], key: str, label: str) -> date:
    try:
        return date.fromisoformat(values.get(key, ""))
    except ValueError:
        raise InvalidInput(f"{label}不是日期（应为 2026-09-01）", field=key,
                           rule="date_format") from None


def _points(text: str) -> list[dict[str, Any]]:
    """``名称 | 地址 | 用户1, 用户2`` a line → the service's points."""
    points = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            continue
        users = [u.strip() for u in (parts[2] if len(parts) > 2 else "").replace("，", ",")
                 .split(",") if u.strip()]
        points.append({"name": parts[0], "address": parts[1] if len(parts) > 1 else "",
                       "users": users})
    return points


def _plan(values: dict[str, str]) -> cycles.CyclePlan:
    try:
        year, notice_days = int(values.get("year", "")), int(values.get("notice_days", "7"))
    except ValueError:
        raise InvalidInput("年度和公示天数应为数字", field="year", rule="number") from None
    windows = {k: Window(_day(values, f"{k}_from", f"{z}开始"), _day(values, f"{k}_until",
                                                                     f"{z}截止"))
               for k, z, _e in _STAGES}
    return cycles.CyclePlan(
        region=values.get("region", "").strip(), year=year,
        period_start=_day(values, "period_start", "注册有效期起始日"), title=values.get(
            "title", ""), notice_days=notice_days, points=_points(values.get("points", "")),
        **windows)


@router.post("/new", response_class=HTMLResponse, response_model=None)
async def plan_submit(request: Request, user: StaffUser, session: DbSession) -> Response:
    """Preview (the cycle as it would be saved, with the number due), then create it."""
    form = await request.form()
    values = {k: str(form.get(k, ""))[:4000] for k in _PLAN_FIELDS}
    context = {"values": values, "stages": _STAGES, "error": "", "preview": None}
    if form.get("back"):
        return page(request, "plan.html", context)
    try:
        authorize(user, Action.CYCLE_PLAN, division_code=values["region"] or None)
        cycle = cycles.open_cycle(session, _plan(values), actor=user.name)
        due = len(query.due_certificates(session, cycle.id or 0, limit=5000))
    except EcertError as exc:
        session.rollback()
        return page(request, "plan.html", {**context, "error": refusal(exc)}, exc.http_status)
    if form.get("step") != "confirm":
        preview = {"title": cycle.title, "region": cycle.region, "due": due}
        session.rollback()  # a preview writes nothing
        return page(request, "plan.html", {**context, "preview": preview})
    return RedirectResponse(f"/admin/cycles/{cycle.id}?done=planned", status_code=303)


# ---- one cycle ------------------------------------------------------------------------------

_DONE = {"planned": "注册周期已创建 Cycle created",
         "published": "已开始公示 The notice is published",
         "filed": "已省级备案 The cycle is filed", "uploaded": "已提交 Submitted",
         "decide": "县级审核结论已保存 Decided", "city_confirm": "市级复核通过 Confirmed",
         "school_pass": "学校审查通过 Passed"}


def _overview(request: Request, user: User, session: Session, cycle: RegistrationCycle, *,
              state: str = "", done: str = "", error: str = "", values: dict[str, Any] | None
              = None, status_code: int = 200) -> HTMLResponse:
    school = school_of(user)
    try:
        chosen = ApplicationState(state) if state else None
    except ValueError:
        chosen = None
    counts = query.state_counts(session, cycle.id or 0, school=school)
    can = capabilities(user, cycle)
    rows = query.applications(session, cycle.id or 0, school=school, state=chosen, limit=5000)
    unpublished = sum(1 for r in query.applications(
        session, cycle.id or 0, state=ApplicationState.DECIDED, limit=5000)
        if r.notice_from is None) if can["publish"] else 0
    due = None if school else len(query.due_certificates(session, cycle.id or 0, limit=5000))
    return page(request, "overview.html", {
        "cycle": cycle, "counts": list(counts.items()), "total": sum(counts.values()),
        "rows": rows,
        "state": chosen.value if chosen else "", "can": can, "due": due,
        "unpublished": unpublished, "points": json.loads(cycle.points or "[]"),
        "stickers": filing.sticker_counts(session, region=cycle.region, year=cycle.year)
        if cycle.filed_at else [],
        "done": _DONE.get(done, ""), "error": error,
        "values": values or {"ids": [], "conclusion": "", "reason": "", "reason_text": ""},
    }, status_code)


@router.get("/{cycle_id}", response_class=HTMLResponse)
def cycle_page(request: Request, cycle_id: int, user: StaffUser, session: DbSession,
               state: Annotated[str, Query(max_length=16)] = "",
               done: Annotated[str, Query(max_length=16)] = "") -> HTMLResponse:
    """One cycle: dates, who is due, counts per state, the applications and the user's steps."""
    try:
        cycle = cycle_in_reach(session, user, cycle_id)
    except EcertError as exc:
        return refused(request, exc)
    return _overview(request, user, session, cycle, state=state, done=done)


@router.get("/{cycle_id}/due", response_class=HTMLResponse)
def due_page(request: Request, cycle_id: int, user: StaffUser,
             session: DbSession) -> HTMLResponse:
    """Who is due in the cycle, and whether they have applied."""
    try:
        cycle = cycle_in_reach(session, user, cycle_id, Action.RECORD_READ)
    except EcertError as exc:
        return refused(request, exc)
    return page(request, "due.html", {
        "cycle": cycle, "due": query.due_certificates(session, cycle.id or 0, limit=5000)})


@router.get("/{cycle_id}/forms/{kind}.xlsx")
def form_download(cycle_id: int, kind: str, user: StaffUser, session: DbSession) -> Response:
    """One of the three reporting forms of the cycle (a school reviewer: their school's)."""
    cycle = cycle_in_reach(session, user, cycle_id)
    data = cycle_form_file(session, kind, region=cycle.region, year=cycle.year,
                           unit=user.school or cycle.title, day=today(),
                           school=school_of(user))
    name = str(FormKind(kind).title)  # a property (mypy reads str.title)
    return Response(data, media_type="application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet", headers={
                        "Content-Disposition": f"attachment; filename*=UTF-8''"
                        f"{quote(name)}.xlsx", "Cache-Control": "private, no-store"})


# ---- the county's and the city's steps over many applications -------------------------------

_BATCH = {"school_pass": ("学校审查通过", Action.CYCLE_SCHOOL),
          "decide": ("县级审核", Action.CYCLE_DECIDE),
          "city_confirm": ("市级复核通过", Action.CYCLE_CITY)}


def _ids(values: list[Any]) -> list[int]:
    return sorted({int(v) for v in values if str(v).isdigit()})[:2000]


@router.post("/{cycle_id}/batch", response_class=HTMLResponse, response_model=None)
async def batch(request: Request, cycle_id: int, user: StaffUser,
                session: DbSession) -> Response:
    """The selected applications through one step: a preview of each one's outcome (nothing
    written), then, confirmed, the step for those that may take it."""
    form = await request.form()
    step = str(form.get("step", ""))
    values = {k: str(form.get(k, ""))[:200] for k in ("conclusion", "reason", "reason_text")}
    ids = _ids(form.getlist("ids"))
    try:
        cycle = cycle_in_reach(session, user, cycle_id)
        label, action = _BATCH.get(step, ("", Action.CYCLE_DECIDE))
        if not label:
            raise InvalidInput("未知的操作 (unknown step)", field="step", rule="unknown_step")
        authorize(user, action, division_code=cycle.region, school=school_of(user))
        if not ids:
            raise InvalidInput("请先勾选申请 (select applications first)", field="ids",
                               rule="nothing_selected")
        run, outcome = _batch_runner(session, user, step, values)
    except EcertError as exc:
        session.rollback()
        if "cycle" not in locals():
            return refused(request, exc)
        return _overview(request, user, session, cycle, error=refusal(exc),
                         values={**values, "ids": [str(i) for i in ids]},
                         status_code=exc.http_status)
    wanted = set(ids)  # only this cycle's (and a school's own) applications, whatever was sent
    rows = [r for r in query.applications(session, cycle.id or 0, school=school_of(user),
                                          limit=5000) if r.id in wanted]
    result = run([r.id for r in rows])
    refusals = {r.application_id: r.message for r in result.refused}
    results = [(r, refusals.get(r.id, outcome), r.id not in refusals) for r in rows]
    if form.get("confirm"):
        return RedirectResponse(f"/admin/cycles/{cycle_id}?done={step}", status_code=303)
    session.rollback()  # the preview writes nothing
    ok_ids = [r.id for r, _m, ok in results if ok]
    return page(request, "batch_confirm.html", {
        "cycle": cycle, "step_label": label, "results": results, "ok_ids": ok_ids,
        "fields": [("step", step), ("confirm", "1"), *(("ids", i) for i in ok_ids),
                   *values.items()]})


def _batch_runner(session: Session, user: User, step: str,
                  values: dict[str, str]) -> tuple[Any, str]:
    """The service over many applications, and what it makes of each one done."""
    if step == "decide":
        conclusion, reason = conclusion_of(values["conclusion"]), reason_of(values["reason"])
        outcome = conclusion.zh + (f"（{reason.zh}）" if reason else "")
        return (lambda ids: steps.decide_many(
            session, ids, conclusion=conclusion, reason=reason,
            reason_text=values["reason_text"], actor=user.name)), outcome
    if step == "school_pass":
        return (lambda ids: steps.school_review_many(session, ids, passed=True,
                                                     actor=user.name),
                ApplicationState.SCHOOL_PASSED.zh)
    return (lambda ids: steps.city_confirm_many(session, ids, actor=user.name),
            ApplicationState.CONFIRMED.zh)


@router.post("/{cycle_id}/publish", response_class=HTMLResponse, response_model=None)
def publish(request: Request, cycle_id: int, user: StaffUser, session: DbSession) -> Response:
    """Publish the decided conclusions not yet on notice (公示 starts today)."""
    try:
        cycle = cycle_in_reach(session, user, cycle_id)
        authorize(user, Action.CYCLE_DECIDE, division_code=cycle.region)  # refused: on the overview
        result = steps.publish_notice(session, cycle.id or 0, actor=user.name)
        if result.refused and not result.done:
            first = result.refused[0]
            raise Conflict(first.message, code=first.code)
    except EcertError as exc:
        session.rollback()
        if "cycle" not in locals():
            return refused(request, exc)
        return _overview(request, user, session, cycle, error=refusal(exc),
                         status_code=exc.http_status)
    return RedirectResponse(f"/admin/cycles/{cycle_id}?done=published", status_code=303)


@router.get("/{cycle_id}/file", response_class=HTMLResponse)
def file_form(request: Request, cycle_id: int, user: StaffUser,
              session: DbSession) -> HTMLResponse:
    """What filing will do: the confirmed conclusions per kind, and those left out."""
    try:
        cycle = cycle_in_reach(session, user, cycle_id, Action.CYCLE_FILE)
    except EcertError as exc:
        return refused(request, exc)
    return _file_page(request, session, cycle)


def _file_page(request: Request, session: Session, cycle: RegistrationCycle, error: str = "",
               status_code: int = 200) -> HTMLResponse:
    rows = query.applications(session, cycle.id or 0, limit=5000)
    confirmed = [r for r in rows if r.state is ApplicationState.CONFIRMED]
    counts: dict[str, int] = {}
    for r in confirmed:
        key = r.conclusion or ""
        counts[key] = counts.get(key, 0) + 1
    return page(request, "file.html", {
        "cycle": cycle, "counts": sorted(counts.items()), "error": error,
        "waiting": len(rows) - len(confirmed)}, status_code)


@router.post("/{cycle_id}/file", response_class=HTMLResponse, response_model=None)
def file_submit(request: Request, cycle_id: int, user: StaffUser, session: DbSession,
                settings: AppSettings) -> Response:
    """省级备案: the confirmed conclusions become registrations; the verifier shows them."""
    try:
        cycle = cycle_in_reach(session, user, cycle_id)
        authorize(user, Action.CYCLE_FILE, division_code=cycle.region)  # refused: on its page
        result = filing.file_cycle(session, cycle.id or 0, actor=user.name)
    except EcertError as exc:
        session.rollback()
        if "cycle" not in locals():
            return refused(request, exc)
        return _file_page(request, session, cycle, refusal(exc), exc.http_status)
    session.commit()  # the filing stands before the credentials are issued again
    filing.publish_filing(result, settings=settings, actor=user.name)
    return RedirectResponse(f"/admin/cycles/{cycle_id}?done=filed", status_code=303)
