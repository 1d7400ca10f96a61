"""The reports page (``/admin/reports``): the restriction list (限制库), the quarterly
administrative-penalty statistics, and the registry's 名册 (roster) and 统计表 (statistics per
school and qualification type) as CSV/XLSX downloads, each with the form for its parameters
(format, quarter, a narrower region, school, scan batch, 批准日期 range, qualification status),
through the same services as ``/api/admin/reports`` and ``ecert reports``.

A refused report (a roster larger than a file may hold, a bad date) shows the page again with the
reason and the user's input kept.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from core.clock import today
from core.errors import InvalidInput, PermissionDenied
from core.identity import vault_for
from core.models import User
from core.policy import Action, authorize, may, region_allows
from core.states import QualificationStatus
from core.web import AppSettings, DbSession, StaffUser
from issuer._penalty_reports import (
    FORMATS,
    penalties_file,
    penalty_report,
    restriction_rows,
    restrictions_file,
)
from issuer._registry_reports import (
    ROSTER_LIMITS,
    ReportFilter,
    registry_roster,
    registry_statistics,
    roster_file,
    statistics_file,
)
from issuer.console._action_kit import render
from issuer.console._query import recent_batches

__all__ = ["router"]

router = APIRouter()
Format = Annotated[Literal["csv", "xlsx"], Query(alias="format")]
Region = Annotated[str, Query(max_length=12, pattern=r"^[0-9]*$")]


def _region(user: User, asked: str) -> str:
    """The region a report covers: the user's, or a narrower one inside it (403 outside)."""
    region = asked or user.region
    if not region_allows(user.region, region):
        raise PermissionDenied(f"不在您的管辖区域内：{region}，您的区域 {user.region or '全国'}",
                               code="outside_region")
    return region


def _file(data: bytes, fmt: str, name: str) -> Response:
    return Response(data, media_type=FORMATS[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"',
        "Cache-Control": "no-store"})


def _page(request: Request, session: DbSession, user: User, *, error: str = "",
          asked: dict[str, str] | None = None, status_code: int = 200) -> HTMLResponse:
    now = today()
    return render(request, "console/reports.html", {
        "year": now.year, "quarter": (now.month - 1) // 3 + 1,
        "full_id": may(user, Action.REPORT_FULL_ID),
        "batches": recent_batches(session, region=user.region),
        "statuses": list(QualificationStatus), "limits": ROSTER_LIMITS,
        "error": error, "asked": asked or {}}, nav="/admin/reports", status_code=status_code)


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request, session: DbSession, user: StaffUser) -> HTMLResponse:
    """The report forms."""
    authorize(user, Action.REPORT_READ)
    return _page(request, session, user)


@router.get("/reports/restrictions", response_class=Response)
def restrictions_download(session: DbSession, user: StaffUser, settings: AppSettings,
                          fmt: Format = "xlsx", region: Region = "",
                          full_id: bool = False) -> Response:
    """The restriction list of the region; full ID numbers for admins only (audited)."""
    authorize(user, Action.REPORT_FULL_ID if full_id else Action.REPORT_READ)
    scope = _region(user, region)
    rows = restriction_rows(session, region=scope, full_id=full_id,
                            vault=vault_for(settings.secret) if full_id else None,
                            actor=user.name)
    return _file(restrictions_file(rows, fmt), fmt, f"restrictions-{scope or 'all'}")


@router.get("/reports/penalties", response_class=Response)
def penalties_download(session: DbSession, user: StaffUser,
                       year: Annotated[int, Query(ge=1993, le=9999)],
                       quarter: Annotated[int, Query(ge=1, le=4)],
                       fmt: Format = "xlsx", region: Region = "") -> Response:
    """Counts of 撤销 and 丧失 per authority in a quarter, and the details."""
    authorize(user, Action.REPORT_READ)
    scope = _region(user, region)
    report = penalty_report(session, year=year, quarter=quarter, region=scope)
    return _file(penalties_file(report, fmt), fmt, f"penalties-{year}-Q{quarter}")


School = Annotated[str, Query(max_length=100)]
Batch = Annotated[str, Query(max_length=64)]
Day = Annotated[str, Query(max_length=10)]
Status = Annotated[str, Query(pattern="^(" + "|".join(QualificationStatus) + ")?$")]


def _day(text: str, field: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"日期格式应为 2026-01-31，实为 {text!r} / a date like 2026-01-31",
                           field=field, rule="date_format") from None


def _filters(user: User, region: str, school: str, batch: str, issued_from: str,
             issued_to: str, status: str) -> ReportFilter:
    start, end = _day(issued_from, "issued_from"), _day(issued_to, "issued_to")
    if start and end and start > end:
        raise InvalidInput("批准日期的起始日期晚于截止日期 / the start date is after the end date",
                           field="issued_from", rule="date_range")
    return ReportFilter(region=_region(user, region), school=school.strip(),
                        batch=batch.strip(), issued_from=start, issued_to=end,
                        status=QualificationStatus(status) if status else None)


def _refused(request: Request, session: DbSession, user: User,
             exc: InvalidInput) -> HTMLResponse:
    """The page again with the reason, the user's input kept."""
    return _page(request, session, user, error=exc.message, status_code=422,
                 asked={k: str(v) for k, v in request.query_params.items()})


@router.get("/reports/roster", response_class=Response)
def roster_download(request: Request, session: DbSession, user: StaffUser,
                    settings: AppSettings, fmt: Format = "xlsx", region: Region = "",
                    school: School = "", batch: Batch = "", issued_from: Day = "",
                    issued_to: Day = "", status: Status = "",
                    full_id: bool = False) -> Response:
    """The registry's 名册 for the region and filters; full ID numbers for admins only
    (audited). Too many rows for one file: the page again with how to narrow them."""
    authorize(user, Action.REPORT_FULL_ID if full_id else Action.REPORT_READ)
    try:
        filters = _filters(user, region, school, batch, issued_from, issued_to, status)
        roster = registry_roster(session, filters, fmt=fmt, full_id=full_id,
                                 vault=vault_for(settings.secret) if full_id else None,
                                 actor=user.name)
    except InvalidInput as exc:
        return _refused(request, session, user, exc)
    return _file(roster_file(roster, fmt), fmt, f"roster-{filters.region or 'all'}")


@router.get("/reports/statistics", response_class=Response)
def statistics_download(request: Request, session: DbSession, user: StaffUser,
                        fmt: Format = "xlsx", region: Region = "", school: School = "",
                        batch: Batch = "", issued_from: Day = "", issued_to: Day = "",
                        status: Status = "") -> Response:
    """The registry's 统计表 (per school and qualification type) for the region and filters."""
    authorize(user, Action.REPORT_READ)
    try:
        filters = _filters(user, region, school, batch, issued_from, issued_to, status)
    except InvalidInput as exc:
        return _refused(request, session, user, exc)
    rows = registry_statistics(session, filters)
    return _file(statistics_file(rows, filters, fmt), fmt,
                 f"statistics-{filters.region or 'all'}")
