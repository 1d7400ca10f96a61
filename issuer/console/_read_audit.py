"""A record's audit trail as people read it: the events about a certificate, its registrations,
remarks and status events (``<number>/<id>``) and its holder, with what each changed — values
named in Chinese, states by their labels, times in CST, and anything shaped like an ID number
masked. Also what the record page's actions panel shows as done or refused (panel_steps, a
template global)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from core.audit import action_label
from core.errors import Conflict
from core.models import AuditEvent, Certificate, Holder
from core.pages import cst, cst_date
from core.policy import Role
from core.rules import QualificationType, StatusChange, mask_id_number, transition
from core.states import (
    AnnotationKind,
    LabelledEnum,
    QualificationStatus,
    RegistrationConclusion,
    ReviewState,
    StatusEventKind,
)
from issuer._inputs import check_issuable
from issuer.console._action_kit import _CHINESE

__all__ = ["AUDIT_LIMIT", "AuditLine", "PanelStep", "action_label", "audit_trail", "change_lines",
           "panel_steps", "scrub_ids"]

#: the audit trail shown on a record page: the newest events, at most this many
AUDIT_LIMIT = 200


@dataclass(frozen=True)
class AuditLine:
    """One audit event as the record page shows it: who, what, when, and what changed."""

    at: datetime
    actor: str
    action: str
    label: str
    entity: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)



_ID18 = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9])[0-9]{15}(?![0-9])")


def scrub_ids(text: str) -> str:
    """``text`` with anything shaped like a resident ID number (18 or 15 characters) masked."""
    text = _ID18.sub(lambda m: mask_id_number(m.group()), text)
    return _ID15.sub(lambda m: mask_id_number(m.group()), text)


def _loads(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


#: audit-value keys people read by name; a key not listed here is not shown (key ids, digests,
#: ciphers: the CLI and the API give the raw event)
_KEY_LABELS: dict[str, str] = {
    "status": "资格状态", "review_state": "审核状态", "reviewed_by": "审核人",
    "criminal_check_done": "犯罪记录核查", "school": "学校", "subject": "任教学科",
    "qualification_type": "资格种类", "issue_date": "发证日期", "number": "证书号码",
    "certificate": "证书号码", "kind": "类别", "text": "内容", "date": "日期",
    "authority": "机构", "conclusion": "结论", "valid_from": "有效期起",
    "valid_until": "有效期止", "decision_date": "决定日期", "decision_document": "决定文书",
    "reason": "事由", "effective_date": "生效日期", "reapply_after": "可重新申请日期",
    "replaced_by": "换发为", "replaced_by_id": "换发记录", "gender": "性别", "name": "姓名",
    "birth_date": "出生日期", "id_number": "身份证件号码", "version": "版本",
    "credentials_superseded": "作废的电子证照",
    # staff accounts
    "role": "角色", "region": "管辖区域", "active": "启用", "client": "来源",
    "must_change": "须修改密码", "sessions_ended": "结束的会话", "ended": "结束的会话",
    "other_sessions_ended": "结束的其他会话", "failures": "失败次数", "until": "锁定至",
    # holders' contacts, reports
    "imported": "导入条数", "count": "条数",
}
_ENUMS: dict[str, tuple[type[LabelledEnum], ...]] = {
    "status": (QualificationStatus,), "review_state": (ReviewState,),
    "kind": (StatusEventKind, AnnotationKind), "conclusion": (RegistrationConclusion,),
}
_ISO_TIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _shown(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return ""
    for enum in _ENUMS.get(key, ()):
        try:
            return enum(str(value)).label()
        except ValueError:
            continue
    if key == "role":
        try:
            return Role(str(value)).label
        except ValueError:
            pass
    if key == "qualification_type":
        try:
            return str(QualificationType(int(value)).label)
        except (TypeError, ValueError):
            pass
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                           default=str)
    if _ISO_DATE.match(text):
        try:
            text = cst_date(date.fromisoformat(text))
        except ValueError:
            pass
    elif _ISO_TIME.match(text):
        try:
            text = cst(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            pass
    text = scrub_ids(text)
    return text if len(text) <= 120 else text[:119] + "…"


def change_lines(before: str | None, after: str | None) -> list[tuple[str, str, str]]:
    """(what, before, after) for each value the event changed, named and shown as people read
    them; for an event that only creates, every value it names. Keys without a label (key
    ids, digests, ciphers, bookkeeping) are left out."""
    old, new = _loads(before), _loads(after)
    keys = [k for k in new if k not in old] if not old else list(dict.fromkeys([*old, *new]))
    return [(_KEY_LABELS[k], _shown(k, old.get(k)), _shown(k, new.get(k)))
            for k in keys if k in _KEY_LABELS and old.get(k) != new.get(k)]


def audit_trail(session: Session, *, cert: Certificate, holder: Holder,
                limit: int = AUDIT_LIMIT) -> list[AuditLine]:
    """The newest audit events about the certificate, its children (registrations, remarks,
    status events: ``<number>/<id>``) and its holder, newest first (one indexed query)."""
    stmt = select(AuditEvent).where(or_(
        col(AuditEvent.entity_id) == cert.number,
        col(AuditEvent.entity_id).startswith(f"{cert.number}/"),
        and_(col(AuditEvent.entity_type) == "holder", col(AuditEvent.entity_id) == str(holder.id)),
    )).order_by(col(AuditEvent.seq).desc()).limit(limit)
    return [AuditLine(at=ev.at, actor=ev.actor, action=ev.action, label=action_label(ev.action),
                      entity=ev.entity_type, changes=change_lines(ev.before, ev.after))
            for ev in session.exec(stmt)]


# ---- the actions panel: which steps are done, which the rules refuse now -------------------


@dataclass(frozen=True)
class PanelStep:
    """How the record page's actions panel shows one action: ``state`` is ``offer`` (a
    button), ``done`` (a ✓ with who and when in ``note``) or ``refused`` (a greyed button,
    the rules' reason in ``note``); ``label`` / ``label_en`` rename the button (重新签发)."""

    state: str = "offer"
    note: str = ""
    label: str = ""
    label_en: str = ""


_STATUS_ACTIONS = {"revoke": StatusEventKind.REVOCATION, "forfeit": StatusEventKind.FORFEITURE,
                   "reinstate": StatusEventKind.REINSTATEMENT}


def panel_steps(record: Any, today: date) -> dict[str, PanelStep]:
    """The panel's view of ``record`` (an issuer.console._query.RecordView) on ``today``:
    decided by the same checks the actions run (core.rules.transition for the status
    changes, issuer's check_issuable for issuance), never a copy of them. Actions not named
    here are offered as they are."""
    cert = record.cert
    steps: dict[str, PanelStep] = {}
    if cert.criminal_check_done:
        steps["criminal-check"] = PanelStep(
            "done", " · ".join(x for x in (cert.criminal_check_by or "",
                                           cst(cert.criminal_check_at)) if x))
    if cert.review_state == ReviewState.APPROVED:
        steps["approve"] = PanelStep(
            "done", " · ".join(x for x in (cert.reviewed_by or "", cst(cert.reviewed_at)) if x))
    current = [c for c in record.credentials if not c.superseded]
    try:
        check_issuable(cert)
    except Conflict as refused:
        steps["issue"] = PanelStep("refused", _CHINESE.get(refused.code or "", refused.message))
    else:
        if current:
            last = current[-1]
            steps["issue"] = PanelStep(
                "offer", f"已签发第 {last.version} 版 · {last.issued_by} · {cst(last.issued_at)}",
                label="重新签发电子证照", label_en="re-issue")
    for slug, kind in _STATUS_ACTIONS.items():
        try:
            transition(cert.status, StatusChange(kind, today))
        except Conflict as refused:
            steps[slug] = PanelStep("refused", refused.message)
    return steps


