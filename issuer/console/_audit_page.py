"""The audit page (``/admin/audit``, auditors and admins): the recent events of the hash chain,
paged, and a button that walks the whole chain and checks every published checkpoint, as
``ecert audit verify`` and ``/api/admin/audit/verify`` do."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlmodel import col, func, select

from core.audit import CHECKPOINT_DIR, action_label, entity_label
from core.models import AuditEvent
from core.policy import Action, authorize
from core.web import AppSettings, DbSession, StaffUser
from issuer._checkpoint import anchor_key, verify_audit
from issuer.console._action_kit import render
from issuer.console._read_audit import change_lines, scrub_ids

__all__ = ["PAGE_SIZE", "router"]

router = APIRouter()
PAGE_SIZE = 50


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, session: DbSession, user: StaffUser, settings: AppSettings,
               page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
               actor: Annotated[str, Query(max_length=64)] = "",
               entity: Annotated[str, Query(max_length=64)] = "",
               verify: bool = False) -> HTMLResponse:
    """Newest events first, PAGE_SIZE a page, optionally of one actor or one entity (a
    certificate number, a user name); ``verify=1`` also checks the whole chain."""
    authorize(user, Action.AUDIT_READ)
    actor, entity = actor.strip(), entity.strip()
    where = []
    if actor:
        where.append(col(AuditEvent.actor) == actor)
    if entity:
        where.append(col(AuditEvent.entity_id).startswith(entity))
    count = select(func.count()).select_from(AuditEvent).where(*where)
    rows = select(AuditEvent).where(*where)
    total = int(session.exec(count).one())
    events = session.exec(rows.order_by(col(AuditEvent.seq).desc())
                          .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    verdict = verify_audit(session, settings.public_dir / CHECKPOINT_DIR,
                           anchor_key(settings.keys_dir)) if verify else None
    pages = max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE)
    rows_shown = [{"event": e, "label": action_label(e.action),
                   "kind": entity_label(e.entity_type), "entity": scrub_ids(e.entity_id),
                   "changes": change_lines(e.before, e.after)} for e in events]
    return render(request, "console/audit.html", {
        "events": rows_shown, "total": total, "page": page, "pages": pages, "verdict": verdict,
        "actor": actor, "entity": entity},
        nav="/admin/audit")
