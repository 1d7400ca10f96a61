"""The public notice of 定期注册 conclusions (公示, ``/notice``): the notices running today, one
county's list in one cycle, and the objection (异议) form under it.

The notice is public and an objection writes to the registry, so it lives in issuer (the
verifier has no write access) and is published to the internet beside ``/holder``. A page shows
name, school, qualification type and conclusion only — never an ID number, birth date or
contact: the rows come from the cycle service's :func:`notice_rows`, which builds them from
those fields alone.

The objection form is a public form that changes something, so it is protected as the holder
portal's forms are: a random cookie (``ecert_notice_csrf``, HttpOnly, SameSite=Strict, path
``/notice``) whose HMAC the form carries, and a refusal of a request a browser says comes from
another site (``core.web.same_origin``). Objections are rate-limited per client address by the
service (``submit_objection``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from core.clock import today
from core.db import engine_for, row_or_none, session_scope
from core.errors import EcertError
from core.models import RegistrationCycle
from core.pages import page_templates
from core.ratelimit import TooManyRequests
from core.rules import QualificationType, division_name
from core.settings import Settings
from core.web import AppSettings, PublicForm, client_key
from issuer._cycle_notice import NoticeRow, notice_cycles, notice_rows, submit_objection

__all__ = ["NoticeRef", "router"]

router = APIRouter(prefix="/notice", include_in_schema=False)
templates = page_templates(Path(__file__).parent / "templates")

#: the objection form's CSRF cookie and token (the portal's scheme, its own cookie and key)
FORM = PublicForm(cookie="ecert_notice_csrf", path="/notice", label="ecert/notice-form/v1")
LongText = Annotated[str, Form(max_length=1000)]
ShortText = Annotated[str, Form(max_length=100)]
_TONES = {"注册合格": "ok", "暂缓注册": "warn", "注册不合格": "bad"}


@dataclass(frozen=True)
class NoticeRef:
    """One running notice: a county's conclusions of one cycle, and its days."""

    cycle_id: int
    county: str
    county_name: str
    title: str
    first: date
    last: date
    count: int


@dataclass(frozen=True)
class _Line:
    """A notice row as the page shows it (the select's value is the application's id)."""

    ref: int
    name: str
    school: str
    qualification: str
    conclusion: str
    tone: str


def _ref(cycle: RegistrationCycle, rows: list[NoticeRow]) -> NoticeRef:
    return NoticeRef(cycle_id=int(cycle.id or 0), county=cycle.region,
                     county_name=division_name(cycle.region) or cycle.region, title=cycle.title,
                     first=min(r.notice_from for r in rows),
                     last=max(r.notice_until for r in rows), count=len(rows))


#: the qualification types' English names, by their Chinese label (the notice row's)
_QUALIFICATION_EN = {str(q.label): str(q.english) for q in QualificationType}


def _lines(rows: list[NoticeRow], lang: str) -> list[_Line]:
    return [_Line(r.application_id, r.name, r.school,
                  _QUALIFICATION_EN.get(r.qualification, r.qualification) if lang == "en"
                  else r.qualification,
                  r.conclusion.label(lang), _TONES.get(r.conclusion.value, "warn"))
            for r in rows]


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "zh"


def _render(request: Request, settings: Settings, name: str, context: dict[str, Any],
            status_code: int = 200) -> HTMLResponse:
    lang = _lang(request)
    token, nonce = FORM.token(request, settings)
    response = templates.TemplateResponse(request, f"notice/{name}", {
        "lang": lang, "q": "?lang=en" if lang == "en" else "", "csrf_token": token,
        "t": lambda zh, en: en if lang == "en" else zh, **context}, status_code=status_code)
    FORM.set_cookie(response, request, nonce)
    response.headers["Cache-Control"] = "no-store"
    return response


def _message(request: Request, settings: Settings, kind: str, zh: str, en: str,
             status_code: int) -> HTMLResponse:
    return _render(request, settings, "message.html", {"kind": kind, "zh": zh, "en": en},
                   status_code)


def _not_running(request: Request, settings: Settings) -> HTMLResponse:
    return _message(request, settings, "warn", "该公示不存在或已经结束。",
                    "This notice does not exist or has ended.", 404)


