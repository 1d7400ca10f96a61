"""The three 定期注册 reporting forms, for any region and cycle year:

- 申请人员基本情况表 (school → county): every application with what the teacher confirmed;
- 初审注册结论表 (county → city): every application the county has decided;
- 公民办学校教师资格定期注册情况统计表 (city → province): counts by qualification type and
  conclusion, public and private schools, with a sheet per county.

The rows come from the registry (applications of the cycles of ``region`` and ``year``); the
files are written by core's one safe writer (:func:`core.tabular.form_xlsx_bytes`) with the
title, 填报单位, date and signature lines, printed A4 landscape. ID numbers appear masked.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from core.clock import cst_date
from core.errors import InvalidInput
from core.models import Certificate, Holder, RegistrationApplication, RegistrationCycle
from core.rosters import TOTAL as _TOTAL
from core.rosters import UNKNOWN_TYPE
from core.rules import QualificationType, division_name
from core.states import ApplicationState, RegistrationConclusion
from core.tabular import FormSheet, form_xlsx_bytes
from issuer._cycle_base import SCHOOL_TYPES

__all__ = [
    "FormKind",
    "FormRow",
    "basic_form",
    "conclusion_form",
    "cycle_form_file",
    "form_rows",
    "statistics_forms",
]

#: the states in which an application carries the county's conclusion
_DECIDED = (ApplicationState.DECIDED, ApplicationState.CITY_RETURNED,
            ApplicationState.CONFIRMED, ApplicationState.FILED)


class FormKind(StrEnum):
    """The three forms, by the name a CLI or URL uses."""

    BASIC = "basic"
    CONCLUSIONS = "conclusions"
    STATISTICS = "statistics"

    @property
    def heading(self) -> str:
        """The form's name as printed in its title."""
        return {FormKind.BASIC: "中小学教师资格定期注册申请人员基本情况表",
                FormKind.CONCLUSIONS: "中小学教师资格定期注册申请人员初审注册结论表",
                FormKind.STATISTICS: "公民办学校教师资格定期注册情况统计表"}[self]


@dataclass(frozen=True)
class FormRow:
    """One application as the forms show it."""

    county: str
    school: str
    school_type: str
    name: str
    gender: str
    id_masked: str
    number: str
    qualification_type: QualificationType | None
    subject: str
    post: str
    training_hours: int | None
    assessments: str
    source: str
    state: ApplicationState
    school_note: str
    conclusion: RegistrationConclusion | None
    reason: str
    notice_from: date | None
    decided_on: date | None

    @property
    def decided(self) -> bool:
        """Whether the county's conclusion stands on this application."""
        return self.conclusion is not None and self.state in _DECIDED


def _county(region: str) -> str:
    return (division_name(region) or region) if len(region) == 6 else region


def _qtype(value: int) -> QualificationType | None:
    try:
        return QualificationType(value)
    except ValueError:
        return None


def _assessments(text: str) -> str:
    try:
        items = json.loads(text or "[]")
    except ValueError:
        return ""
    if not isinstance(items, list):
        return ""
    return "；".join(f"{i.get('year', '')}{i.get('result', '')}" for i in items
                    if isinstance(i, dict))


def form_rows(session: Session, *, region: str, year: int,
              school: str | None = None) -> list[FormRow]:
    """The applications of the cycles of ``year`` whose region lies in ``region`` (a
    division-code prefix; '' = everywhere), optionally one school's, in a stable order."""
    if not region.isdigit() and region:
        raise InvalidInput("地区应为行政区划代码前缀（如 3410）", field="region",
                           rule="region_format")
    stmt = (select(RegistrationApplication, RegistrationCycle, Certificate, Holder)
            .join(RegistrationCycle, col(RegistrationCycle.id) == RegistrationApplication.cycle_id)
            .join(Certificate, col(Certificate.id) == RegistrationApplication.certificate_id)
            .join(Holder, col(Holder.id) == Certificate.holder_id)
            .where(RegistrationCycle.year == year,
                   col(RegistrationCycle.region).startswith(region))
            .order_by(RegistrationCycle.region, RegistrationApplication.school,
                      Certificate.number))
    if school is not None:
        stmt = stmt.where(RegistrationApplication.school == school)
    return [_row(app, cycle, cert, holder) for app, cycle, cert, holder in session.exec(stmt)]


def _row(app: RegistrationApplication, cycle: RegistrationCycle, cert: Certificate,
         holder: Holder) -> FormRow:
    return FormRow(
        county=_county(cycle.region), school=app.school,
        school_type=SCHOOL_TYPES.get(app.school_type, app.school_type), name=holder.name,
        gender=holder.gender, id_masked=holder.id_masked, number=cert.number,
        qualification_type=_qtype(cert.qualification_type), subject=cert.subject,
        post=app.post, training_hours=app.training_hours,
        assessments=_assessments(app.assessments), source=app.source, state=app.state,
        school_note=app.school_note, conclusion=app.conclusion,
        reason=app.reason.zh if app.reason else "", notice_from=app.notice_from,
        decided_on=cst_date(app.decided_at))


