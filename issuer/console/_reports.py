"""The reports page (``/admin/reports``): the restriction list (限制库) and the quarterly
administrative-penalty statistics as CSV/XLSX downloads, each with the form for its parameters
(format, quarter, a narrower region), through the same services as ``/api/admin/reports``.

The per-school 名册 / 统计表 are written by ``ecert scan`` next to the scanned booklets (the
scanning package); the page says where to find them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from core.clock import today
from core.errors import PermissionDenied
from core.identity import vault_for
from core.models import User
from core.policy import Action, authorize, may, region_allows
from core.web import AppSettings, DbSession, StaffUser
from issuer._penalty_reports import (
    FORMATS,
    penalties_file,
    penalty_report,
    restriction_rows,
    restrictions_file,
)
from issuer.console._action_kit import render

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


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request, user: StaffUser) -> HTMLResponse:
    """The report forms."""
    authorize(user, Action.REPORT_READ)
    now = today()
    return render(request, "console/reports.html", {
        "year": now.year, "quarter": (now.month - 1) // 3 + 1,
        "full_id": may(user, Action.REPORT_FULL_ID)}, nav="/admin/reports")


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
