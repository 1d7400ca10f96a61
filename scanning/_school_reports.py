"""Per-school outputs of a scanning session (Quanzhou 2017 notice): roster (名册), statistics
table (统计表) and, when the school brought its own roster, a discrepancy report (差异报告).

Every table is written twice: XLSX for the clerks and CSV (UTF-8 with BOM, which Excel in China
opens correctly) for other tools. ID numbers only ever appear masked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import InvalidInput
from core.files import write_private
from core.rosters import (
    NO_SCHOOL,
    ROSTER_HEADER,
    STATISTICS_HEADER,
    RosterRow,
    roster_table,
    statistics_table,
)
from core.rules import (
    QualificationType,
    mask_id_number,
    parse_qualification_type,
    squeeze,
)
from core.scanned import ScannedRecord
from core.tabular import csv_bytes, xlsx_bytes
from scanning._roster import RosterEntry, Who, id_agrees, read_roster, roster_match

__all__ = [
    "ROSTER_HEADER",
    "STATISTICS_HEADER",
    "Discrepancy",
    "RosterEntry",
    "find_discrepancies",
    "read_roster",
    "write_school_reports",
]

DISCREPANCY_HEADER = (
    "类型",
    "学校",
    "证书号码",
    "名册姓名",
    "扫描姓名",
    "名册身份证号码",
    "扫描身份证号码",
    "名册行号",
    "源文件",
)
#: kind → label shown in the report
DISCREPANCY_KINDS = {
    "not_scanned": "名册有、未扫描",
    "not_on_roster": "已扫描、名册无",
    "name_mismatch": "姓名不一致",
    "id_mismatch": "身份证号码不一致",
    "number_mismatch": "证书号码不一致",
}


@dataclass(frozen=True)
class Discrepancy:
    """One difference between the school's roster and what was scanned."""

    kind: str
    school: str
    certificate_number: str
    roster_name: str = ""
    scanned_name: str = ""
    roster_id_masked: str = ""
    scanned_id_masked: str = ""
    roster_row: int | None = None
    source: str = ""

    @property
    def label(self) -> str:
        """The Chinese label of ``kind``."""
        return DISCREPANCY_KINDS[self.kind]


@dataclass(frozen=True)
class _Scanned:
    number: str
    id_number: str
    id_type: str
    roster: RosterRow  # the row as the roster shows it (masked ID number)

    @property
    def school(self) -> str:
        return self.roster.school

    @property
    def name(self) -> str:
        return self.roster.name

    @property
    def masked(self) -> str:
        return mask_id_number(self.id_number, self.id_type) if self.id_number else ""


# --- reading the records ------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _qtype(value: Any) -> QualificationType | None:
    if value is None or value == "":
        return None
    try:
        return parse_qualification_type(value)
    except InvalidInput:
        return None


def _scanned(rec: ScannedRecord | Mapping[str, Any]) -> _Scanned:
    if not isinstance(rec, ScannedRecord):
        rec = ScannedRecord.from_json(rec)
    qtype = _qtype(rec.get("qualification_type"))
    findings = [str(f) for f in rec.findings]
    number = squeeze(_text(rec.get("certificate_number")))
    name = _text(rec.get("name"))
    review = rec.needs_review  # the one rule (core.scanned.needs_review), as in records.jsonl
    id_number = squeeze(_text(rec.get("id_number")))
    id_type = _text(rec.extra.get("id_type"))
    school = _text(rec.school) or NO_SCHOOL
    masked = mask_id_number(id_number, id_type or "resident_id") if id_number else ""
    row = RosterRow(
        school=school,
        name=name,
        gender=_text(rec.get("gender")),
        birth_date=_text(rec.get("birth_date")),
        id_shown=masked,
        qualification_type=qtype,
        qualification_text=_text(rec.get("qualification_type")),
        subject=_text(rec.get("subject")),
        number=number,
        authority=_text(rec.get("issuing_authority")),
        date=_text(rec.get("issue_date")),
        source=_text(rec.source),
        needs_review=review,
        problems=tuple(findings),
    )
    return _Scanned(number, id_number, id_type or "resident_id", row)


# --- discrepancies ------------------------------------------------------------------------


