"""A record's audit trail as people read it: the events about a certificate, its registrations,
remarks and status events (``<number>/<id>``) and its holder, with what each changed — values
named in Chinese, states by their labels, times in CST, and anything shaped like an ID number
masked."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from core.models import AuditEvent, Certificate, Holder
from core.pages import cst
from core.policy import Action
from core.rules import QualificationType, mask_id_number
from core.states import (
    AnnotationKind,
    LabelledEnum,
    QualificationStatus,
    RegistrationConclusion,
    ReviewState,
    StatusEventKind,
)

__all__ = ["AUDIT_LIMIT", "AuditLine", "action_label", "audit_trail", "scrub_ids"]

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


#: the actions the audit log names that no core.policy Action labels
_ACTION_LABELS: dict[str, str] = {
    "records.import": "导入记录",
    "records.import.approved": "导入记录（已审核）",
    "review.correct": "更正识别结果",
    "credentials.issue": "签发电子证照",
    "registration.add": "登记定期注册结论",
    "reissue.create": "更正后重新制证",
    "reissue.in_place": "原号更正重新制证",
    "reissue.replace": "换号重新制证",
    "reissue.holder_gender": "更正持证人性别",
    "holder.download.pdf": "持证人下载 PDF",
    "holder.download.json": "持证人下载电子证照",
    "console.pdf_download": "工作人员下载 PDF",
    **{f"annotation.{k.value}": f"填写备注（{k.zh}）" for k in AnnotationKind},
    **{f"status.{k.value}": f"资格状态变更：{k.zh}" for k in StatusEventKind},
}


def action_label(action: str) -> str:
    """The Chinese name of an audit action; an unknown one as logged."""
    if action in _ACTION_LABELS:
        return _ACTION_LABELS[action]
    try:
        return Action(action).label
    except ValueError:
        return action


def _loads(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text) if text else {}
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


#: audit-value keys people read by name; those not listed are shown as logged
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
}
#: bookkeeping the page shows elsewhere (who, when) or never (ciphers, signatures)
_HIDDEN_KEYS = frozenset({"id", "certificate_id", "created_at", "created_by", "updated_at",
                          "row_version", "id_cipher", "id_hash", "cose"})
_ENUMS: dict[str, tuple[type[LabelledEnum], ...]] = {
    "status": (QualificationStatus,), "review_state": (ReviewState,),
    "kind": (StatusEventKind, AnnotationKind), "conclusion": (RegistrationConclusion,),
}
_ISO_TIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}")


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
    if key == "qualification_type":
        try:
            return str(QualificationType(int(value)).label)
        except (TypeError, ValueError):
            pass
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                           default=str)
    if _ISO_TIME.match(text):
        try:
            text = cst(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            pass
    text = scrub_ids(text)
    return text if len(text) <= 120 else text[:119] + "…"


def _changes(before: str | None, after: str | None) -> list[tuple[str, str, str]]:
    """(what, before, after) for each value the event changed; for an event that only
    creates, every value it names."""
    old, new = _loads(before), _loads(after)
    keys = [k for k in new if k not in old] if not old else list(dict.fromkeys([*old, *new]))
    return [(_KEY_LABELS.get(k, scrub_ids(k)), _shown(k, old.get(k)), _shown(k, new.get(k)))
            for k in keys if k not in _HIDDEN_KEYS and old.get(k) != new.get(k)]


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
                      entity=ev.entity_type, changes=_changes(ev.before, ev.after))
            for ev in session.exec(stmt)]
