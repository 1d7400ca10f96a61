"""Routes of the review page (server-rendered HTML; works without JavaScript)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from sqlmodel import Session

from core.clock import today
from core.db import session_scope
from core.errors import Conflict, EcertError
from core.files import artifact_file
from core.identity import vault_for
from core.models import User
from core.pages import page_templates
from core.policy import Action, authorize, may
from core.records import InvalidRecord
from core.states import ReviewState
from core.web import AppSettings, admin_engine, app_settings, staff_context

from ._auth import Db, ReviewUser
from ._bulk import BulkApproval, approve_unflagged
from ._listing import list_for_review
from ._service import (
    ReviewRecord,
    approve_record,
    correct_record,
    load_record,
    scan_data,
)
from ._views import FIELD_LABELS, LOW_CONFIDENCE, record_view, scrub_ids

__all__ = ["router"]

router = APIRouter(prefix="/review", include_in_schema=False)
templates = page_templates(Path(__file__).parent / "templates")
STATE_LABELS = {state.value: state.zh for state in ReviewState}
_HEADERS = {
    # stricter than the app's policy (core.secheaders: not cached, not framed, no referrer):
    # the review pages run no script at all, and are never cached wherever they are mounted
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'self'; img-src 'self'; style-src 'self' "
    "'unsafe-inline'; script-src 'none'; form-action 'self'; "
    "frame-ancestors 'none'",
}


class CorrectionForm(BaseModel):
    """The record form; an empty field keeps the stored value."""

    row_version: int
    name: str = ""
    gender: str = ""
    birth_date: str = ""
    id_number: str = ""
    qualification_type: str = ""
    subject: str = ""
    certificate_number: str = ""
    issuing_authority: str = ""
    issue_date: str = ""


def _page(
    request: Request,
    name: str,
    context: dict[str, Any],
    status: int = 200,
    user: User | None = None,
) -> HTMLResponse:
    base = {
        **staff_context(request), "nav": "/review",
        "user": user, "states": STATE_LABELS, "low_confidence": LOW_CONFIDENCE,
        "can_approve": user is not None and may(user, Action.RECORD_APPROVE),
    }
    response = templates.TemplateResponse(request, name, {**base, **context}, status_code=status)
    response.headers.update(_HEADERS)
    return response


def _error(request: Request, exc: EcertError, user: User | None) -> HTMLResponse:
    return _page(
        request,
        "error.html",
        {"error": exc, "message": scrub_ids(exc.message)},
        exc.http_status,
        user,
    )


@router.get("/login", response_model=None)
def login_moved() -> RedirectResponse:
    """The review page signs in at the staff sign-in now (no more pasted API tokens)."""
    return RedirectResponse("/login?next=/review", status_code=303)


@router.get("", response_class=HTMLResponse)
def review_list(
    request: Request, user: ReviewUser, school: str = "", batch: str = ""
) -> HTMLResponse:
    """Records in the user's region, those needing attention first."""
    return _list_page(request, user, school=school, batch=batch)


def _list_page(
    request: Request, user: User, *, school: str, batch: str, bulk: BulkApproval | None = None
) -> HTMLResponse:
    try:
        authorize(user, Action.RECORD_READ)
        with session_scope(admin_engine(request)) as session:
            items = list_for_review(session, user, school=school or None, batch=batch or None)
    except EcertError as exc:
        return _error(request, exc, user)
    context = {
        "items": items, "school": school, "batch": batch, "bulk": bulk,
        "unflagged": [i for i in items if i.unflagged] if batch else [],
    }
    return _page(request, "list.html", context, user=user)


