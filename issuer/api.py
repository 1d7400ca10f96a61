"""HTTP routes of the issuer: records, status changes and reports for admins (``/api/admin``),
and the holder download (``/api/holder``).

Admin routes authenticate with a Bearer token, then check the region first (a certificate
outside the caller's region answers 404, as if absent) and the action second (403, by the
core.policy table): authorization is the routes' job, the services take an actor name. Holder
routes are public, rate-limited, and answer the same whether or not an ID number exists.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlmodel import Session

from core.audit import record_event
from core.db import engine_for, session_scope
from core.identity import vault_for
from core.models import Certificate, User
from core.policy import Action, authorize
from core.ratelimit import RateLimiter
from core.records import AnnotationIn, RegistrationIn, ReissueIn, StatusIn
from core.settings import Settings
from core.views import certificate_public
from core.web import AppSettings, CurrentUser, DbSession, client_key
from issuer import _changes as changes
from issuer import _holder
from issuer._api_records import router as records_router
from issuer._contacts import seed_demo_contacts
from issuer._cycle_api import router as cycle_router
from issuer._holder import (
    credential_json,
    credential_pdf,
    current_credential,
    denied,
    redeem_code,
    request_code,
)
from issuer._holder_pages import router as holder_pages_router
from issuer._licence import seed_demo_usccs
from issuer._notify import current_notifier, start_notifier, submit_delivery
from issuer._penalty_reports import (
    FORMATS,
    penalties_file,
    penalty_report,
    restriction_rows,
    restrictions_file,
)
from issuer._reissue import reissue
from issuer._share_api import (
    ItemCode,
    ShareCall,
    UseCause,
    record_share,
    share_call,
    signed_request,
)
from issuer._share_api import router as share_router
from issuer._share_auth import SignedRequest
from issuer.console import router as console_router

__all__ = [
    "admin_router", "console_router", "cycle_router", "download_limiter", "holder_router",
    "records_router", "holder_pages_router", "request_limiter", "seed_demo_contacts",
    "seed_demo_usccs", "start_notifier",
    # the sharing interface (/api/share): its router, and what the composition needs to add
    # a route of its own (ecert._share_verify)
    "ItemCode", "ShareCall", "SignedRequest", "UseCause", "record_share", "share_call",
    "share_router", "signed_request",
]

log = logging.getLogger("ecert.holder")
admin_router = APIRouter(prefix="/api/admin", tags=["admin: status changes and reports"])
holder_router = APIRouter(prefix="/api/holder", tags=["holder download"])
admin_router.include_router(cycle_router)  # 定期注册: /api/admin/registration/…


Format = Annotated[Literal["csv", "xlsx"], Query(alias="format", description="csv or xlsx")]


# ---- request and response models ------------------------------------------------------------

class RegistrationOut(BaseModel):
    certificate_number: str
    conclusion: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    authority: str
    decision_date: dt.date
    created_by: str


class CredentialOut(BaseModel):
    certificate_number: str
    version: int | None = None
    qr_text: str | None = None
    pdf_path: str | None = None
    error: dict[str, Any] | None = Field(None, description="why issuance did not happen")


class AnnotationOut(BaseModel):
    certificate_number: str
    kind: str
    date: dt.date
    text: str
    authority: str
    created_by: str
    credential: CredentialOut | None = None


class ReissueOut(BaseModel):
    old_number: str
    new_number: str
    field: str
    old_value: str
    new_value: str
    in_place: bool
    credential: CredentialOut | None = None


class StatusOut(BaseModel):
    certificate_number: str
    status: str
    kind: str
    effective_date: dt.date
    reason: str
    decision_document: str
    reapply_after: dt.date | None
    created_by: str


class CodeRequest(BaseModel):
    id_number: str = Field(max_length=32, description="证件号码")
    certificate_number: str = Field(max_length=32, description="证书号码")


class DownloadRequest(CodeRequest):
    code: str = Field(max_length=12, description="6-digit one-time code")
    format: Literal["pdf", "json"] = "pdf"


class Accepted(BaseModel):
    status: str = "accepted"
    message: str


_ACCEPTED = Accepted(message="如信息匹配，验证码已发送至登记的联系方式，10 分钟内有效"
                             "（if the details match, a code has been sent）")
_ERROR: dict[str, Any] = {"description": "error", "content": {"application/json": {"example": {
    "error": {"code": "…", "message": "…"}}}}}


# ---- admin: status changes ------------------------------------------------------------------

def _in_scope(session: Session, number: str, user: User, action: Action) -> None:
    _, authority = certificate_public(session, number, region=user.region)
    authorize(user, action, division_code=authority.division_code)


def _issue(session: Session, number: str, actor: str, settings: Settings) -> CredentialOut:
    session.commit()  # issuance commits its own rows: the change must be durable first
    outcome = changes.issue_current(number, actor=actor, settings=settings)
    return CredentialOut(certificate_number=number, version=outcome.version,
                         qr_text=outcome.qr_text, pdf_path=outcome.pdf_path, error=outcome.error)


@admin_router.post("/certificates/{number}/registrations", response_model=RegistrationOut,
                   status_code=201, summary="Record a registration conclusion (定期注册)",
                   responses={401: _ERROR, 403: _ERROR, 404: _ERROR, 409: _ERROR})
def add_registration(number: str, body: RegistrationIn, session: DbSession,
                     user: CurrentUser) -> RegistrationOut:
    """注册合格 with its 5-year period, 暂缓注册 or 注册不合格 (reviewer)."""
    _in_scope(session, number, user, Action.REGISTRATION)
    reg = changes.add_registration(
        session, number, conclusion=body.conclusion, decision_date=body.required_decision_date(),
        valid_from=body.valid_from, valid_until=body.valid_until, authority=body.authority,
        actor=user.name)
    return RegistrationOut(certificate_number=number, **reg.model_dump(include={
        "conclusion", "valid_from", "valid_until", "authority", "decision_date", "created_by"}))


@admin_router.post("/certificates/{number}/annotations", response_model=AnnotationOut,
                   status_code=201, summary="Annotate the remarks page (备注: 补发/换发/更正)",
                   responses={401: _ERROR, 403: _ERROR, 404: _ERROR, 409: _ERROR})
def annotate(number: str, body: AnnotationIn, session: DbSession,
             user: CurrentUser, settings: AppSettings) -> AnnotationOut:
    """补发 keeps the same number and re-issues the credential; 换发; 更正; other (reviewer)."""
    _in_scope(session, number, user, Action.ANNOTATE)
    ann = changes.annotate(session, number, kind=body.kind, text=body.text, date=body.date,
                           authority=body.authority, actor=user.name)
    out = AnnotationOut(certificate_number=number, **ann.model_dump(include={
        "kind", "date", "text", "authority", "created_by"}))
    if body.issue and ann.kind in ("reissue", "exchange"):
        out.credential = _issue(session, number, user.name, settings)
    return out


@admin_router.post("/certificates/{number}/reissue", response_model=ReissueOut,
                   status_code=201, summary="Reissue after an error in gender, type or number",
                   responses={401: _ERROR, 403: _ERROR, 404: _ERROR, 409: _ERROR, 422: _ERROR})
def reissue_certificate(number: str, body: ReissueIn, session: DbSession,
                        user: CurrentUser, settings: AppSettings) -> ReissueOut:
    """Only gender, qualification type or certificate number (Gansu 2021); the old certificate
    is marked replaced and points to the new one, which gets a new credential (reviewer)."""
    _in_scope(session, number, user, Action.REISSUE)
    result = reissue(session, number, field=body.field, new_value=body.new_value,
                     reason=body.reason, document=body.document, actor=user.name)
    out = ReissueOut(old_number=result.old_number, new_number=result.new_number,
                     field=result.field, old_value=result.old_value,
                     new_value=result.new_value, in_place=result.in_place)
    if body.issue:
        out.credential = _issue(session, result.new_number, user.name, settings)
    return out


def _status_out(session: Session, number: str, event: Any) -> StatusOut:
    cert = session.get(Certificate, event.certificate_id)
    assert cert is not None
    return StatusOut(certificate_number=number, status=cert.status, **event.model_dump(include={
        "kind", "effective_date", "reason", "decision_document", "reapply_after",
        "created_by"}))


@admin_router.post("/certificates/{number}/revoke", response_model=StatusOut,
                   summary="Revoke (撤销, art. 19): 5-year reapplication bar",
                   responses={401: _ERROR, 403: _ERROR, 404: _ERROR, 409: _ERROR})
def revoke(number: str, body: StatusIn, session: DbSession, user: CurrentUser) -> StatusOut:
    """撤销 with its decision document (reviewer)."""
    _in_scope(session, number, user, Action.REVOKE)
    event = changes.revoke(session, number, reason=body.reason, document=body.document,
                           effective_date=body.effective_date, actor=user.name)
    return _status_out(session, number, event)


@admin_router.post("/certificates/{number}/forfeit", response_model=StatusOut,
                   summary="Forfeiture (丧失, art. 18): permanent",
                   responses={401: _ERROR, 403: _ERROR, 404: _ERROR, 409: _ERROR})
def forfeit(number: str, body: StatusIn, session: DbSession, user: CurrentUser) -> StatusOut:
    """丧失 with its decision document (reviewer)."""
    _in_scope(session, number, user, Action.FORFEIT)
    event = changes.forfeit(session, number, reason=body.reason, document=body.document,
                            effective_date=body.effective_date, actor=user.name)
    return _status_out(session, number, event)


@admin_router.post("/certificates/{number}/reinstate", response_model=StatusOut,
                   summary="Reinstate: the revocation or forfeiture was overturned",
                   responses={401: _ERROR, 403: _ERROR, 404: _ERROR, 409: _ERROR})
def reinstate(number: str, body: StatusIn, session: DbSession, user: CurrentUser) -> StatusOut:
    """Back to valid, with the overturning decision document (reviewer)."""
    _in_scope(session, number, user, Action.REINSTATE)
    event = changes.reinstate(session, number, reason=body.reason, document=body.document,
                              effective_date=body.effective_date, actor=user.name)
    return _status_out(session, number, event)


# ---- admin: reports -------------------------------------------------------------------------

def _file(data: bytes, fmt: str, name: str) -> Response:
    return Response(data, media_type=FORMATS[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"',
        "Cache-Control": "no-store"})


_FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {m: {} for m in FORMATS.values()}, "description": "the report file"},
    401: _ERROR, 403: _ERROR}


@admin_router.get("/reports/restrictions", response_class=Response, responses=_FILE_RESPONSES,
                  summary="Restriction list (限制库): revoked and forfeited holders")
def restrictions(session: DbSession, user: CurrentUser, settings: AppSettings,
                 fmt: Format = "csv",
                 full_id: Annotated[bool, Query(description="admins only; audited")] = False,
                 ) -> Response:
    """The caller's region; ID numbers masked unless an admin asks for full ones (auditor)."""
    authorize(user, Action.REPORT_FULL_ID if full_id else Action.REPORT_READ)
    rows = restriction_rows(session, region=user.region, full_id=full_id,
                            vault=vault_for(settings.secret) if full_id else None,
                            actor=user.name)
    return _file(restrictions_file(rows, fmt), fmt, "restrictions")


