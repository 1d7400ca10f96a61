"""The school's bulk submission (``/admin/cycles/{id}/upload``): the 基本情况表 XLSX uploaded,
every row previewed with what it would become or why it cannot be submitted (the rows run
through the very service and the transaction is rolled back), then confirmed: the rows
that may be submitted are, the others are left out and said so.

A school reviewer submits their own school's teachers only (a row naming another school is
refused); a row's name must be the certificate holder's. The file is bounded and read as a
hostile file (``_cycle_upload``).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, col, select

from core.errors import EcertError, InvalidInput
from core.models import Certificate, Holder, RegistrationCycle, User
from core.policy import Action
from core.rules import squeeze
from core.web import DbSession, StaffUser
from issuer import _cycle_steps as steps
from issuer.console._action_kit import refusal
from issuer.console._cycle_kit import cycle_in_reach, page, refused, school_of
from issuer.console._cycle_upload import MAX_BYTES, MAX_ROWS, UploadRow, parse_basic_form

__all__ = ["router"]

router = APIRouter(prefix="/admin/cycles/{cycle_id}/upload")


def _page(request: Request, cycle: RegistrationCycle, user: User, *,
          results: list[tuple[UploadRow, str, bool]] | None = None, error: str = "",
          status_code: int = 200) -> HTMLResponse:
    rows = [r.as_dict() for r, _m, ok in results or [] if ok]
    return page(request, "upload.html", {
        "cycle": cycle, "school": school_of(user), "error": error, "results": results,
        "ok_count": len(rows), "rows_json": json.dumps(rows, ensure_ascii=False),
        "max_rows": MAX_ROWS}, status_code)


def _holder_name(session: Session, number: str) -> str | None:
    return session.exec(select(Holder.name).join(
        Certificate, col(Certificate.holder_id) == Holder.id).where(
        Certificate.number == number)).first()


def _submit(session: Session, user: User, cycle: RegistrationCycle, row: UploadRow) -> str:
    """One row through the service (raises the refusal); what it did."""
    if row.errors:
        raise InvalidInput("；".join(row.errors), field="row", rule="row_invalid")
    own = school_of(user)
    school = row.school or own or ""
    if own and squeeze(school) != squeeze(own):
        raise InvalidInput(f"不是本校（{own}）的教师：{school}", field="school",
                           rule="outside_school")
    name = _holder_name(session, row.number)
    if name is not None and squeeze(name) != squeeze(row.name):
        raise InvalidInput(f"姓名与证书不符（证书持有人为 {name}）", field="name",
                           rule="name_mismatch")
    details = steps.ApplicationDetails(school=own or school, school_type=row.school_type,
                                       post=row.post, training_hours=row.training_hours,
                                       assessments=tuple(row.assessments))
    steps.apply(session, int(cycle.id or 0), row.number, details=details, source="school",
                actor=user.name)
    return "将提交申请，等待学校审查"


def _run_rows(session: Session, user: User, cycle: RegistrationCycle,
              rows: list[UploadRow]) -> list[tuple[UploadRow, str, bool]]:
    """Each row through the service: a refused row stops nothing and leaves nothing (every
    check comes before the row is written, as in the services' own batch steps; no savepoints,
    which SQLite's driver does not keep apart from the transaction)."""
    results: list[tuple[UploadRow, str, bool]] = []
    for row in rows:
        try:
            results.append((row, _submit(session, user, cycle, row), True))
        except EcertError as exc:
            results.append((row, refusal(exc), False))
    return results


@router.get("", response_class=HTMLResponse)
def upload_form(request: Request, cycle_id: int, user: StaffUser,
                session: DbSession) -> HTMLResponse:
    """The upload form, with how the sheet must look."""
    try:
        cycle = cycle_in_reach(session, user, cycle_id, Action.CYCLE_APPLY)
    except EcertError as exc:
        return refused(request, exc)
    return _page(request, cycle, user)


@router.post("", response_class=HTMLResponse)
async def upload_preview(request: Request, cycle_id: int, user: StaffUser, session: DbSession,
                         file: UploadFile) -> HTMLResponse:
    """Every row of the sheet with what it would become; nothing is written."""
    try:
        cycle = cycle_in_reach(session, user, cycle_id, Action.CYCLE_APPLY)
    except EcertError as exc:
        return refused(request, exc)
    data = await file.read(MAX_BYTES + 1)
    try:
        rows = parse_basic_form(data)
    except EcertError as exc:
        return _page(request, cycle, user, error=refusal(exc), status_code=exc.http_status)
    results = _run_rows(session, user, cycle, rows)
    session.rollback()  # a preview writes nothing
    return _page(request, cycle, user, results=results)


def _rows_of(text: str) -> list[UploadRow]:
    try:
        items: Any = json.loads(text)
        rows = [UploadRow(row=int(i["row"]), number=str(i["number"]), name=str(i["name"]),
                          school=str(i["school"]), school_type=str(i["school_type"]),
                          post=str(i["post"]), training_hours=i["training_hours"],
                          assessments=list(i["assessments"])) for i in items]
    except (ValueError, KeyError, TypeError):
        raise InvalidInput("确认内容已损坏，请重新上传 (the confirmation is damaged)",
                           field="rows", rule="rows_invalid") from None
    if len(rows) > MAX_ROWS:
        raise InvalidInput(f"一次最多提交 {MAX_ROWS} 人", field="rows", rule="too_many_rows")
    return rows


@router.post("/confirm", response_class=HTMLResponse, response_model=None)
async def upload_confirm(request: Request, cycle_id: int, user: StaffUser,
                         session: DbSession) -> Response:
    """Submit the rows the preview showed as possible (each checked again)."""
    form = await request.form()
    try:
        cycle = cycle_in_reach(session, user, cycle_id, Action.CYCLE_APPLY)
        rows = _rows_of(str(form.get("rows", "[]")))
    except EcertError as exc:
        return refused(request, exc)
    results = _run_rows(session, user, cycle, rows)
    if not any(ok for _r, _m, ok in results):
        session.rollback()
        return _page(request, cycle, user, results=results,
                     error="没有可以提交的行 (nothing could be submitted)", status_code=409)
    return RedirectResponse(f"/admin/cycles/{cycle_id}?done=uploaded", status_code=303)
