"""The school's own roster (名册): reading it, and the one matcher between its rows and the
scanned records, used by the review findings (:func:`cross_check`) and by the discrepancy report
(``scanning._school_reports.find_discrepancies``).

Matching order: the certificate number first (a certificate's own key: one person may hold
several certificates, so an ID number may fit more than one row); then the ID number, a masked
one (110***********123X) compared on its visible characters; then the name, among candidates
whose numbers do not contradict it (a common name is no evidence against two numbers). An ID
number or a name counts only when exactly one candidate has it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from core.errors import MalformedFile
from core.rules import Finding, squeeze
from core.scanned import ScannedRecord
from core.tabular import SheetRefused, csv_text, xlsx_rows

__all__ = ["RosterEntry", "Who", "cross_check", "id_agrees", "read_roster", "roster_match"]

T = TypeVar("T")


@dataclass(frozen=True)
class RosterEntry:
    """One teacher on a school's own roster; ``row`` is the 1-based row in the file."""

    row: int
    name: str
    certificate_number: str | None
    id_number: str | None = None
    school: str | None = None


@dataclass(frozen=True)
class Who:
    """What a roster row and a scanned record share, in the form they are compared in."""

    number: str
    id_number: str
    name: str

    @classmethod
    def of(cls, number: Any, id_number: Any, name: Any) -> Who:
        """Numbers half-width, upper-case and without spaces; the name without spaces."""
        return cls(squeeze(_text(number)).upper(), squeeze(_text(id_number)).upper(),
                   squeeze(_text(name)))


def id_agrees(roster_id: str, scanned_id: str) -> bool:
    """Equal, where a masked number (110***…123X) is compared on its visible part."""
    a, b = squeeze(roster_id).upper(), squeeze(scanned_id).upper()
    return len(a) == len(b) and all(x == y or "*" in (x, y) for x, y in zip(a, b, strict=True))


def roster_match(
    wanted: Who, candidates: Sequence[tuple[Who, T]], *, taken: Collection[T] = ()
) -> T | None:
    """The candidate that is the same certificate as ``wanted`` (see the module's order);
    ``taken`` candidates (already matched to another row) count for the number only."""
    if wanted.number:
        item = next((item for who, item in candidates if who.number == wanted.number), None)
        if item is not None:
            return item
    free = [(who, item) for who, item in candidates if item not in taken]
    if wanted.id_number:
        found = [item for who, item in free
                 if who.id_number and id_agrees(who.id_number, wanted.id_number)]
        if found:
            return found[0] if len(found) == 1 else None
    if wanted.name:
        named = [item for who, item in free
                 if who.name == wanted.name and not _contradicts(who, wanted)]
        return named[0] if len(named) == 1 else None
    return None


def _contradicts(a: Who, b: Who) -> bool:
    """Both have a certificate number, or an ID number, and they differ."""
    return bool(a.number and b.number and a.number != b.number) or bool(
        a.id_number and b.id_number and not id_agrees(a.id_number, b.id_number))


def cross_check(record: ScannedRecord, roster: Sequence[RosterEntry]) -> list[Finding]:
    """Findings where the record and its roster row disagree, or no row matches."""
    read = {key: record.get(key) for key in ("name", "id_number", "certificate_number")}
    row = roster_match(Who.of(read["certificate_number"], read["id_number"], read["name"]),
                       [(Who.of(r.certificate_number, r.id_number, r.name), r) for r in roster])
    if row is None:
        return [Finding("roster_missing", "roster",
                        "名册中找不到该证书持有人（按证书号码、身份证件号码与姓名）", "warning")]
    out = []
    for key in ("name", "id_number", "certificate_number"):
        listed = getattr(row, key)
        if listed and not _agrees(key, listed, read[key]):
            out.append(Finding(
                "roster_mismatch", key, f"与名册不一致：识别为“{read[key]}”，名册为“{listed}”",
                "error", {"read": read[key], "roster": listed, "roster_row": row.row},
            ))
    return out


def _agrees(key: str, listed: str, read: Any) -> bool:
    if not read:
        return False
    if key == "id_number":
        return id_agrees(listed, _text(read))
    return squeeze(listed).upper() == squeeze(_text(read)).upper()


# --- reading a school's roster ------------------------------------------------------------

def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


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
#: A roster is one school's teachers: rows and columns beyond these are no roster.
MAX_ROWS = 50_000
MAX_COLUMNS = 64
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
    text = csv_text(data)
    if text is None:
        raise MalformedFile(
            f"名册 {path.name} 既不是 UTF-8 也不是 GB18030 编码 (unknown encoding)",
            rule="roster_encoding",
        )
    rows = [list(r) for r in csv.reader(text.splitlines())]
    if len(rows) > MAX_ROWS:
        raise MalformedFile(f"名册 {path.name} 超过 {MAX_ROWS} 行，请分批扫描 (too many rows)",
                            rule="roster_too_long")
    return rows


def _read_xlsx(data: bytes, path: Path) -> list[list[Any]]:
    try:
        return xlsx_rows(data, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
    except SheetRefused as exc:
        rule = "roster_too_long" if exc.rule == "too_many_rows" else "roster_unreadable"
        raise MalformedFile(f"无法读取名册 {path.name}：{exc.message}", rule=rule) from None


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