@admin_router.get("/reports/penalties", response_class=Response, responses=_FILE_RESPONSES,
                  summary="Quarterly administrative-penalty statistics (Hubei 2020 notice)")
def penalties(session: DbSession, user: CurrentUser,
              year: Annotated[int, Query(ge=1993, le=9999)],
              quarter: Annotated[int, Query(ge=1, le=4)], fmt: Format = "xlsx") -> Response:
    """Counts of 撤销 and 丧失 per authority, and who, why, which decision (auditor)."""
    authorize(user, Action.REPORT_READ)
    report = penalty_report(session, year=year, quarter=quarter, region=user.region)
    return _file(penalties_file(report, fmt), fmt, f"penalties-{year}-Q{quarter}")


# ---- holder download ------------------------------------------------------------------------

# the budgets the portal pages share (tests replace these names here to loosen the API's)
request_limiter = _holder.request_limiter
download_limiter = _holder.download_limiter
_LIMITED: dict[int | str, dict[str, Any]] = {
    429: {**_ERROR, "description": "too many requests; see Retry-After"}}


def _limited(limiter: RateLimiter, request: Request, number: str) -> Response | None:
    wait = limiter.check((f"ip:{client_key(request)}", f"cert:{number.strip()}"))
    if wait <= 0:
        return None
    seconds = max(1, int(wait + 0.999))
    return JSONResponse(status_code=429, headers={"Retry-After": str(seconds)}, content={
        "error": {"code": "rate_limited", "retry_after": seconds,
                  "message": f"请求过于频繁，请 {seconds} 秒后再试 (too many requests)"}})


