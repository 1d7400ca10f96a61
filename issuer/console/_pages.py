"""Console pages that read: the record search and one record's page, with the record's photo,
scanned pages and signed PDFs as files.

Every route signs in with the staff session (core.web.StaffUser). A record is looked up within
the user's region first (outside it or absent: 404, the same answer), then core.policy decides
whether the user may read it (403).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from core.audit import record_event
from core.clock import today
from core.errors import EcertError
from core.files import artifact_file
from core.models import Certificate, User
from core.policy import Action, authorize
from core.states import QualificationStatus, RegistrationState, ReviewState
from core.web import AppSettings, DbSession, StaffUser, staff_context
from issuer.console._query import (
    PER_PAGE,
    SORTS,
    RecordFilter,
    credential_for_download,
    load_record,
    recent_batches,
    record_view,
    scan_pages,
    search_records,
)
from issuer.console._read_audit import panel_steps
from issuer.console._templates import templates

__all__ = ["router"]

router = APIRouter(prefix="/admin")

_FILE_HEADERS = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
Text = Annotated[str, Query(max_length=64)]


_E = TypeVar("_E", QualificationStatus, ReviewState, RegistrationState)


def _enum(kind: type[_E], value: str, problems: list[str], what: str) -> _E | None:
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        problems.append(f"未知的{what}：{value}")
        return None


def _date(value: str, problems: list[str], what: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{what}不是日期（应为 2020-09-01）：{value}")
        return None


def _page(request: Request, name: str, context: dict[str, Any],
          status_code: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(
        request, name, {**staff_context(request), "nav": "/admin", **context},
        status_code=status_code,
    )


def _refused(request: Request, exc: EcertError) -> HTMLResponse:
    """The shared look of a refusal (absent or outside the region: 404; not allowed: 403)."""
    return _page(request, "console/read_error.html",
                 {"message": exc.message, "status": exc.http_status}, exc.http_status)


@router.get("", response_class=HTMLResponse)
def record_list(
    request: Request, user: StaffUser, session: DbSession,
    number: Text = "", name: Text = "", school: Annotated[str, Query(max_length=100)] = "",
    batch: Text = "", status: Text = "", review: Text = "", registration: Text = "",
    issued_from: Text = "", issued_to: Text = "", sort: Text = "number", order: Text = "desc",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """The records of the user's region under the filters, a page at a time."""
    try:
        authorize(user, Action.RECORD_READ)
    except EcertError as exc:
        return _refused(request, exc)
    problems: list[str] = []
    filters = RecordFilter(
        number=number.strip(), name=name.strip(), school=school.strip(), batch=batch.strip(),
        status=_enum(QualificationStatus, status, problems, "资格状态"),
        review=_enum(ReviewState, review, problems, "审核状态"),
        registration=_enum(RegistrationState, registration, problems, "注册状态"),
        issued_from=_date(issued_from, problems, "起始日期"),
        issued_to=_date(issued_to, problems, "截止日期"),
        sort=sort if sort in SORTS else "number", desc=order != "asc", page=page,
        per_page=PER_PAGE,
    )
    result = search_records(session, region=user.region, filters=filters, at=today())
    params = {k: v for k, v in {
        "number": filters.number, "name": filters.name, "school": filters.school,
        "batch": filters.batch, "status": status if filters.status else "",
        "review": review if filters.review else "",
        "registration": registration if filters.registration else "",
        "issued_from": issued_from if filters.issued_from else "",
        "issued_to": issued_to if filters.issued_to else "",
        "sort": filters.sort, "order": "desc" if filters.desc else "asc",
    }.items() if v}

    def link(**changes: Any) -> str:
        merged = {**params, **changes}
        return "/admin?" + urlencode({k: v for k, v in merged.items()
                                      if v not in ("", None) and not (k == "page" and v == 1)})

    return _page(request, "console/list.html", {
        "result": result, "filters": filters, "params": params, "link": link,
        "problems": problems, "review_states": list(ReviewState),
        "statuses": list(QualificationStatus), "registration_states": list(RegistrationState),
        "all_count": sum(result.counts.values()),
        "batches": recent_batches(session, region=user.region),
    })


def _scoped(session: DbSession, user: User, number: str) -> Certificate:
    cert, holder, authority = load_record(session, region=user.region, number=number)
    authorize(user, Action.RECORD_READ, division_code=authority.division_code)
    return cert


@router.get("/records/{number}", response_class=HTMLResponse)
def record_page(request: Request, number: str, user: StaffUser,
                session: DbSession) -> HTMLResponse:
    """One record whole: the booklet's fields, photo, scans, credentials and PDFs,
    registrations, remarks, status events, checks, and its audit trail."""
    try:
        _scoped(session, user, number)
        record = record_view(session, region=user.region, number=number, at=today())
    except EcertError as exc:
        return _refused(request, exc)
    return _page(request, "console/record.html", {
        "record": record, "number": record.number,
        "authority_division": record.division_code, "today": today(),
        "steps": panel_steps(record, today()),  # what the actions panel shows done or refused
    })


@router.get("/records/{number}/photo")
def record_photo(number: str, user: StaffUser, session: DbSession,
                 settings: AppSettings) -> FileResponse:
    """The holder's photo cut from the booklet."""
    cert = _scoped(session, user, number)
    return FileResponse(artifact_file(settings.artifacts_dir, cert.photo_path),
                        headers=_FILE_HEADERS)


@router.get("/records/{number}/page/{index}")
def record_scan(number: str, index: int, user: StaffUser, session: DbSession,
                settings: AppSettings) -> FileResponse:
    """One scanned page of the booklet (0 = the first), from inside the artifacts folder."""
    pages = scan_pages(_scoped(session, user, number))
    relative = pages[index] if 0 <= index < len(pages) else None
    return FileResponse(artifact_file(settings.artifacts_dir, relative), headers=_FILE_HEADERS)


@router.get("/records/{number}/pdf/{version}")
def record_pdf(number: str, version: int, user: StaffUser, session: DbSession,
               settings: AppSettings) -> Response:
    """The signed PDF of one credential version (current or superseded); the download is
    logged in the audit trail."""
    cert = _scoped(session, user, number)
    cred = credential_for_download(session, cert=cert, version=version)
    path = artifact_file(settings.artifacts_dir, cred.pdf_path)
    record_event(session, actor=user.name, action="console.pdf_download",
                 entity_type="certificate", entity_id=cert.number,
                 after={"version": version})
    return FileResponse(path, media_type="application/pdf",
                        filename=f"{cert.number}-v{version}.pdf", headers=_FILE_HEADERS)
