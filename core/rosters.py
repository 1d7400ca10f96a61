"""The roster (名册) and statistics table (统计表), one definition for every source: the tables
``ecert scan`` writes per school from scanned booklets, and the registry's reports.

A source turns each certificate into a :class:`RosterRow` (the ID number already shown as the
caller may show it); the functions here turn those rows into the tables' cells, and counts
(per school, qualification type and review need) into the statistics table. Pure functions:
writing the files is the caller's (through :mod:`core.tabular`, the one safe writer).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.rules import QualificationType

__all__ = [
    "NO_SCHOOL",
    "ROSTER_HEADER",
    "STATISTICS_HEADER",
    "TOTAL",
    "TYPE_COLUMNS",
    "UNKNOWN_TYPE",
    "RosterRow",
    "SchoolCount",
    "count_row",
    "roster_cells",
    "roster_table",
    "statistics_from_counts",
    "statistics_table",
]

NO_SCHOOL = "（未填学校）"
UNKNOWN_TYPE = "未识别"
TOTAL = "合计"
ROSTER_HEADER = (
    "序号",
    "学校",
    "姓名",
    "性别",
    "出生日期",
    "身份证号码",
    "资格种类",
    "任教学科",
    "证书号码",
    "认定机构",
    "批准日期",
    "源文件",
    "需审核",
    "问题",
)
TYPE_COLUMNS = tuple(q.short for q in QualificationType)
STATISTICS_HEADER = ("学校", *TYPE_COLUMNS, UNKNOWN_TYPE, TOTAL, "其中需审核")


@dataclass(frozen=True)
class RosterRow:
    """One certificate as the roster shows it; ``id_shown`` is the ID number as the reader
    may see it (masked, unless the caller was allowed the full number)."""

    school: str
    name: str
    gender: str
    birth_date: str | date | None
    id_shown: str
    qualification_type: QualificationType | None
    subject: str
    number: str
    authority: str
    date: str | date | None
    source: str
    needs_review: bool
    problems: tuple[str, ...] = ()
    #: the qualification type as read, shown when it is not one of the seven
    qualification_text: str = ""

    @property
    def school_shown(self) -> str:
        """The school, or （未填学校） for none."""
        return self.school or NO_SCHOOL

    @property
    def qualification_shown(self) -> str:
        """高级中学教师资格; what was read when not recognised; else 未识别."""
        if self.qualification_type is not None:
            return self.qualification_type.label
        return self.qualification_text or UNKNOWN_TYPE


def roster_cells(row: RosterRow) -> tuple[Any, ...]:
    """The roster's cells for one row, without the 序号."""
    return (
        row.school_shown,
        row.name,
        row.gender,
        row.birth_date,
        row.id_shown,
        row.qualification_shown,
        row.subject,
        row.number,
        row.authority,
        row.date,
        row.source,
        "是" if row.needs_review else "否",
        "；".join(row.problems),
    )


def roster_table(rows: Iterable[RosterRow], *, start: int = 1) -> list[list[Any]]:
    """The roster's data rows, numbered from ``start`` (序号) in the order given."""
    return [[i, *roster_cells(row)] for i, row in enumerate(rows, start=start)]


@dataclass(frozen=True)
class SchoolCount:
    """How many certificates of one school, type and review need (one GROUP BY row)."""

    school: str
    qualification_type: QualificationType | None
    needs_review: bool
    count: int = 1


def count_row(label: str, counts: Sequence[SchoolCount]) -> list[Any]:
    """One statistics line: per type, 未识别, 合计, 其中需审核."""
    per_type = [sum(c.count for c in counts if c.qualification_type == q)
                for q in QualificationType]
    unknown = sum(c.count for c in counts if c.qualification_type is None)
    review = sum(c.count for c in counts if c.needs_review)
    return [label, *per_type, unknown, sum(c.count for c in counts), review]


def statistics_from_counts(counts: Iterable[SchoolCount]) -> list[list[Any]]:
    """The statistics table's data rows: one per school (sorted; an empty school is
    （未填学校）), then 合计."""
    items = [c if c.school else SchoolCount(NO_SCHOOL, c.qualification_type, c.needs_review,
                                            c.count) for c in counts]
    by_school: dict[str, list[SchoolCount]] = {}
    for item in items:
        by_school.setdefault(item.school, []).append(item)
    rows = [count_row(school, by_school[school]) for school in sorted(by_school)]
    rows.append(count_row(TOTAL, items))
    return rows


def statistics_table(rows: Iterable[RosterRow]) -> list[list[Any]]:
    """The statistics table's data rows for roster rows (one count each)."""
    return statistics_from_counts(
        SchoolCount(r.school_shown, r.qualification_type, r.needs_review) for r in rows)