@holder_router.post("/request-code", status_code=202, response_model=Accepted,
                    summary="Ask for a one-time download code", responses=_LIMITED)
def request_download_code(body: CodeRequest, request: Request,
                          settings: AppSettings) -> Response:
    """Always the same 202 answer, whether or not the ID and certificate number match."""
    if (limited := _limited(request_limiter, request, body.certificate_number)) is not None:
        return limited
    notifier = current_notifier(settings)  # refused in production before any lookup
    with session_scope(engine_for(settings)) as session:
        message = request_code(session, id_number=body.id_number,
                               certificate_number=body.certificate_number,
                               vault=vault_for(settings.secret), secret=settings.secret)
    submit_delivery(notifier, message)  # queued alike when nothing matched; sent off-path
    return JSONResponse(status_code=202, content=_ACCEPTED.model_dump())


@holder_router.post("/download", summary="Download the signed PDF or the JSON credential",
                    response_class=Response, responses={
                        200: {"content": {"application/pdf": {}, "application/json": {}},
                              "description": "the signed PDF, or the claims and QR text"},
                        403: _ERROR, **_LIMITED})
def download(body: DownloadRequest, request: Request, settings: AppSettings) -> Response:
    """ID number + certificate number + one-time code → the current credential."""
    if (limited := _limited(download_limiter, request, body.certificate_number)) is not None:
        return limited
    # commits the attempt count even when the code is wrong
    with session_scope(engine_for(settings)) as session:
        cert = redeem_code(session, id_number=body.id_number,
                           certificate_number=body.certificate_number, code=body.code,
                           vault=vault_for(settings.secret), secret=settings.secret)
        if cert is not None:
            record_event(session, actor="holder", action=f"holder.download.{body.format}",
                         entity_type="certificate", entity_id=cert.number)
    if cert is None:
        raise denied()
    with session_scope(engine_for(settings)) as session:
        current, cred = current_credential(session, session.get(Certificate, cert.id) or cert)
        if body.format == "json":
            return JSONResponse(credential_json(current, cred), headers={
                "Cache-Control": "no-store"})
        pdf = credential_pdf(cred, settings.artifacts_dir)
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{current.number}-v{cred.version}.pdf"',
        "Cache-Control": "no-store"})
