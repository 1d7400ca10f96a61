"""Append-only, hash-chained audit log: who did what, when, before and after.

Each row's ``hash`` is SHA-256 over its canonical content including the previous row's hash, so
changing, deleting or re-ordering any row breaks the chain from that row on. Appends go through
the single ``audit_head`` row, whose update both serialises writers (a row lock on PostgreSQL,
the write lock on SQLite) and hands out the next sequence number.

Events are queued on the session and appended just before it commits: the head is then locked
only for the last moment of a transaction, so it never joins a lock cycle with the rows the
transaction changed, and a rolled-back change leaves no event.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, text
from sqlmodel import Session, col, select

from core.clock import utcnow
from core.models import AuditEvent

__all__ = ["GENESIS_HASH", "ChainReport", "event_hash", "record_event", "verify_chain"]

GENESIS_HASH = "0" * 64


def _dump(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def event_hash(
    *,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str,
    before: str | None,
    after: str | None,
    prev_hash: str,
) -> str:
    """SHA-256 (hex) over the canonical JSON of one event and its predecessor's hash."""
    body = json.dumps(
        [seq, at.isoformat(), actor, action, entity_type, entity_id, before, after, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


_PENDING = "ecert_audit_pending"


def record_event(
    session: Session,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Queue one event; it is appended when the session commits and dropped if it rolls back."""
    session.info.setdefault(_PENDING, []).append({
        "at": utcnow(),
        "actor": actor,
        "action": action,
        "entity_type": entity_type,
        "entity_id": str(entity_id),
        "before": _dump(before),
        "after": _dump(after),
    })


def _append(session: Session, pending: dict[str, Any]) -> None:
    head = session.execute(
        text("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, last_hash")
    ).one()
    fields = {"seq": int(head[0]), **pending, "prev_hash": str(head[1])}
    row = AuditEvent(**fields, hash=event_hash(**fields))
    session.add(row)
    session.execute(text("UPDATE audit_head SET last_hash = :h WHERE id = 1"), {"h": row.hash})


@event.listens_for(Session, "before_commit")
def _append_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, [])
    for item in pending:
        _append(session, item)
    if pending:
        session.flush()


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


@dataclass(frozen=True)
class ChainReport:
    """Result of walking the chain; ``broken_at`` is the first bad sequence number."""

    ok: bool
    count: int
    broken_at: int | None = None
    reason: str | None = None


def _events(session: Session) -> Iterator[AuditEvent]:
    yield from session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))).yield_per(1000)


def verify_chain(session: Session) -> ChainReport:
    """Walk the whole chain and report the first broken link."""
    prev, expected_seq, count = GENESIS_HASH, 1, 0
    for ev in _events(session):
        problem = None
        if ev.seq != expected_seq:
            problem = f"sequence gap: expected {expected_seq}, found {ev.seq}"
        elif ev.prev_hash != prev:
            problem = "prev_hash does not match the previous row"
        elif ev.hash != event_hash(
            seq=ev.seq, at=ev.at, actor=ev.actor, action=ev.action,
            entity_type=ev.entity_type, entity_id=ev.entity_id,
            before=ev.before, after=ev.after, prev_hash=ev.prev_hash,
        ):
            problem = "row content does not match its hash"
        if problem:
            return ChainReport(ok=False, count=count, broken_at=expected_seq, reason=problem)
        prev, expected_seq, count = ev.hash, expected_seq + 1, count + 1
    head = session.execute(text("SELECT seq, last_hash FROM audit_head WHERE id = 1")).one()
    if int(head[0]) != count or str(head[1]) != prev:
        return ChainReport(
            ok=False, count=count, broken_at=count + 1,
            reason="chain head does not match the last row (rows deleted at the end?)",
        )
    return ChainReport(ok=True, count=count)
