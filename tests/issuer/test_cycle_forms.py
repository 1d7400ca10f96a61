"""The three 定期注册 forms: their rows and totals against the registry, the form layout
(title, 填报单位, signatures, A4 landscape), masked ID numbers, formula-safe cells, and that
LibreOffice opens and prints them."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.db import session_scope
from core.errors import InvalidInput
from core.models import Certificate, RegistrationApplication, RegistrationCycle
from core.rules import QualificationType
from core.states import ApplicationState, RegistrationConclusion, RegistrationReason
from issuer._cycle_forms import FormKind, cycle_form_file, form_rows
from tests.factories import certificate_number
from tests.issuer._status_support import seed

DAY = date(2026, 5, 20)
_A, _C = ApplicationState, RegistrationConclusion

#: (county, school, school type, state, conclusion) per application; qualification types vary
PLAN = [
    ("110101", "第一中学", "public", _A.SUBMITTED, None),
    ("110101", "第一中学", "public", _A.RETURNED, None),
    ("110101", "第一中学", "public", _A.DECIDED, _C.QUALIFIED),
    ("110101", "第一中学", "public", _A.CONFIRMED, _C.DEFERRED),
    ("110101", "=HYPERLINK(\"x\")", "private", _A.FILED, _C.QUALIFIED),
    ("110101", "育才学校", "private", _A.DECIDED, _C.FAILED),
    ("110105", "朝阳实验小学", "public", _A.FILED, _C.QUALIFIED),
    ("110105", "朝阳实验小学", "public", _A.CITY_RETURNED, _C.DEFERRED),
    ("110105", "朝阳实验小学", "public", _A.SCHOOL_PASSED, None),
    ("110105", "阳光幼儿园", "private", _A.CONFIRMED, _C.QUALIFIED),
]


def _cycle(region: str) -> RegistrationCycle:
    d = date(2026, 3, 1)
    return RegistrationCycle(
        region=region, year=2026, title=f"{region} 2026", period_start=date(2026, 9, 1),
        apply_from=d, apply_until=d, school_from=d, school_until=d, county_from=d,
        county_until=d, city_from=d, city_until=d, created_by="test")


@pytest.fixture
def planned(registry: Engine) -> list[str]:
    """Certificates with applications in two counties, every state, all three conclusions."""
    numbers = [certificate_number(serial=i, qtype=1 + i % 4) for i in range(1, len(PLAN) + 1)]
    seed(*range(1, len(PLAN) + 1))
    with session_scope() as s:
        certs = s.exec(select(Certificate).order_by(Certificate.number)).all()
        for cert, qtype in zip(certs, (1 + i % 4 for i in range(1, 11)), strict=True):
            cert.qualification_type = qtype
            s.add(cert)
        cycles = {r: _cycle(r) for r in ("110101", "110105")}
        for c in cycles.values():
            s.add(c)
        s.flush()
        for cert, (county, school, kind, state, conclusion) in zip(certs, PLAN, strict=True):
            assert cert.id is not None and cycles[county].id is not None
            reason = None if conclusion in (None, _C.QUALIFIED) else RegistrationReason.ASSESSMENT
            s.add(RegistrationApplication(
                cycle_id=cycles[county].id, year=cycles[county].year, certificate_id=cert.id,
                state=state, source="portal",
                school=school, school_type=kind, post="专任教师", training_hours=360,
                assessments='[{"year": 2024, "result": "合格"}]', conclusion=conclusion,
                reason=reason, decided_at=datetime(2026, 4, 20, 2, tzinfo=UTC) if conclusion
                else None, created_by="test"))
    return numbers


def _sheet_rows(data: bytes, sheet: int = 0) -> list[tuple[object, ...]]:
    book = load_workbook(io.BytesIO(data))
    return [tuple(r) for r in book.worksheets[sheet].iter_rows(values_only=True)]


def _file(kind: FormKind, region: str = "11", school: str | None = None) -> bytes:
    with session_scope() as s:
        return cycle_form_file(s, kind, region=region, year=2026, unit="北京市教育委员会",
                               day=DAY, school=school)


def test_basic_form_lists_every_application_with_masked_ids(planned: list[str]) -> None:
    rows = _sheet_rows(_file(FormKind.BASIC))
    assert rows[0][0] == "中小学教师资格定期注册申请人员基本情况表"
    assert rows[1][0] == "填报单位：北京市教育委员会" and rows[1][-1] == "填报日期：2026年05月20日"
    header = rows[2]
    assert header[:3] == ("序号", "学校", "学校性质")
    body = [r for r in rows[3:] if isinstance(r[0], int)]
    assert len(body) == len(PLAN)
    ids = [r[header.index("身份证件号码")] for r in body]
    assert all(isinstance(v, str) and "*" in v for v in ids)
    assert "填表人" in str(rows[-1][0]) and "盖章" in str(rows[-1][0])
    # one school's form has that school's applications only
    one = [r for r in _sheet_rows(_file(FormKind.BASIC, school="第一中学"))[3:]
           if isinstance(r[0], int)]
    assert len(one) == 4 and {r[1] for r in one} == {"第一中学"}


def test_formula_text_stays_text(planned: list[str]) -> None:
    book = load_workbook(io.BytesIO(_file(FormKind.BASIC)))
    cells = [c for row in book.worksheets[0].iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_conclusion_form_lists_decided_applications_only(planned: list[str]) -> None:
    rows = _sheet_rows(_file(FormKind.CONCLUSIONS))
    header = rows[2]
    body = [r for r in rows[3:] if isinstance(r[0], int)]
    decided = [p for p in PLAN if p[4] is not None]
    assert len(body) == len(decided)
    got = Counter(r[header.index("初审注册结论")] for r in body)
    assert got == Counter(p[4].zh for p in decided if p[4] is not None)
    assert {r[header.index("县（区）")] for r in body} == {"北京市东城区", "北京市朝阳区"}


def _registry_counts(registry: Engine) -> Counter[tuple[str, str]]:
    with session_scope() as s:
        apps = s.exec(select(RegistrationApplication)).all()
        tally: Counter[tuple[str, str]] = Counter()
        for a in apps:
            kind = {"public": "公办", "private": "民办"}[a.school_type]
            tally[kind, "申请人数"] += 1
            if a.conclusion is not None and a.state in (_A.DECIDED, _A.CITY_RETURNED,
                                                       _A.CONFIRMED, _A.FILED):
                tally[kind, a.conclusion.zh] += 1
        return tally


def test_statistics_totals_match_the_registry(planned: list[str], registry: Engine) -> None:
    data = _file(FormKind.STATISTICS)
    expected = _registry_counts(registry)
    for sheet in (0, 1):
        rows = _sheet_rows(data, sheet)
        assert rows[0][0] == "2026年公民办学校教师资格定期注册情况统计表"
        header = rows[2]
        total = next(r for r in rows[3:] if r[0] == "合计")
        for (kind, what), n in expected.items():
            assert total[header.index(f"{kind}{what}")] == n
        assert total[header.index("合计申请人数")] == len(PLAN)
        # the body rows add up to the totals row
        body = [r for r in rows[3:] if r[0] not in (None, "合计") and "填表人" not in str(r[0])]
        for i in range(1, len(header)):
            assert sum(int(r[i] or 0) for r in body) == total[i]
    by_type = _sheet_rows(data, 0)
    assert [r[0] for r in by_type[3:3 + len(QualificationType)]] == \
        [q.short for q in QualificationType]


def test_print_setup_is_a4_landscape_fit_to_width(planned: list[str]) -> None:
    for kind in FormKind:
        book = load_workbook(io.BytesIO(_file(kind)))
        for sheet in book.worksheets:
            assert sheet.page_setup.orientation == "landscape"
            assert str(sheet.page_setup.paperSize) == str(sheet.PAPERSIZE_A4)
            assert sheet.sheet_properties.pageSetUpPr.fitToPage
            assert sheet.print_title_rows == "$3:$3"


def test_region_narrows_to_one_county(planned: list[str]) -> None:
    with session_scope() as s:
        rows = form_rows(s, region="110105", year=2026)
        assert {r.county for r in rows} == {"北京市朝阳区"} and len(rows) == 4
        assert form_rows(s, region="110105", year=2025) == []
        with pytest.raises(InvalidInput):
            form_rows(s, region="11'; drop", year=2026)
        with pytest.raises(InvalidInput):
            cycle_form_file(s, "nonsense", region="11", year=2026, unit="x", day=DAY)


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice is not installed (scripts/system-deps.sh installs it)")
def test_libreoffice_opens_and_prints_every_form(planned: list[str], tmp_path: Path) -> None:
    for kind in FormKind:
        source = tmp_path / f"{kind}.xlsx"
        source.write_bytes(_file(kind))
        done = subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
             "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
            capture_output=True, timeout=180, check=False)
        assert done.returncode == 0, done.stderr
        pdf = tmp_path / f"{kind}.pdf"
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


def test_cli_writes_each_form_and_refuses_an_unknown_one(
        planned: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ecert.cli import main

    out = tmp_path / "stats.xlsx"
    assert main(["registration", "forms", "statistics", "--out", str(out), "--year", "2026",
                 "--region", "11", "--unit", "北京市教育委员会"]) == 0
    rows = _sheet_rows(out.read_bytes())
    assert rows[1][0] == "填报单位：北京市教育委员会"
    assert out.stat().st_mode & 0o077 == 0
    bad = tmp_path / "bad.xlsx"
    assert main(["registration", "forms", "nonsense", "--out", str(bad), "--year", "2026"]) != 0
    assert "未知的报表" in capsys.readouterr().err and not bad.exists()
