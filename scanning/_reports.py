"""Per-school outputs of a scanning session (Quanzhou 2017 notice): roster (名册), statistics
table (统计表) and, when the school brought its own roster, a discrepancy report (差异报告).

Every table is written twice: XLSX for the clerks and CSV (UTF-8 with BOM, which Excel in China
opens correctly) for other tools. ID numbers only ever appear masked.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from core.errors import InvalidInput, MalformedFile
from core.files import write_private
from core.rules import (
    QualificationType,
    mask_id_number,
    normalize_digits,
    parse_qualification_type,
)
from core.scanned import ScannedRecord
from core.tabular import csv_bytes, xlsx_bytes

__all__ = [
    "ROSTER_HEADER",
    "STATISTICS_HEADER",
    "Discrepancy",
    "RosterEntry",
    "find_discrepancies",
    "read_roster",
    "write_school_reports",
]

NO_SCHOOL = "（未填学校）"
UNKNOWN_TYPE = "未识别"
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
STATISTICS_HEADER = ("学校", *TYPE_COLUMNS, UNKNOWN_TYPE, "合计", "其中需审核")
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
}


@dataclass(frozen=True)
class RosterEntry:
    """One teacher on a school's own roster; ``row`` is the 1-based row in the file."""

    row: int
    name: str
    certificate_number: str | None
    id_number: str | None = None
    school: str | None = None


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
    school: str
    name: str
    number: str
    id_number: str
    id_type: str
    qtype: QualificationType | None
    needs_review: bool
    row: tuple[str, ...]  # the roster row without 序号

    @property
    def masked(self) -> str:
        return mask_id_number(self.id_number, self.id_type) if self.id_number else ""


# --- reading the records ------------------------------------------------------------------


_SPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Half-width ``text`` without any whitespace (how numbers and names are compared)."""
    return _SPACE.sub("", normalize_digits(text))


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
    row = (
        school,
        name,
        _text(rec.get("gender")),
        _text(rec.get("birth_date")),
        masked,
        qtype.label if qtype else _text(rec.get("qualification_type")) or UNKNOWN_TYPE,
        _text(rec.get("subject")),
        number,
        _text(rec.get("issuing_authority")),
        _text(rec.get("issue_date")),
        _text(rec.source),
        "是" if review else "否",
        "；".join(findings),
    )
    return _Scanned(school, name, number, id_number, id_type or "resident_id", qtype, review, row)


# --- statistics ---------------------------------------------------------------------------


def _statistics(scanned: Sequence[_Scanned]) -> list[list[Any]]:
    schools = sorted({s.school for s in scanned})
    rows = [_count_row(school, [s for s in scanned if s.school == school]) for school in schools]
    rows.append(_count_row("合计", scanned))
    return rows


def _count_row(label: str, items: Sequence[_Scanned]) -> list[Any]:
    per_type = [sum(1 for s in items if s.qtype == q) for q in QualificationType]
    unknown = sum(1 for s in items if s.qtype is None)
    review = sum(1 for s in items if s.needs_review)
    return [label, *per_type, unknown, len(items), review]


# --- discrepancies ------------------------------------------------------------------------


def find_discrepancies(
    records: Iterable[ScannedRecord | Mapping[str, Any]], roster: Sequence[RosterEntry]
) -> list[Discrepancy]:
    """Compare scanned records with a school roster, matching by certificate number (then by ID
    number, then by a unique name for roster rows without a number)."""
    scanned = [_scanned(r) for r in records]
    unmatched = list(scanned)
    out: list[Discrepancy] = []
    for entry in roster:
        match = _match(entry, scanned, unmatched)
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
        if match in unmatched:
            unmatched.remove(match)
        out.extend(_compare(entry, match))
    out.extend(
        Discrepancy(
            "not_on_roster",
            s.school,
            s.number,
            scanned_name=s.name,
            scanned_id_masked=s.masked,
            source=s.row[10],
        )
        for s in unmatched
    )
    return out


def _mask(id_number: str | None) -> str:
    return mask_id_number(id_number) if id_number else ""


def _match(
    entry: RosterEntry, scanned: Sequence[_Scanned], unmatched: Sequence[_Scanned]
) -> _Scanned | None:
    if entry.certificate_number:
        return next((s for s in scanned if s.number == entry.certificate_number), None)
    if entry.id_number:
        found = [s for s in unmatched if s.id_number and _id_agrees(entry.id_number, s.id_number)]
        return found[0] if len(found) == 1 else None
    named = [s for s in unmatched if squeeze(s.name) == squeeze(entry.name)]
    return named[0] if len(named) == 1 else None


def _id_agrees(roster_id: str, scanned_id: str) -> bool:
    """Equal, where a masked roster number (110***…123X) is compared on its visible part."""
    a, b = roster_id.upper(), scanned_id.upper()
    return len(a) == len(b) and all(x == y or x == "*" for x, y in zip(a, b, strict=True))


def _compare(entry: RosterEntry, s: _Scanned) -> list[Discrepancy]:
    kinds = []
    if squeeze(entry.name) != squeeze(s.name):
        kinds.append("name_mismatch")
    if entry.id_number and s.id_number and not _id_agrees(entry.id_number, s.id_number):
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
            source=s.row[10],
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


# --- reading a school's roster ------------------------------------------------------------

_ALIASES = {
    "name": ("姓名", "教师姓名", "持证人姓名", "名字", "name"),
    "certificate_number": (
        "证书号码",
        "证书编号",
        "资格证书号码",
        "资格证书编号",
        "教师资格证书号码",
        "教师资格证书编号",
        "教师资格证号码",
        "证书号",
        "certificate_number",
    ),
    "id_number": (
        "身份证号码",
        "身份证号",
        "身份证件号码",
        "公民身份号码",
        "证件号码",
        "id_number",
    ),
    "school": ("学校", "学校名称", "所在学校", "单位", "工作单位", "school"),
}
_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")
_HEADER_SCAN_ROWS = 10
_EXACT_FLOAT_LIMIT = 2**53  # larger numbers lost digits when Excel stored them as numbers


def read_roster(source: Path | bytes, name: str | None = None) -> list[RosterEntry]:
    """Read a school's roster (CSV or XLSX, a path or its bytes with ``name``): header row with
    姓名 and 证书号码 (variants tolerated), optional 身份证号码 and 学校; title rows above the
    header are skipped."""
    if isinstance(source, Path):
        if not source.is_file():
            raise MalformedFile(f"名册文件不存在 (roster not found): {source}",
                                rule="file_not_found")
        data, label = source.read_bytes(), name or source.name
    else:
        data, label = source, name or "roster"
    path = Path(label)
    rows = _read_rows(data, path)
    header_at, columns = _find_header(rows, path)
    entries = []
    for index, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        values = {key: _cell(row, col, key, index, path) for key, col in columns.items()}
        if not any(values.values()):
            continue
        if not values["name"] and not values.get("certificate_number"):
            continue
        entries.append(
            RosterEntry(
                row=index,
                name=values["name"],
                certificate_number=values.get("certificate_number") or None,
                id_number=values.get("id_number") or None,
                school=values.get("school") or None,
            )
        )
    return entries


def _read_rows(data: bytes, path: Path) -> list[list[Any]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(data, path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data, path)
    raise MalformedFile(
        f"名册应为 CSV 或 XLSX 文件 (roster must be .csv or .xlsx): {path.name}",
        rule="roster_format",
    )


def _read_csv(data: bytes, path: Path) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK by default
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [list(r) for r in csv.reader(text.splitlines())]
    raise MalformedFile(
        f"名册 {path.name} 既不是 UTF-8 也不是 GB18030 编码 (unknown encoding)",
        rule="roster_encoding",
    )


def _read_xlsx(data: bytes, path: Path) -> list[list[Any]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError … on bad files
        raise MalformedFile(
            f"无法读取名册 {path.name}（不是有效的 XLSX 文件）: {exc}", rule="roster_unreadable"
        ) from None
    try:
        sheet = book.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _norm_header(value: Any) -> str:
    return _BRACKETS.sub("", squeeze(_text(value))).strip("*＊:：").casefold()


def _find_header(rows: list[list[Any]], path: Path) -> tuple[int, dict[str, int]]:
    for at, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        headers = [_norm_header(v) for v in row]
        columns = {
            key: headers.index(a)
            for key, names in _ALIASES.items()
            for a in reversed(names)
            if a in headers
        }
        if "name" in columns and "certificate_number" in columns:
            return at, columns
    seen = [_text(v) for v in rows[0]] if rows else []
    raise MalformedFile(
        f"名册 {path.name} 前 {_HEADER_SCAN_ROWS} 行中找不到“姓名”和“证书号码”列 "
        f"(roster needs 姓名 and 证书号码/证书编号 columns); 第一行为: {seen}",
        rule="roster_missing_columns",
        field="roster",
    )


def _cell(row: list[Any], col: int, key: str, index: int, path: Path) -> str:
    value = row[col] if col < len(row) else None
    if isinstance(value, int | float) and not isinstance(value, bool) and key != "name":
        if abs(value) >= _EXACT_FLOAT_LIMIT or (
            isinstance(value, float) and not value.is_integer()
        ):
            raise MalformedFile(
                f"名册 {path.name} 第 {index} 行：{key} 在 Excel 中被存为数字，已丢失位数；"
                "请将该列设为文本后重新导出 (stored as a number: digits lost)",
                rule="roster_number_as_float",
                field=key,
                line=index,
            )
        value = int(value)
    text = _text(value)
    return text if key in ("name", "school") else squeeze(text).upper()


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
    roster_rows = [[i, *s.row] for i, s in enumerate(scanned, start=1)]
    review_rows = {i for i, s in enumerate(scanned) if s.needs_review}
    written = [
        *_write_pair(out_dir, "名册", "roster", ROSTER_HEADER, roster_rows, review_rows),
        *_write_pair(
            out_dir, "统计表", "statistics", STATISTICS_HEADER, _statistics(scanned), set()
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
