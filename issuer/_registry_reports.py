"""The registry's 名册 (roster) and 统计表 (statistics per school and qualification type) for a
region under filters (school, scan batch, 批准日期 range, qualification status), as CSV or XLSX.

The tables are core.rosters' (the same columns ``ecert scan`` writes per school), with two
registry columns after the roster's: 资格状态 and 扫描批次. ID numbers are masked unless the caller
may and does ask for full ones; that request is written to the audit log with the actor (as the
restriction list does). Each report is a bounded number of queries (a count, then one joined
select of the columns it shows; the statistics are one GROUP BY). A roster larger than a file may
hold is refused with a message that says how to narrow it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from core.audit import record_event
from core.errors import InvalidInput
from core.identity import IdVault
from core.models import Authority, Certificate, Holder
from core.rosters import (
    ROSTER_HEADER,
    STATISTICS_HEADER,
    RosterRow,
    SchoolCount,
    roster_table,
    statistics_from_counts,
)
from core.rules import QualificationType
from core.states import QualificationStatus, ReviewState
from core.tabular import csv_bytes, xlsx_bytes
from issuer._penalty_reports import parse_format

__all__ = [
    "REGISTRY_ROSTER_HEADER",
    "ROSTER_LIMITS",
    "RegistryRoster",
    "ReportFilter",
    "count_matching",
    "registry_roster",
    "registry_statistics",
    "roster_file",
    "statistics_file",
]

#: the roster's columns, then the registry's own
REGISTRY_ROSTER_HEADER = (*ROSTER_HEADER, "资格状态", "扫描批次")
#: rows one roster file may hold, per format: an XLSX workbook is built in memory (20,000 rows
#: take a few seconds and ~100 MB), CSV is written row by row
ROSTER_LIMITS = {"xlsx": 20_000, "csv": 200_000}
_NO_CHECK = "犯罪记录核查未完成"


@dataclass(frozen=True)
class ReportFilter:
    """Which certificates a report covers: a region (division-code prefix; '' = all) and the
    console list's filters (school: part of the name; batch: exact; 批准日期 from/to)."""

    region: str = ""
    school: str = ""
    batch: str = ""
    issued_from: date | None = None
    issued_to: date | None = None
    status: QualificationStatus | None = None

    def describe(self) -> list[tuple[str, str]]:
        """(condition, value) pairs for the file's 条件 sheet."""
        return [("区域代码", self.region or "全部"), ("学校（包含）", self.school or "全部"),
                ("扫描批次", self.batch or "全部"),
                ("批准日期自", self.issued_from.isoformat() if self.issued_from else "—"),
                ("批准日期至", self.issued_to.isoformat() if self.issued_to else "—"),
                ("资格状态", self.status.zh if self.status else "全部")]


@dataclass(frozen=True)
class RegistryRoster:
    """The roster's rows (in order: school, then certificate number) and the registry columns."""

    filters: ReportFilter
    rows: list[RosterRow]
    extra: list[tuple[str, str]] = field(default_factory=list)  # (资格状态, 扫描批次) per row
    full_id: bool = False

    def table(self) -> list[list[Any]]:
        """The data rows of :data:`REGISTRY_ROSTER_HEADER`."""
        return [[*row, *extra] for row, extra in zip(roster_table(self.rows), self.extra,
                                                      strict=True)]

    @property
    def review(self) -> set[int]:
        """Indexes of the rows still to review (amber in the XLSX)."""
        return {i for i, row in enumerate(self.rows) if row.needs_review}


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(stmt: Any, f: ReportFilter) -> Any:
    authorities = select(Authority.id).where(col(Authority.division_code).startswith(f.region))
    stmt = stmt.where(col(Certificate.authority_id).in_(authorities))
    if f.school:
        stmt = stmt.where(col(Certificate.school).like(f"%{_like(f.school)}%", escape="\\"))
    if f.batch:
        stmt = stmt.where(Certificate.scan_batch == f.batch)
    if f.issued_from is not None:
        stmt = stmt.where(col(Certificate.issue_date) >= f.issued_from)
    if f.issued_to is not None:
        stmt = stmt.where(col(Certificate.issue_date) <= f.issued_to)
    if f.status is not None:
        stmt = stmt.where(Certificate.status == f.status)
    return stmt


def _qtype(value: int) -> QualificationType | None:
    try:
        return QualificationType(value)
    except ValueError:
        return None


def count_matching(session: Session, filters: ReportFilter) -> int:
    """How many certificates the filters cover."""
    stmt = _where(select(func.count()).select_from(Certificate), filters)
    return int(session.exec(stmt).one())


