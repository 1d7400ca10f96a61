"""Append-only, hash-chained audit log: who did what, when, before and after.

Each row's ``hash`` is SHA-256 over its canonical content including the previous row's hash, so
changing, deleting or re-ordering any row breaks the chain from that row on. Appends go through
the single ``audit_head`` row, whose update both serialises writers (a row lock on PostgreSQL,
the write lock on SQLite) and hands out the next sequence number.

Events are queued on the session and appended just before it commits: the head is then locked
only for the last moment of a transaction, so it never joins a lock cycle with the rows the
transaction changed, and a rolled-back change leaves no event.

The chain alone cannot stop someone who can write the database (drop the trigger, edit a row,
recompute every later hash). Signed checkpoints anchor it: an :class:`Anchor` says the chain had
``size`` entries, the last hashing to ``head``; :func:`check_anchors` tells whether the chain
still agrees with every anchor. Signing and publishing them is the issuer's job (core holds no
keys).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, text
from sqlmodel import Session, col, select

from core.clock import utcnow
from core.models import AuditEvent
from core.policy import Action
from core.states import AnnotationKind, ApplicationStep, StatusEventKind

__all__ = [
    "ACTION_LABELS",
    "AuditedSession",
    "CHECKPOINT_DIR",
    "CHECKPOINT_NAME",
    "ENTITY_LABELS",
    "GENESIS_HASH",
    "Anchor",
    "AnchorReport",
    "ChainReport",
    "check_anchors",
    "checkpoint_name",
    "event_hash",
    "head_at",
    "action_label",
    "entity_label",
    "record_event",
    "verify_chain",
]

GENESIS_HASH = "0" * 64

#: Signed checkpoints are published in this folder of ``Settings.public_dir`` (written by the
#: issuer, served by the verifier), as checkpoint-00000001.txt, …02.txt, … in order.
CHECKPOINT_DIR = "audit-checkpoints"
CHECKPOINT_NAME = re.compile(r"^checkpoint-([0-9]{8})\.txt$")


def checkpoint_name(number: int) -> str:
    """File name of the ``number``-th published checkpoint (from 1)."""
    return f"checkpoint-{number:08d}.txt"


def _dump(value: dict[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


#: Every action the code records (``record_event(action=...)``) in the words staff read. The
#: console's record page and its audit log both name actions through :func:`action_label`;
#: an action that is also a core.policy Action and is not listed here reads as that Action.
ACTION_LABELS: dict[str, str] = {
    # records (core.registry, scanning review)
    "records.import": "导入记录",
    "records.import.approved": "导入记录（已审核）",
    "review.correct": "更正识别结果",
    # certificates (issuer)
    "credentials.issue": "签发电子证照",
    "registration.add": "登记定期注册结论",
    "reissue.create": "更正后重新制证",
    "reissue.in_place": "原号更正重新制证",
    "reissue.replace": "换号重新制证",
    "reissue.holder_gender": "更正持证人性别",
    **{f"annotation.{k.value}": f"填写备注（{k.zh}）" for k in AnnotationKind},
    **{f"status.{k.value}": f"资格状态变更：{k.zh}" for k in StatusEventKind},
    "console.pdf_download": "工作人员下载 PDF",
    # 定期注册 cycles (issuer's cycle services): the cycle, each application step, objections
    "cycle.open": "设置定期注册周期",
    "cycle.update": "修改定期注册周期",
    "cycle.file": "省级备案定期注册周期",
    **{f"application.{s.value}": f"定期注册申请：{s.zh}" for s in ApplicationStep},
    "application.correct": "更正定期注册申请信息",
    "objection.submit": "收到公示异议（公众）",
    "objection.record": "登记公示异议",
    "objection.resolve": "处理公示异议",
    "reports.restrictions.full_id": "导出限制名单（完整证件号码）",
    "reports.roster.full_id": "导出名册（完整证件号码）",
    # teachers (the holder portal, contacts)
    "holder.download.pdf": "持证人下载 PDF",
    "holder.download.ofd": "持证人下载 OFD 电子证照",
    "holder.download.json": "持证人下载电子证照",
    "holder.portal.sign_in": "持证人登录证书查询",
    "holder.contacts.import": "导入持证人联系方式",
    # staff accounts (core.staff, core.auth)
    "users.add": "添加用户",
    "users.disable": "停用用户",
    "staff.signin": "登录",
    "staff.signin_failed": "登录失败（密码错误）",
    "staff.signin_locked": "登录被拒（账户已锁定）",
    "staff.signin_totp_asked": "登录：等待二次验证码",
    "staff.signout": "退出登录",
    "staff.sessions_ended": "退出其他设备上的登录",
    "staff.locked": "账户已锁定",
    "staff.unlocked": "解除账户锁定",
    "staff.password_set": "设置密码",
    "staff.password_changed": "修改密码",
    "staff.password_confirm_failed": "确认当前密码失败",
    "staff.totp_enrolled": "启用二次验证",
    "staff.totp_removed": "停用二次验证",
    # keys (keys, issuer publication)
    "keys.create_root": "生成根密钥",
    "keys.create_ca": "生成 CA 证书",
    "keys.issue_document_cert": "签发文档签名证书",
    "keys.create": "生成签名密钥",
    "keys.rotate": "轮换签名密钥",
    "keys.retire": "停用签名密钥",
    "keys.revoke": "吊销签名密钥",
    "keys.publish_trust_list": "发布信任列表",
    "keys.seal_create_ca": "生成 SM2 电子印章 CA",
    "keys.seal_create": "制作电子印章",
    "keys.seal_rotate": "轮换电子印章",
    "keys.seal_revoke": "吊销电子印章",
    # government e-licences (issuer._licence, the sharing interface /api/share)
    "authorities.set_uscc": "设置认定机构统一社会信用代码",
    "share.clients.add": "添加证照共享平台",
    "share.clients.disable": "停用证照共享平台",
    "share.clients.rotate": "轮换证照共享平台密钥",
    "share.query": "共享平台查询电子证照",
    "share.download": "共享平台下载电子证照",
    "share.verify": "共享平台核验电子证照文件",
}


#: What an event is about (``AuditEvent.entity_type``) in the words staff read.
ENTITY_LABELS: dict[str, str] = {
    "certificate": "证书", "holder": "持证人", "holder_contact": "持证人联系方式",
    "registration": "定期注册", "annotation": "备注", "status_event": "资格状态变更",
    "report": "报表", "user": "用户", "signing_key": "签名密钥", "root_key": "根密钥",
    "ca_certificate": "CA 证书", "document_certificate": "文档签名证书",
    "trust_list": "信任列表", "authority": "认定机构", "share_client": "证照共享平台",
}


def entity_label(entity_type: str) -> str:
    """The Chinese name of what an event is about (``certificate`` → 证书); unknown as logged."""
    return ENTITY_LABELS.get(entity_type, entity_type)


def action_label(action: str) -> str:
    """The Chinese name of an audit action (``credentials.issue`` → 签发电子证照); an action
    no one named yet reads as logged."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    try:
        return Action(action).label
    except ValueError:
        return action


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
    if not isinstance(session, AuditedSession):  # a plain session would drop it silently
        raise TypeError("record_event needs the AuditedSession of a unit of work (session_scope)")
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


