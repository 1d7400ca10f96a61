"""The school's 基本情况表 (申请人员基本情况表) read for a bulk submission: every row with what it
says and what is wrong with it, before anything is written.

The file is the school's own spreadsheet, so it is treated as hostile: its size is bounded
before it is opened, the zip's declared uncompressed size is checked before openpyxl reads it
(a zip bomb stops there), openpyxl reads it streaming (``read_only``), and only the first
:data:`MAX_ROWS` rows and :data:`MAX_COLUMNS` columns are looked at, each cell's text cut to
:data:`MAX_CELL` characters. The header row is found by its names among the first rows (the
form has its title and 填报单位 above it), so the form the county sends out and a school's own
sheet with the same column names both work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from core.errors import InvalidInput, MalformedFile
from core.rules import squeeze
from core.tabular import SheetRefused, xlsx_rows

__all__ = ["MAX_BYTES", "MAX_ROWS", "UploadRow", "parse_assessments", "parse_basic_form"]

#: the largest upload (a school's sheet of a few hundred teachers is well under 200 KB)
MAX_BYTES = 2 * 1024 * 1024
#: the most uncompressed bytes the XLSX may declare (a zip bomb is refused before reading)
MAX_UNPACKED = 40 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 40
MAX_CELL = 200
_HEADER_SCAN = 12

#: column key → the header names it may have (normalised: no spaces, brackets or asterisks)
_ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("教师资格证书号码", "证书号码", "证书编号", "资格证书号码"),
    "name": ("姓名",),
    "school": ("学校", "学校名称", "任教学校", "工作单位"),
    "school_type": ("学校性质", "公办民办", "办学性质"),
    "post": ("岗位", "任教岗位", "岗位类别"),
    "training_hours": ("培训学时", "继续教育学时", "学时"),
    "assessments": ("年度考核结果", "年度考核", "考核结果"),
}
_BRACKETS = re.compile(r"[（(].*?[）)]")
_NUMBER = re.compile(r"^[0-9]{17}$")
_YEAR_RESULT = re.compile(r"(20[0-9]{2})\s*年?\s*[:：]?\s*([^；;,，\s0-9]+)")
_RESULTS = ("优秀", "合格", "基本合格", "不合格")


@dataclass
class UploadRow:
    """One teacher row: the 1-based row in the sheet, the values read, the problems found."""

    row: int
    number: str
    name: str
    school: str
    school_type: str = "public"
    post: str = ""
    training_hours: int | None = None
    assessments: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the row can be submitted (nothing wrong found so far)."""
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        """The values a confirmation carries (no problems: they are found again)."""
        return {"row": self.row, "number": self.number, "name": self.name,
                "school": self.school, "school_type": self.school_type, "post": self.post,
                "training_hours": self.training_hours, "assessments": self.assessments}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()[:MAX_CELL]


def _sheet_rows(data: bytes) -> list[list[Any]]:
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"文件过大（{len(data) // 1024} KB），上限 "
                           f"{MAX_BYTES // 1024 // 1024} MB (file too large)", field="file",
                           rule="upload_too_large")
    try:
        return xlsx_rows(data, max_rows=MAX_ROWS + _HEADER_SCAN, max_columns=MAX_COLUMNS,
                         max_unpacked=MAX_UNPACKED)
    except SheetRefused as exc:
        if exc.rule == "too_many_rows":
            raise InvalidInput(f"一次最多提交 {MAX_ROWS} 人，请分批上传 (too many rows)",
                               field="file", rule="too_many_rows") from None
        hint = "，请用 Excel 或 WPS 另存为 .xlsx 后上传" if exc.rule == "xlsx_unreadable" else ""
        raise MalformedFile(exc.message + hint, rule=exc.rule) from None


def _norm(value: Any) -> str:
    return _BRACKETS.sub("", squeeze(_text(value))).strip("*＊:：")


def _header(rows: list[list[Any]]) -> tuple[int, dict[str, int]]:
    for at, row in enumerate(rows[:_HEADER_SCAN]):
        names = [_norm(v) for v in row]
        columns = {key: names.index(alias) for key, aliases in _ALIASES.items()
                   for alias in reversed(aliases) if alias in names}
        if "number" in columns and "name" in columns:
            return at, columns
    raise InvalidInput("表格前几行中找不到“姓名”和“教师资格证书号码”列，请使用县（区）下发的"
                       "基本情况表 (no 姓名 / 证书号码 header)", field="file",
                       rule="missing_columns")


def _hours(text: str, errors: list[str]) -> int | None:
    if not text:
        return None
    try:
        hours = int(float(text))
    except ValueError:
        errors.append(f"培训学时不是数字：{text}")
        return None
    if not 0 <= hours <= 2000:
        errors.append(f"培训学时不在 0–2000 之间：{hours}")
        return None
    return hours


def parse_assessments(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """``2021合格；2022优秀`` → ([{"year": 2021, "result": "合格"}, …], problems)."""
    errors: list[str] = []
    return _assessments(text, errors), errors


def _assessments(text: str, errors: list[str]) -> list[dict[str, Any]]:
    found = [{"year": int(y), "result": r} for y, r in _YEAR_RESULT.findall(text)]
    if text and not found:
        errors.append(f"年度考核结果应写作“2023合格；2024优秀”：{text}")
    for item in found:
        if item["result"] not in _RESULTS:
            errors.append(f"{item['year']} 年考核结果“{item['result']}”应为"
                          + "、".join(_RESULTS))
    return found[:10]


def _school_type(text: str, errors: list[str]) -> str:
    if not text or text in ("公办", "public"):
        return "public"
    if text in ("民办", "private"):
        return "private"
    errors.append(f"学校性质应为“公办”或“民办”：{text}")
    return "public"


def _row(index: int, row: list[Any], columns: dict[str, int]) -> UploadRow | None:
    def cell(key: str) -> str:
        at = columns.get(key)
        return _text(row[at]) if at is not None and at < len(row) else ""

    number, name = re.sub(r"\s", "", cell("number")), squeeze(cell("name"))
    if not number and not name:
        return None  # an empty line, or the form's signature lines below the table
    errors: list[str] = []
    if not _NUMBER.match(number):
        errors.append("教师资格证书号码应为 17 位数字" + (f"：{number}" if number else ""))
    if not name:
        errors.append("缺少姓名")
    return UploadRow(row=index, number=number, name=name, school=cell("school"),
                     school_type=_school_type(cell("school_type"), errors),
                     post=cell("post")[:64],
                     training_hours=_hours(cell("training_hours"), errors),
                     assessments=_assessments(cell("assessments"), errors), errors=errors)


def parse_basic_form(data: bytes) -> list[UploadRow]:
    """The teacher rows of a 基本情况表 XLSX, each with its own problems; the file as a whole
    refused (InvalidInput / MalformedFile, a Chinese message) when it cannot be read at all."""
    rows = _sheet_rows(data)
    at, columns = _header(rows)
    parsed = [_row(at + 2 + i, r, columns) for i, r in enumerate(rows[at + 1:])]
    found = [r for r in parsed if r is not None]
    if not found:
        raise InvalidInput("表格中没有教师数据 (no teacher rows)", field="file", rule="empty")
    if len(found) > MAX_ROWS:
        raise InvalidInput(f"一次最多提交 {MAX_ROWS} 人，请分批上传 (too many rows)",
                           field="file", rule="too_many_rows")
    seen: dict[str, int] = {}
    for r in found:
        if r.number and r.number in seen:
            r.errors.append(f"与第 {seen[r.number]} 行的证书号码重复")
        seen.setdefault(r.number, r.row)
    return found
