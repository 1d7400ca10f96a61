"""What the console's action pages share: their templates, the record looked up within the
user's region (404 outside it, as if absent) and then the policy check (403), and the page
context every staff page needs."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from core.errors import EcertError
from core.models import Authority, CertificatePublic, User
from core.policy import Action, authorize
from core.rules import HAN
from core.views import certificate_public
from core.web import staff_context
from issuer.console._templates import templates

__all__ = ["refusal", "render", "scoped", "templates"]



def scoped(session: Session, number: str, user: User,
           action: Action) -> tuple[CertificatePublic, Authority]:
    """The record in ``user``'s region (NotFound outside it), once the policy lets ``user`` do
    ``action`` there (PermissionDenied otherwise)."""
    public, authority = certificate_public(session, number.strip(), region=user.region)
    authorize(user, action, division_code=authority.division_code)
    return public, authority


def render(request: Request, name: str, context: dict[str, Any], *, nav: str = "/admin",
           status_code: int = 200) -> HTMLResponse:
    """A console page: the staff context (user, CSRF token), the active section, ``context``."""
    return templates.TemplateResponse(
        request, name, {**staff_context(request), "nav": nav, **context},
        status_code=status_code, headers={"Cache-Control": "no-store"})


#: Chinese for the refusals whose service message is still English only (issuance checks,
#: the registry's lookups); the service's own words follow in brackets
_CHINESE = {
    "not_approved": "记录尚未审核通过，不能签发",
    "criminal_check_missing": "尚未登记犯罪记录核查，不能签发",
    "certificate_not_valid": "资格状态不是有效，不能签发",
    "record_invalid": "记录仍有未通过的校验，请先在扫描审核中更正",
    "certificate_not_found": "没有这个证书，或不在您的管辖区域内",
    "stale_update": "记录刚被他人修改，请刷新后重试",
    "batch_running": "另一批签发正在进行，请稍后再试",
}


def refusal(error: EcertError) -> str:
    """The message a page shows for ``error``: the service's (Chinese) message, or for the few
    still in English, the Chinese first with the service's words after."""
    chinese = _CHINESE.get(error.code or "")
    if chinese and not HAN.search(error.message):
        return f"{chinese}（{error.message}）"
    return error.message