@router.get("", response_class=HTMLResponse)
def notice_index(request: Request, settings: AppSettings) -> HTMLResponse:
    """The notices running today, per county and cycle."""
    day = today()
    with session_scope(engine_for(settings)) as session:
        notices = [_ref(c, notice_rows(session, int(c.id or 0), on=day))
                   for c in notice_cycles(session, on=day)]
    return _render(request, settings, "index.html", {"notices": notices})


def _county_page(request: Request, settings: Settings, cycle_id: int, county: str,
                 context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    with session_scope(engine_for(settings)) as session:
        cycle = row_or_none(session, RegistrationCycle, cycle_id)
        rows = notice_rows(session, cycle_id, on=today()) \
            if cycle is not None and cycle.region == county else []
    if cycle is None or not rows:
        return _not_running(request, settings)
    return _render(request, settings, "county.html", {
        "notice": _ref(cycle, rows), "rows": _lines(rows, _lang(request)), "problems": [],
        "sent": False,
        "values": {"application": "", "text": "", "contact": ""}, **context}, status_code)


@router.get("/{cycle_id}/{county}", response_class=HTMLResponse)
def notice_page(request: Request, settings: AppSettings, cycle_id: int,
                county: str) -> HTMLResponse:
    """One county's conclusions on notice in one cycle, and the objection form."""
    sent = request.query_params.get("sent") == "1"
    return _county_page(request, settings, cycle_id, county, {"sent": sent})


def _problems(application: str, text: str, contact: str) -> list[tuple[str, str]]:
    problems = []
    if not application.isdigit():
        problems.append(("请选择异议对象。", "Choose the teacher the objection is about."))
    if len(text.strip()) < 5:
        problems.append(("请写明异议的事实和理由（至少 5 个字）。",
                         "State the facts and your reasons (at least 5 characters)."))
    if contact and not re.fullmatch(r"[0-9A-Za-z@.+\-_ ]{5,64}", contact):
        problems.append(("联系方式应为电话号码或电子邮箱。",
                         "The contact should be a phone number or an e-mail address."))
    return problems


@router.post("/{cycle_id}/{county}", response_class=HTMLResponse)
def raise_objection(request: Request, settings: AppSettings, cycle_id: int, county: str,
                    application: ShortText = "", text: LongText = "", contact: ShortText = "",
                    csrf_token: ShortText = "") -> Response:
    """Record an objection to one conclusion on notice (anonymous; a contact is optional and
    kept encrypted, shown to the county's staff only)."""
    if not FORM.accepts(request, settings, csrf_token):
        return _message(request, settings, "bad", "页面已过期或请求来源不正确，请刷新公示页面后"
                        "重新填写。", "This form has expired or did not come from this site; "
                        "please reload the notice and try again.", 403)
    values = {"application": application, "text": text, "contact": contact.strip()}
    problems = _problems(application, text, contact.strip())
    if problems:
        return _county_page(request, settings, cycle_id, county,
                            {"problems": problems, "values": values}, 422)
    return _record(request, settings, cycle_id, county, values)


def _record(request: Request, settings: Settings, cycle_id: int, county: str,
            values: dict[str, str]) -> Response:
    try:
        with session_scope(engine_for(settings)) as session:
            cycle = row_or_none(session, RegistrationCycle, cycle_id)
            on_notice = {r.application_id for r in notice_rows(session, cycle_id, on=today())} \
                if cycle is not None else set()
            if cycle is None or cycle.region != county or not on_notice:
                return _not_running(request, settings)
            if int(values["application"]) not in on_notice:  # another county's application
                return _county_page(request, settings, cycle_id, county, {"problems": [(
                    "请从列表中选择异议对象。", "Choose a teacher from the list.")],
                    "values": values}, 422)
            submit_objection(session, int(values["application"]), text=values["text"],
                             contact=values["contact"] or None, client=client_key(request),
                             secret=settings.secret)
    except TooManyRequests as exc:
        response = _message(request, settings, "warn",
                            f"提交过于频繁，请 {exc.retry_after} 秒后再试。",
                            f"Too many objections; please try again in {exc.retry_after} "
                            "seconds.", 429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except EcertError as exc:
        return _county_page(request, settings, cycle_id, county, {
            "problems": [(exc.message, exc.message)], "values": values}, exc.http_status)
    lang = "&lang=en" if _lang(request) == "en" else ""
    return RedirectResponse(f"/notice/{cycle_id}/{county}?sent=1{lang}", status_code=303)
