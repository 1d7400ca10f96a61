"""Reports for the provincial centre: the restriction list (限制库, Gansu 2021) and the quarterly
administrative-penalty statistics (Hubei 2020: who, why, which decision), as CSV or XLSX.

ID numbers are masked unless the caller explicitly asks for full ones; that request is written
to the audit log with the actor. CSV is UTF-8 with a BOM so that Excel opens Chinese correctly;
cells that a spreadsheet would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from core.audit import record_event
from core.clock import today
from core.errors import InvalidInput
from core.identity import IdVault
from core.models import Authority, Certificate, Holder, StatusEvent
from core.states import QualificationStatus, StatusEventKind
from core.tabular import csv_bytes, xlsx_bytes

__all__ = [
    "FORMATS",
    "PENALTY_DETAIL_HEADERS",
    "PENALTY_SUMMARY_HEADERS",
    "RESTRICTION_HEADERS",
    "PenaltyReport",
    "parse_format",
    "penalties_file",
    "penalty_report",
    "restriction_rows",
    "restrictions_file",
]

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
RESTRICTION_HEADERS = ("姓名", "身份证件号码", "证书号码", "限制类型", "认定机构", "决定文书",
                       "生效日期", "限制截止日期", "原因")
_PENALTIES = (StatusEventKind.REVOCATION, StatusEventKind.FORFEITURE)
PENALTY_SUMMARY_HEADERS = ("季度", "认定机构代码", "认定机构", *(k.zh for k in _PENALTIES), "合计")
PENALTY_DETAIL_HEADERS = ("季度", "认定机构代码", "认定机构", "处罚类型", "姓名", "身份证件号码",
                          "证书号码", "原因", "决定文书", "生效日期")
_KINDS = {kind.value: kind.zh for kind in _PENALTIES}
_STATUS_KIND = {QualificationStatus.REVOKED.value: StatusEventKind.REVOCATION.value,
                QualificationStatus.FORFEITED.value: StatusEventKind.FORFEITURE.value}
Row = Sequence[Any]


def parse_format(fmt: str) -> str:
    """csv or xlsx (case-insensitive)."""
    value = (fmt or "").strip().lower()
    if value not in FORMATS:
        raise InvalidInput(f"未知的格式 {fmt!r}（应为 csv 或 xlsx）", field="format",
                           rule="unknown_format")
    return value


def _joined() -> Any:
    return (select(Certificate, Holder, Authority)
            .join(Holder, col(Holder.id) == Certificate.holder_id)
            .join(Authority, col(Authority.id) == Certificate.authority_id))


def _decision(session: Session, cert: Certificate) -> StatusEvent | None:
    return session.exec(select(StatusEvent).where(
        StatusEvent.certificate_id == cert.id, StatusEvent.kind == _STATUS_KIND[cert.status],
    ).order_by(col(StatusEvent.effective_date).desc(), col(StatusEvent.id).desc())).first()


def restriction_rows(
    session: Session, *, region: str = "", full_id: bool = False, vault: IdVault | None = None,
    actor: str | None = None,
) -> list[tuple[Any, ...]]:
    """Revoked and forfeited holders in ``region``; full ID numbers only with ``full_id``
    (needs the vault and an actor, and is audited)."""
    if full_id and (vault is None or not actor):
        raise InvalidInput("full ID numbers need the ID vault and a named actor",
                           field="full_id", rule="full_id_requires_actor")
    stmt = _joined().where(col(Certificate.status).in_(list(_STATUS_KIND)),
                           col(Authority.division_code).startswith(region))
    rows = []
    for cert, holder, authority in session.exec(stmt.order_by(col(Certificate.number))).all():
        event = _decision(session, cert)
        id_text = vault.decrypt(holder.id_cipher) if full_id and vault else holder.id_masked
        until: Any = "永久" if cert.status == "forfeited" else (
            event.reapply_after if event else None)
        rows.append((holder.name, id_text, cert.number, _KINDS[_STATUS_KIND[cert.status]],
                     authority.name, event.decision_document if event else "",
                     event.effective_date if event else None, until,
                     event.reason if event else ""))
    if full_id:
        assert actor is not None
        record_event(session, actor=actor, action="reports.restrictions.full_id",
                     entity_type="report", entity_id="restrictions",
                     after={"rows": len(rows), "region": region})
    return rows


@dataclass(frozen=True)
class PenaltyReport:
    """One quarter's administrative penalties: counts per authority and the decisions."""

    year: int
    quarter: int
    start: date
    end: date
    summary: list[tuple[Any, ...]]
    details: list[tuple[Any, ...]]

    @property
    def label(self) -> str:
        """2026年第4季度."""
        return f"{self.year}年第{self.quarter}季度"


def _quarter(year: int, quarter: int) -> tuple[date, date]:
    if quarter not in (1, 2, 3, 4):
        raise InvalidInput(f"季度应为 1–4，实为 {quarter}", field="quarter", rule="quarter_range")
    if not 1993 <= year <= today().year:
        raise InvalidInput(f"年份 {year} 不合理", field="year", rule="year_range")
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end


def penalty_report(session: Session, *, year: int, quarter: int, region: str = "") -> PenaltyReport:
    """撤销 and 丧失 decisions effective in the quarter, per authority (masked ID numbers)."""
    start, end = _quarter(year, quarter)
    label = f"{year}年第{quarter}季度"
    stmt = (select(StatusEvent, Certificate, Holder, Authority)
            .join(Certificate, col(Certificate.id) == StatusEvent.certificate_id)
            .join(Holder, col(Holder.id) == Certificate.holder_id)
            .join(Authority, col(Authority.id) == Certificate.authority_id)
            .where(col(StatusEvent.kind).in_(list(_KINDS)), StatusEvent.effective_date >= start,
                   StatusEvent.effective_date < end,
                   col(Authority.division_code).startswith(region))
            .order_by(col(Authority.code), col(StatusEvent.effective_date), col(StatusEvent.id)))
    details: list[tuple[Any, ...]] = []
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for event, cert, holder, authority in session.exec(stmt).all():
        details.append((label, authority.code, authority.name, _KINDS[event.kind], holder.name,
                        holder.id_masked, cert.number, event.reason, event.decision_document,
                        event.effective_date))
        tally = counts.setdefault((authority.code, authority.name), {"revocation": 0,
                                                                     "forfeiture": 0})
        tally[event.kind] += 1
    summary = [(label, code, name, c["revocation"], c["forfeiture"],
                c["revocation"] + c["forfeiture"]) for (code, name), c in sorted(counts.items())]
    return PenaltyReport(year, quarter, start, end - timedelta(days=1), summary, details)


# ---- writers: core.tabular (formula-safe, control-character-safe) -------------------------


def restrictions_file(rows: Sequence[Row], fmt: str) -> bytes:
    """The restriction list as CSV or XLSX bytes."""
    if parse_format(fmt) == "csv":
        return csv_bytes([(RESTRICTION_HEADERS, rows)])
    return xlsx_bytes([("限制库", RESTRICTION_HEADERS, rows)])


def penalties_file(report: PenaltyReport, fmt: str) -> bytes:
    """The quarterly report: CSV with a summary section, a blank line, then the details;
    XLSX with the sheets 统计 and 明细."""
    if parse_format(fmt) == "csv":
        return csv_bytes([(PENALTY_SUMMARY_HEADERS, report.summary),
                     (PENALTY_DETAIL_HEADERS, report.details)])
    return xlsx_bytes([("统计", PENALTY_SUMMARY_HEADERS, report.summary),
                  ("明细", PENALTY_DETAIL_HEADERS, report.details)])