def find_discrepancies(
    records: Iterable[ScannedRecord | Mapping[str, Any]], roster: Sequence[RosterEntry]
) -> list[Discrepancy]:
    """Compare scanned records with a school roster, each row matched by
    :func:`scanning._roster.roster_match` (certificate number, then ID number, then name)."""
    scanned = [_scanned(r) for r in records]
    candidates = [(Who.of(s.number, s.id_number, s.name), s) for s in scanned]
    wanted = [Who.of(e.certificate_number, e.id_number, e.name) for e in roster]
    numbers = {c.number for c, _ in candidates}
    matches: dict[int, _Scanned] = {}
    matched: list[_Scanned] = []
    # Numbers first over the whole roster, so a teacher's other certificate on an earlier row
    # cannot take this record by its ID number.
    for by_number in (True, False):
        for i, who in enumerate(wanted):
            if i in matches or by_number != (who.number in numbers):
                continue
            match = roster_match(who, candidates, taken=matched)
            if match is not None:
                matches[i] = match
                matched.append(match)
    out: list[Discrepancy] = []
    for i, entry in enumerate(roster):
        match = matches.get(i)
        if match is None:
            out.append(
                Discrepancy(
                    "not_scanned",
                    entry.school or "",
                    entry.certificate_number or "",
                    roster_name=entry.name,
                    roster_id_masked=_mask(entry.id_number),
                    roster_row=entry.row,
                )
            )
            continue
        out.extend(_compare(entry, match))
    out.extend(
        Discrepancy(
            "not_on_roster",
            s.school,
            s.number,
            scanned_name=s.name,
            scanned_id_masked=s.masked,
            source=s.roster.source,
        )
        for s in scanned if s not in matched
    )
    return out


def _mask(id_number: str | None) -> str:
    return mask_id_number(id_number) if id_number else ""


def _compare(entry: RosterEntry, s: _Scanned) -> list[Discrepancy]:
    listed, read = Who.of(entry.certificate_number, entry.id_number, entry.name), \
        Who.of(s.number, s.id_number, s.name)
    kinds = []
    if listed.number and read.number and listed.number != read.number:
        kinds.append("number_mismatch")  # matched by ID number or name: a misread number?
    if listed.name != read.name:
        kinds.append("name_mismatch")
    if listed.id_number and read.id_number and not id_agrees(listed.id_number, read.id_number):
        kinds.append("id_mismatch")
    return [
        Discrepancy(
            kind,
            s.school,
            s.number,
            roster_name=entry.name,
            scanned_name=s.name,
            roster_id_masked=_mask(entry.id_number),
            scanned_id_masked=s.masked,
            roster_row=entry.row,
            source=s.roster.source,
        )
        for kind in kinds
    ]


def _discrepancy_row(d: Discrepancy) -> list[Any]:
    return [
        d.label,
        d.school,
        d.certificate_number,
        d.roster_name,
        d.scanned_name,
        d.roster_id_masked,
        d.scanned_id_masked,
        d.roster_row or "",
        d.source,
    ]


# --- writing ------------------------------------------------------------------------------


def write_school_reports(
    records: Iterable[ScannedRecord | Mapping[str, Any]], out_dir: Path, *,
    roster: Path | Sequence[RosterEntry] | None = None,
) -> list[Path]:
    """Write 名册/roster, 统计表/statistics and (with ``roster``, a file or its entries)
    差异报告/discrepancies as XLSX and CSV into ``out_dir``; returns the files written."""
    records = list(records)
    entries = read_roster(roster) if isinstance(roster, Path) else roster  # fail before writing
    scanned = sorted((_scanned(r) for r in records), key=lambda s: s.school)
    out_dir.mkdir(parents=True, exist_ok=True)
    listed = [s.roster for s in scanned]
    review_rows = {i for i, row in enumerate(listed) if row.needs_review}
    written = [
        *_write_pair(out_dir, "名册", "roster", ROSTER_HEADER, roster_table(listed), review_rows),
        *_write_pair(
            out_dir, "统计表", "statistics", STATISTICS_HEADER, statistics_table(listed), set()
        ),
    ]
    if entries is not None:
        rows = [_discrepancy_row(d) for d in find_discrepancies(records, entries)]
        written += _write_pair(
            out_dir, "差异报告", "discrepancies", DISCREPANCY_HEADER, rows, set()
        )
    return written


def _write_pair(
    out_dir: Path,
    xlsx_stem: str,
    csv_stem: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    highlight: set[int],
) -> list[Path]:
    """The same table as XLSX (rows to review in amber) and CSV, through the one safe writer;
    the roster holds personal data, so both files are owner-only."""
    xlsx = out_dir / f"{xlsx_stem}.xlsx"
    write_private(xlsx, xlsx_bytes([(xlsx_stem, header, rows)], highlight=highlight,
                                   max_width=40), durable=False)
    csv_path = out_dir / f"{csv_stem}.csv"
    write_private(csv_path, csv_bytes([(header, rows)]), durable=False)
    return [xlsx, csv_path]
