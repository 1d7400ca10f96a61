"""The registry's 名册 and 统计表: rows, filters, region scoping, masked and full ID numbers,
statistics totals, CSV/XLSX, formula injection, the size limit and the CLI."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.db import session_scope
from core.errors import InvalidInput
from core.identity import vault_for
from core.models import Authority, Certificate
from core.rosters import ROSTER_HEADER, STATISTICS_HEADER, SchoolCount, statistics_from_counts
from core.settings import load_settings
from core.states import QualificationStatus, ReviewState
from ecert.cli import main
from issuer import _registry_reports as reports
from issuer._changes import revoke
from issuer._registry_reports import (
    REGISTRY_ROSTER_HEADER,
    ReportFilter,
    registry_roster,
    registry_statistics,
    roster_file,
    statistics_file,
)
from tests.factories import QUALIFICATION_LABELS, certificate_number, record
from tests.issuer._status_support import events, seed

COL = {h: i for i, h in enumerate(REGISTRY_ROSTER_HEADER)}


def place(numbers: list[str], **changes: Any) -> None:
    """Change certificates directly (school, batch, date, review state, region)."""
    with session_scope() as s:
        for number in numbers:
            cert = s.exec(select(Certificate).where(Certificate.number == number)).one()
            region = changes.get("division")
            if region:
                authority = s.exec(select(Authority).where(Authority.code == "GD")).first()
                if authority is None:
                    authority = Authority(code="GD", name="广东省教育厅", division_code=region)
                    s.add(authority)
                    s.flush()
                assert authority.id is not None
                cert.authority_id = authority.id
            for key in ("school", "scan_batch", "issue_date", "review_state"):
                if key in changes:
                    setattr(cert, key, changes[key])
            s.add(cert)


def _junior(serial: int, **kw: Any) -> dict[str, Any]:
    return dict(qualification_type=QUALIFICATION_LABELS[3],
                certificate_number=certificate_number(qtype=3, serial=serial), **kw)


@pytest.fixture
def registry_rows(registry: Engine) -> dict[str, list[str]]:
    """一中: 2 senior (batch A, one to review), 1 junior (batch B, revoked); 二中: 1 senior
    (2020); no school: 1; and 1 in Guangdong (44)."""
    one = seed(1, 2, school="一中")
    junior = [r for r in seed(3, **_junior(3), school="一中")]
    two = seed(4, school="二中")
    none = seed(5, school=None)
    far = seed(6, school="一中")
    place(one, scan_batch="A")
    place(one[1:], review_state=ReviewState.NEEDS_REVIEW)
    place(junior, scan_batch="B")
    place(two, issue_date=date(2020, 5, 1))
    place(far, division="440000")
    with session_scope() as s:
        revoke(s, junior[0], reason="品行不良", document="京教〔2026〕1号",
               effective_date=date(2026, 10, 1), actor="a")
    return {"one": one, "junior": junior, "two": two, "none": none, "far": far}


def _numbers(f: ReportFilter) -> list[str]:
    with session_scope() as s:
        return [r.number for r in registry_roster(s, f).rows]


def test_roster_rows_are_the_shared_columns_plus_status_and_batch(
        registry_rows: dict[str, list[str]]) -> None:
    with session_scope() as s:
        roster = registry_roster(s, ReportFilter(region="11"))
    table = roster.table()
    assert REGISTRY_ROSTER_HEADER[:len(ROSTER_HEADER)] == ROSTER_HEADER
    assert [r[0] for r in table] == [1, 2, 3, 4, 5]
    by_number = {r[COL["证书号码"]]: r for r in table}
    first = by_number[registry_rows["one"][0]]
    assert first[COL["学校"]] == "一中" and first[COL["姓名"]] == "李小梅"
    assert first[COL["身份证号码"]] == "1****************" + first[COL["身份证号码"]][-1]
    assert first[COL["资格种类"]] == "高级中学教师资格"
    assert first[COL["批准日期"]] == date(2015, 7, 1)
    shown = (first[COL["需审核"]], first[COL["资格状态"]], first[COL["扫描批次"]])
    assert shown == ("否", "有效", "A")
    assert by_number[registry_rows["one"][1]][COL["需审核"]] == "是"
    revoked = by_number[registry_rows["junior"][0]]
    assert (revoked[COL["资格种类"]], revoked[COL["资格状态"]]) == ("初级中学教师资格", "已撤销")
    assert by_number[registry_rows["none"][0]][COL["学校"]] == "（未填学校）"
    assert registry_rows["far"][0] not in by_number  # another region
    assert roster.review == {i for i, r in enumerate(table) if r[COL["需审核"]] == "是"}


def test_filters(registry_rows: dict[str, list[str]]) -> None:
    r = registry_rows
    assert sorted(_numbers(ReportFilter(region="11", school="一"))) == sorted(
        r["one"] + r["junior"])
    assert _numbers(ReportFilter(batch="A")) == r["one"]
    assert _numbers(ReportFilter(issued_from=date(2020, 1, 1))) == r["two"]
    assert len(_numbers(ReportFilter(issued_from=date(2015, 7, 1),
                                     issued_to=date(2019, 12, 31)))) == 5
    assert _numbers(ReportFilter(status=QualificationStatus.REVOKED)) == r["junior"]
    assert _numbers(ReportFilter(region="44")) == r["far"]
    assert _numbers(ReportFilter(school="100%_")) == []  # LIKE wildcards are literal


def test_statistics_totals_per_school_and_type(registry_rows: dict[str, list[str]]) -> None:
    with session_scope() as s:
        rows = registry_statistics(s, ReportFilter(region="11"))
    by_school = {row[0]: row[1:] for row in rows}
    #                     幼 小 初 高 中职 实习 高校 未识别 合计 需审核
    assert by_school["一中"] == [0, 0, 1, 2, 0, 0, 0, 0, 3, 1]
    assert by_school["二中"] == [0, 0, 0, 1, 0, 0, 0, 0, 1, 0]
    assert by_school["（未填学校）"] == [0, 0, 0, 1, 0, 0, 0, 0, 1, 0]
    assert rows[-1] == ["合计", 0, 0, 1, 4, 0, 0, 0, 0, 5, 1]
    with session_scope() as s:  # the whole country also counts Guangdong's 一中
        everything = registry_statistics(s, ReportFilter())
    assert everything[-1][-2] == 6 and {r[0]: r[-2] for r in everything}["一中"] == 4
    with session_scope() as s:
        roster = registry_roster(s, ReportFilter(region="11"))
    assert statistics_file(rows, ReportFilter(region="11"), "csv") == \
        statistics_file(statistics_from_counts(
            SchoolCount(r.school, r.qualification_type, r.needs_review)
            for r in roster.rows), ReportFilter(region="11"), "csv")


def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_and_xlsx_are_readable_and_formula_safe(registry: Engine) -> None:
    (number,) = seed(7, name="=HYPERLINK(\"x\")", school="+SUM(1)")
    with session_scope() as s:
        roster = registry_roster(s, ReportFilter())
        stats = registry_statistics(s, ReportFilter())
    table = _csv(roster_file(roster, "csv"))
    assert tuple(table[0]) == REGISTRY_ROSTER_HEADER
    assert table[1][COL["姓名"]] == "'=HYPERLINK(\"x\")" and table[1][COL["学校"]] == "'+SUM(1)"
    book = load_workbook(io.BytesIO(roster_file(roster, "xlsx")))
    sheet = book["名册"]
    assert tuple(c.value for c in sheet[1]) == REGISTRY_ROSTER_HEADER
    cell = sheet.cell(row=2, column=COL["姓名"] + 1)
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"x\")"
    assert sheet.cell(row=2, column=COL["证书号码"] + 1).value == number
    stats_book = load_workbook(io.BytesIO(statistics_file(stats, ReportFilter(), "xlsx")))
    assert tuple(c.value for c in stats_book["统计表"][1]) == STATISTICS_HEADER
    assert stats_book["统计表"].cell(row=2, column=1).data_type == "s"
    assert ["区域代码", "全部"] == [c.value for c in stats_book["条件"][2]]
    assert _csv(statistics_file(stats, ReportFilter(), "csv"))[1][0] == "'+SUM(1)"


def test_full_ids_need_an_actor_and_are_audited(registry_rows: dict[str, list[str]]) -> None:
    vault = vault_for(load_settings().secret)
    with session_scope() as s, pytest.raises(InvalidInput):
        registry_roster(s, ReportFilter(), full_id=True)
    with session_scope() as s:
        masked = registry_roster(s, ReportFilter(region="11", batch="A"))
        full = registry_roster(s, ReportFilter(region="11", batch="A"), full_id=True,
                               vault=vault, actor="管理员")
    expected = record(1)["id_number"]
    assert full.rows[0].id_shown == expected and masked.rows[0].id_shown != expected
    assert expected not in roster_file(masked, "csv").decode("utf-8-sig")
    audited = events("reports.roster.full_id")
    assert len(audited) == 1 and audited[0].actor == "管理员"
    assert '"batch": "A"' in (audited[0].after or "") and '"rows": 2' in (audited[0].after or "")


def test_a_roster_too_large_for_one_file_is_refused_with_how_to_narrow(
        registry_rows: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reports, "ROSTER_LIMITS", {"xlsx": 2, "csv": 4})
    with session_scope() as s, pytest.raises(InvalidInput) as info:
        registry_roster(s, ReportFilter(region="11"), fmt="xlsx")
    assert "共 5 条" in info.value.message and "缩小范围" in info.value.message
    assert info.value.to_dict()["rule"] == "report_too_large"
    with session_scope() as s:
        assert len(registry_roster(s, ReportFilter(batch="A"), fmt="xlsx").rows) == 2


def test_cli_roster_and_statistics(registry_rows: dict[str, list[str]], tmp_path: Path) -> None:
    out = tmp_path / "名册.xlsx"
    assert main(["reports", "roster", "--out", str(out), "--region", "11", "--school", "一中",
                 "--batch", "A"]) == 0
    assert out.stat().st_mode & 0o077 == 0  # personal data: owner-only
    rows = list(load_workbook(out)["名册"].iter_rows(values_only=True))
    assert [r[COL["证书号码"]] for r in rows[1:]] == registry_rows["one"]
    stats = tmp_path / "统计表.csv"
    assert main(["reports", "statistics", "--out", str(stats), "--region", "11",
                 "--from", "2015-01-01", "--until", "2019-12-31",
                 "--status", "valid"]) == 0
    table = _csv(stats.read_bytes())
    assert table[-1] == ["合计", "0", "0", "0", "3", "0", "0", "0", "0", "3", "1"]
    assert main(["reports", "statistics", "--out", str(stats), "--status", "nope"]) == 2
    full = tmp_path / "full.csv"
    assert main(["reports", "roster", "--out", str(full), "--batch", "A", "--full-id",
                 "--actor", "张三"]) == 0
    assert record(1)["id_number"] in full.read_text(encoding="utf-8-sig")
    assert [e.actor for e in events("reports.roster.full_id")] == ["张三"]