def _type_name(qtype: QualificationType | None) -> str:
    return qtype.short if qtype is not None else UNKNOWN_TYPE


_SOURCES = {"portal": "本人申请", "school": "学校报送", "staff": "工作人员录入"}


def basic_form(rows: Sequence[FormRow], *, unit: str, day: date) -> FormSheet:
    """申请人员基本情况表: one line per application."""
    headers = ("序号", "学校", "学校性质", "姓名", "性别", "身份证件号码", "教师资格证书号码",
               "资格种类", "任教学科", "岗位", "培训学时", "年度考核结果", "申请方式",
               "学校审查结论", "审查意见")
    body = [[i, r.school, r.school_type, r.name, r.gender, r.id_masked, r.number,
             _type_name(r.qualification_type), r.subject, r.post, r.training_hours,
             r.assessments, _SOURCES.get(r.source, r.source), r.state.zh, r.school_note]
            for i, r in enumerate(rows, start=1)]
    return FormSheet(FormKind.BASIC.heading, unit, day, headers, body, sheet="基本情况表")


def conclusion_form(rows: Sequence[FormRow], *, unit: str, day: date) -> FormSheet:
    """初审注册结论表: one line per application the county has decided."""
    headers = ("序号", "县（区）", "学校", "姓名", "性别", "身份证件号码", "教师资格证书号码",
               "资格种类", "初审注册结论", "原因", "审核日期", "公示开始日期", "当前环节")
    decided = [r for r in rows if r.decided]
    body = [[i, r.county, r.school, r.name, r.gender, r.id_masked, r.number,
             _type_name(r.qualification_type), r.conclusion.zh if r.conclusion else "",
             r.reason, r.decided_on, r.notice_from, r.state.zh]
            for i, r in enumerate(decided, start=1)]
    return FormSheet(FormKind.CONCLUSIONS.heading, unit, day, headers, body, sheet="初审注册结论表")


_KINDS = tuple(SCHOOL_TYPES.values())
_COUNTED = ("申请人数", *(c.zh for c in RegistrationConclusion))


def _statistics_header() -> tuple[str, ...]:
    return ("", *(f"{kind}{what}" for kind in (*_KINDS, _TOTAL) for what in _COUNTED))


def _counts(rows: Iterable[FormRow]) -> list[int]:
    tally: Counter[tuple[str, str]] = Counter()
    for r in rows:
        for kind in (r.school_type, _TOTAL):
            tally[kind, "申请人数"] += 1
            if r.decided and r.conclusion is not None:
                tally[kind, r.conclusion.zh] += 1
    return [tally[kind, what] for kind in (*_KINDS, _TOTAL) for what in _COUNTED]


def _grouped(rows: Sequence[FormRow], key: Any, labels: Sequence[str]) -> list[list[Any]]:
    body: list[list[Any]] = [[label, *_counts(r for r in rows if key(r) == label)]
                             for label in labels]
    body.append([_TOTAL, *_counts(rows)])
    return body


def statistics_forms(rows: Sequence[FormRow], *, unit: str, day: date,
                     year: int) -> list[FormSheet]:
    """统计表: counts by qualification type (first sheet) and by county (second sheet), for
    public and private schools; 申请人数 counts every application, the conclusions only those
    the county has decided."""
    title = f"{year}年{FormKind.STATISTICS.heading}"
    types = [q.short for q in QualificationType]
    if any(r.qualification_type is None for r in rows):
        types.append(UNKNOWN_TYPE)
    by_type = _grouped(rows, lambda r: _type_name(r.qualification_type), types)
    counties = sorted({r.county for r in rows})
    by_county = _grouped(rows, lambda r: r.county, counties)
    header = _statistics_header()
    return [
        FormSheet(title, unit, day, ("资格种类", *header[1:]), by_type, sheet="按资格种类",
                  bold_rows={len(by_type) - 1}),
        FormSheet(title, unit, day, ("县（区）", *header[1:]), by_county, sheet="按县（区）",
                  bold_rows={len(by_county) - 1}),
    ]


def cycle_form_file(session: Session, kind: FormKind | str, *, region: str, year: int,
                    unit: str, day: date, school: str | None = None) -> bytes:
    """One of the three forms as an XLSX file, for ``region`` (a division-code prefix) and
    ``year``; ``school`` narrows the 基本情况表 to one school."""
    try:
        form = FormKind(kind)
    except ValueError:
        raise InvalidInput(f"未知的报表：{kind!r}（应为 basic、conclusions 或 statistics）",
                           field="form", rule="unknown_form") from None
    rows = form_rows(session, region=region, year=year, school=school)
    if form is FormKind.BASIC:
        return form_xlsx_bytes([basic_form(rows, unit=unit, day=day)])
    if form is FormKind.CONCLUSIONS:
        return form_xlsx_bytes([conclusion_form(rows, unit=unit, day=day)])
    return form_xlsx_bytes(statistics_forms(rows, unit=unit, day=day, year=year))
