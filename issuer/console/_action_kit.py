"""What the console's action pages share: their templates, the record looked up within the
user's region (404 outside it, as if absent) and then the policy check (403), and the page
context every staff page needs."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from core.models import Authority, CertificatePublic, User
from core.policy import Action, authorize
from core.views import certificate_public
from core.web import staff_context
from issuer.console._templates import templates

__all__ = ["render", "scoped", "templates"]



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
