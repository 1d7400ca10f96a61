"""The development home page: what is in the registry and where each user goes."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import func
from sqlmodel import select

from core.models import Certificate, Credential, Holder
from core.states import ReviewState
from core.web import DbSession

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

APPROVED = ReviewState.APPROVED
LINKS = [
    {"href": "/verify", "zh": "证书核验", "en": "Verify a certificate"},
    {"href": "/review", "zh": "扫描审核（窗口工作人员）", "en": "Scan review (clerks)"},
    {"href": "/docs", "zh": "接口文档（OpenAPI）", "en": "API documentation"},
]


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: DbSession) -> HTMLResponse:
    """Counts and links."""
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
    return templates.TemplateResponse(request, "home.html", {
        "total": total, "approved": approved, "approved_label": APPROVED.zh, "links": LINKS,
        "samples": samples})