def registry_roster(
    session: Session, filters: ReportFilter, *, fmt: str = "xlsx", full_id: bool = False,
    vault: IdVault | None = None, actor: str | None = None,
) -> RegistryRoster:
    """The 名册 of the certificates the filters cover; full ID numbers only with ``full_id``
    (needs the vault and an actor, and is audited). More rows than the format's limit
    (:data:`ROSTER_LIMITS`) are refused with how to narrow them."""
    if full_id and (vault is None or not actor):
        raise InvalidInput("full ID numbers need the ID vault and a named actor",
                           field="full_id", rule="full_id_requires_actor")
    kind = parse_format(fmt)
    total, limit = count_matching(session, filters), ROSTER_LIMITS[kind]
    if total > limit:
        raise InvalidInput(
            f"符合条件的证书共 {total:,} 条，超过一个 {kind.upper()} 名册文件的上限 {limit:,} 条："
            "请按学校、扫描批次或批准日期缩小范围"
            + ("，或下载 CSV" if kind == "xlsx" and total <= ROSTER_LIMITS["csv"] else "")
            + f"（统计表不受此限） / {total:,} certificates match, more than a {kind} roster "
            f"holds ({limit:,}): narrow by school, batch or date",
            field="filters", rule="report_too_large", total=total, limit=limit)
    shown = (Certificate.school, Holder.name, Holder.gender, Holder.birth_date,
             Holder.id_cipher if full_id else Holder.id_masked, Certificate.qualification_type,
             Certificate.subject, Certificate.number, Authority.name, Certificate.issue_date,
             Certificate.source_file, Certificate.review_state, Certificate.criminal_check_done,
             Certificate.status, Certificate.scan_batch)
    stmt = _where(columns(*(col(c) for c in shown)).select_from(Certificate)
                  .join(Holder, col(Holder.id) == Certificate.holder_id)
                  .join(Authority, col(Authority.id) == Certificate.authority_id), filters)
    stmt = stmt.order_by(col(Certificate.school), col(Certificate.number))
    rows: list[RosterRow] = []
    extra: list[tuple[str, str]] = []
    for (school, name, gender, birth, id_value, qtype, subject, number, authority, issued,
         source, review, checked, status, batch) in session.execute(stmt).all():
        approved = ReviewState(str(review)) == ReviewState.APPROVED
        rows.append(RosterRow(
            school=school or "", name=name, gender=gender, birth_date=birth,
            id_shown=vault.decrypt(id_value) if full_id and vault else str(id_value),
            qualification_type=_qtype(qtype), qualification_text=str(qtype),
            subject=subject, number=number, authority=authority, date=issued,
            source=source or "", needs_review=not approved,
            problems=() if approved or checked else (_NO_CHECK,)))
        extra.append((QualificationStatus(str(status)).zh, batch or ""))
    if full_id:
        assert actor is not None
        record_event(session, actor=actor, action="reports.roster.full_id",
                     entity_type="report", entity_id="roster",
                     after={"rows": len(rows), **_audited(filters)})
    return RegistryRoster(filters, rows, extra, full_id)


def _audited(filters: ReportFilter) -> dict[str, Any]:
    return {"region": filters.region, "school": filters.school, "batch": filters.batch,
            "issued_from": filters.issued_from.isoformat() if filters.issued_from else None,
            "issued_to": filters.issued_to.isoformat() if filters.issued_to else None,
            "status": filters.status.value if filters.status else None}


def registry_statistics(session: Session, filters: ReportFilter) -> list[list[Any]]:
    """The 统计表: per school, certificates per qualification type, 未识别, 合计 and 其中需审核
    (not yet approved), then 合计 — one GROUP BY, whatever the registry's size."""
    stmt = _where(select(Certificate.school, Certificate.qualification_type,
                         Certificate.review_state, func.count()).select_from(Certificate),
                  filters)
    stmt = stmt.group_by(Certificate.school, Certificate.qualification_type,
                         Certificate.review_state)
    counts = [SchoolCount(school or "", _qtype(qtype),
                          ReviewState(str(review)) != ReviewState.APPROVED, int(n))
              for school, qtype, review, n in session.exec(stmt).all()]
    return statistics_from_counts(counts)


# ---- writers: core.tabular (formula-safe, control-character-safe) -------------------------

def roster_file(roster: RegistryRoster, fmt: str) -> bytes:
    """The roster as CSV or XLSX (名册, rows still to review in amber)."""
    table = roster.table()
    if parse_format(fmt) == "csv":
        return csv_bytes([(REGISTRY_ROSTER_HEADER, table)])
    return xlsx_bytes([("名册", REGISTRY_ROSTER_HEADER, table)], highlight=roster.review,
                      max_width=40)


def statistics_file(rows: Sequence[Sequence[Any]], filters: ReportFilter, fmt: str) -> bytes:
    """The statistics table as CSV or XLSX (统计表; 条件)."""
    if parse_format(fmt) == "csv":
        return csv_bytes([(STATISTICS_HEADER, rows)])
    return xlsx_bytes([("统计表", STATISTICS_HEADER, rows),
                       ("条件", ("条件", "值"), filters.describe())])