class AuditedSession(Session):
    """The session a unit of work opens (``core.db.session_scope``): events queued on it by
    :func:`record_event` join the chain when it commits and vanish when it rolls back. The
    listeners belong to this class, not to every SQLAlchemy session in the process."""


@event.listens_for(AuditedSession, "before_commit")
def _append_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, [])
    for item in pending:
        _append(session, item)
    if pending:
        session.flush()


@event.listens_for(AuditedSession, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


@dataclass(frozen=True)
class ChainReport:
    """Result of walking the chain; ``broken_at`` is the first bad sequence number."""

    ok: bool
    count: int
    broken_at: int | None = None
    reason: str | None = None


def _events(session: Session, after: int = 0) -> Iterator[AuditEvent]:
    yield from session.exec(select(AuditEvent).where(col(AuditEvent.seq) > after)
                            .order_by(col(AuditEvent.seq))).yield_per(1000)


def verify_chain(session: Session, *, since: tuple[int, str] | None = None) -> ChainReport:
    """Walk the chain and report the first broken link; ``since`` = (size, head) of a trusted
    checkpoint starts the walk after it (``count`` then includes its entries)."""
    start, prev = since or (0, GENESIS_HASH)
    expected_seq, count = start + 1, start
    for ev in _events(session, start):
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


@dataclass(frozen=True)
class Anchor:
    """A checkpoint whose signature the caller has checked: ``name`` is how to refer to it."""

    name: str
    size: int
    head: str
    time: datetime


@dataclass(frozen=True)
class AnchorReport:
    """Whether the chain agrees with every anchor; on failure, which one and why."""

    ok: bool
    checked: int
    failed: str | None = None
    reason: str | None = None


def head_at(session: Session, size: int) -> str | None:
    """The hash of entry number ``size`` (the genesis hash for 0); None when there is none."""
    if size == 0:
        return GENESIS_HASH
    found = session.exec(select(AuditEvent.hash).where(AuditEvent.seq == size)).first()
    return None if found is None else str(found)


def check_anchors(session: Session, anchors: list[Anchor]) -> AnchorReport:
    """Check anchors in publication order: never going backwards, and the entry at each size
    still hashing to its head (a row rewritten before it, hashes recomputed, fails here)."""
    last: Anchor | None = None
    for n, anchor in enumerate(anchors):
        reason = None
        if last is not None and (anchor.size < last.size or anchor.time < last.time):
            reason = (f"goes backwards: size {anchor.size} at {anchor.time:%Y-%m-%dT%H:%M:%SZ} "
                      f"after {last.name} (size {last.size} at {last.time:%Y-%m-%dT%H:%M:%SZ})")
        elif last is not None and anchor.size == last.size and anchor.head != last.head:
            reason = f"same size {anchor.size} as {last.name} but another head"
        else:
            head = head_at(session, anchor.size)
            if head is None:
                reason = (f"the chain has no entry {anchor.size} (entries deleted or the log "
                          f"replaced)")
            elif head != anchor.head:
                low = last.size + 1 if last is not None else 1
                reason = (f"entry {anchor.size} no longer hashes to the signed head: an entry "
                          f"between {low} and {anchor.size} was changed and later hashes "
                          f"recomputed")
        if reason:
            return AnchorReport(ok=False, checked=n, failed=anchor.name, reason=reason)
        last = anchor
    return AnchorReport(ok=True, checked=len(anchors))