@router.post("/approve-unflagged", response_class=HTMLResponse, response_model=None)
def approve_batch(
    request: Request,
    user: ReviewUser,
    batch: Annotated[str, Form()],
    numbers: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Approve the unflagged records of a batch that the clerk saw listed, one audit event
    each; the list comes back with what was approved and what was left, and why."""
    try:
        authorize(user, Action.RECORD_APPROVE)
        with session_scope(admin_engine(request)) as tx:
            result = approve_unflagged(tx, user, batch=batch, numbers=numbers or [],
                                       vault=vault_for(app_settings(request).secret))
    except EcertError as exc:
        return _error(request, exc, user)
    return _list_page(request, user, school="", batch=batch, bulk=result)


def _record_page(
    request: Request,
    user: User,
    number: str,
    *,
    status: int = 200,
    typed: dict[str, str] | None = None,
    problems: list[Any] | None = None,
    message: str | None = None,
) -> HTMLResponse:
    with session_scope(admin_engine(request)) as session:
        try:
            rec = scoped(session, user, number, Action.RECORD_READ)
        except EcertError as exc:
            return _error(request, exc, user)
        view = record_view(rec, artifacts=app_settings(request).artifacts_dir, typed=typed)
    rows = [
        {"field": str(p.field), "rule": str(p.rule), "message": scrub_ids(p.message)}
        for p in problems or []
    ]
    by_field: dict[str, list[str]] = {}
    for row in rows:
        by_field.setdefault(row["field"], []).append(f"{row['message']} [{row['rule']}]")
    return _page(
        request,
        "record.html",
        {
            "view": view,
            "problems": rows,
            "by_field": by_field,
            "message": message,
            "saved": request.query_params.get("saved"),
            "labels": FIELD_LABELS,
        },
        status,
        user,
    )


@router.get("/{number}", response_class=HTMLResponse)
def record(request: Request, number: str, user: ReviewUser) -> HTMLResponse:
    """The page images beside the fields, with evidence boxes and findings."""
    return _record_page(request, user, number)


@router.post("/{number}", response_class=HTMLResponse, response_model=None)
def save(
    request: Request, number: str, user: ReviewUser, form: Annotated[CorrectionForm, Form()]
) -> Response:
    """Save corrections after re-validating the whole record; 422/409 leave it unchanged."""
    typed = form.model_dump(exclude={"row_version"})
    try:
        with session_scope(admin_engine(request)) as session:
            scoped(session, user, number, Action.RECORD_CORRECT)
            cert = correct_record(
                session,
                user,
                number,
                form=typed,
                row_version=form.row_version,
                vault=vault_for(app_settings(request).secret),
                today=today(),
            )
            new_number = cert.number
    except InvalidRecord as exc:
        return _record_page(
            request,
            user,
            number,
            status=422,
            typed=typed,
            problems=exc.problems,
            message="未保存：记录未通过校验 (not saved: the record breaks a rule)",
        )
    except Conflict as exc:
        return _record_page(
            request, user, number, status=409, typed=typed, message=scrub_ids(exc.message)
        )
    except EcertError as exc:
        return _error(request, exc, user)
    return RedirectResponse(f"/review/{new_number}?saved=1", status_code=303)


@router.post("/{number}/approve", response_class=HTMLResponse, response_model=None)
def approve(
    request: Request,
    number: str,
    user: ReviewUser,
    row_version: Annotated[int | None, Form()] = None,
) -> Response:
    """Approve the record (a reviewer, not the clerk who corrected it): it becomes issuable."""
    try:
        with session_scope(admin_engine(request)) as session:
            scoped(session, user, number, Action.RECORD_APPROVE)
            approve_record(session, user, number, row_version=row_version,
                           vault=vault_for(app_settings(request).secret))
    except Conflict as exc:
        return _record_page(request, user, number, status=409, message=scrub_ids(exc.message))
    except EcertError as exc:
        return _error(request, exc, user)
    return RedirectResponse(f"/review/{number}?saved=approved", status_code=303)


@router.get("/{number}/page/{index}")
def page_image(number: str, index: int, session: Db, user: ReviewUser,
               settings: AppSettings) -> FileResponse:
    """One page image of the record, from inside the artifacts folder only."""
    pages = record_pages(session, user, number)
    relative = pages[index] if 0 <= index < len(pages) else None
    return _file(artifact_file(settings.artifacts_dir, relative))


@router.get("/{number}/photo")
def photo(number: str, session: Db, user: ReviewUser, settings: AppSettings) -> FileResponse:
    """The holder's photo cut from the booklet."""
    rec = scoped(session, user, number, Action.RECORD_READ)
    return _file(artifact_file(settings.artifacts_dir, rec.cert.photo_path))


def record_pages(session: Session, user: User, number: str) -> list[str]:
    """The record's page image paths (relative to the artifacts folder)."""
    pages = scan_data(scoped(session, user, number, Action.RECORD_READ).cert).get("pages") or []
    return [str(p) for p in pages]


def scoped(session: Session, user: User, number: str, action: Action) -> ReviewRecord:
    """The record if it is in the user's region (404 otherwise, as if absent), then whether the
    user may do ``action`` on it (403): the same order as the admin API."""
    rec = load_record(session, user, number)
    authorize(user, action, division_code=rec.authority.division_code)
    return rec


def _file(path: Path) -> FileResponse:
    return FileResponse(
        path, headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
    )
