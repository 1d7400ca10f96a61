"""The development home page: the public home (scan, lookup, bulk, trust) and, clearly set
apart, what is in the registry and where each kind of user goes in development."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func
from sqlmodel import select

from core.models import Certificate, Credential, Holder
from core.states import ReviewState
from core.web import AppSettings, DbSession
from ecert._init import dev_sign_ins
from verifier.api import pick_lang, public_context, public_templates

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
#: ecert/templates/home.html extends the verifier's public home (index.html)
templates = public_templates(Path(__file__).parent / "templates")

APPROVED = ReviewState.APPROVED
LINKS = [
    {"href": "/login", "zh": "工作人员登录", "en": "Staff sign-in"},
    {"href": "/admin", "zh": "证书管理工作台（审核、签发、注册、撤销）",
     "en": "Staff console (review, issue, register, revoke)"},
    {"href": "/review", "zh": "扫描审核（窗口工作人员）", "en": "Scan review (clerks)"},
    {"href": "/holder", "zh": "持证人下载电子证照", "en": "Holder portal (download)"},
    {"href": "/docs", "zh": "接口文档（OpenAPI）", "en": "API documentation"},
]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: DbSession, settings: AppSettings,
         lang: str | None = None) -> HTMLResponse:
    """The public home plus a development box with counts, staff links and demo QR links."""
    total = session.exec(select(func.count()).select_from(Certificate)).one()
    approved = session.exec(
        select(func.count()).select_from(Certificate).where(Certificate.review_state == APPROVED)
    ).one()
    samples = session.exec(
        select(Certificate.number, Holder.name, Credential.qr_text)
        .join(Credential, Credential.certificate_id == Certificate.id)  # type: ignore[arg-type]
        .join(Holder, Holder.id == Certificate.holder_id)  # type: ignore[arg-type]
        .where(Credential.superseded == False)  # noqa: E712 (SQL comparison)
        .order_by(Credential.id).limit(5)  # type: ignore[arg-type]
    ).all()
    chosen = pick_lang(lang, request.headers.get("accept-language"))
    return templates.TemplateResponse(request, "home.html", {
        **public_context(request, chosen), "total": total, "approved": approved,
        "approved_label": APPROVED.zh, "links": LINKS, "samples": samples,
        "sign_ins": [] if settings.is_production else dev_sign_ins(settings.home)})
