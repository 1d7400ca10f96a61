"""Restriction list and quarterly penalty report: contents, masking, CSV/XLSX, the CLI."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.engine import Engine

from core.db import session_scope
from core.errors import InvalidInput
from core.identity import vault_for
from core.settings import load_settings
from ecert.cli import main
from issuer._changes import forfeit, reinstate, revoke
from issuer._penalty_reports import (
    PENALTY_DETAIL_HEADERS,
    RESTRICTION_HEADERS,
    penalties_file,
    penalty_report,
    restriction_rows,
    restrictions_file,
)
from tests.issuer._status_support import events, id_of, seed


@pytest.fixture
def decided(registry: Engine) -> list[str]:
    """Four certificates: revoked in Q3, forfeited in Q4, revoked in Q4 then reinstated, valid."""
    numbers = seed(1, 2, 3, 4)
    with session_scope() as s:
        revoke(
            s,
            numbers[0],
            reason='=HYPERLINK("x")',
            document="京教〔2026〕1号",
            effective_date=date(2026, 8, 15),
            actor="a",
        )
        forfeit(
            s,
            numbers[1],
            reason="受到剥夺政治权利的刑罚",
            document="京教〔2026〕2号",
            effective_date=date(2026, 10, 8),
            actor="a",
        )
        revoke(
            s,
            numbers[2],
            reason="品行不良",
            document="京教〔2026〕3号",
            effective_date=date(2026, 10, 9),
            actor="a",
        )
    with session_scope() as s:
        reinstate(s, numbers[2], reason="复议撤销", document="复议决定", actor="a")
    return numbers


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # Excel needs the BOM to read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_restriction_list_masks_ids_and_lists_only_restricted(decided: list[str]) -> None:
    with session_scope() as s:
        rows = restriction_rows(s)
    assert [r[2] for r in rows] == sorted(decided[:2])
    table = _csv_rows(restrictions_file(rows, "csv"))
    assert tuple(table[0]) == RESTRICTION_HEADERS
    by_number = {r[2]: r for r in table[1:]}
    revoked, forfeited = by_number[decided[0]], by_number[decided[1]]
    assert (revoked[3], revoked[7]) == ("撤销", "2031-08-15")
    assert (forfeited[3], forfeited[7]) == ("丧失", "永久")
    assert revoked[8].startswith("'=")  # a formula in a reason is never executed
    text = "\n".join(",".join(r) for r in table)
    assert id_of(1) not in text and id_of(2) not in text and "*" in revoked[1]


def test_full_ids_need_an_actor_and_are_audited(decided: list[str]) -> None:
    vault = vault_for(load_settings().secret)
    with pytest.raises(InvalidInput), session_scope() as s:
        restriction_rows(s, full_id=True, vault=vault)
    with session_scope() as s:
        rows = restriction_rows(s, full_id=True, vault=vault, actor="张管理")
    assert {r[1] for r in rows} == {id_of(1), id_of(2)}
    assert [e.actor for e in events("reports.restrictions.full_id")] == ["张管理"]


def test_penalty_report_counts_per_quarter_and_authority(decided: list[str]) -> None:
    with session_scope() as s:
        q4 = penalty_report(s, year=2026, quarter=4)
        q3 = penalty_report(s, year=2026, quarter=3)
        other_region = penalty_report(s, year=2026, quarter=4, region="41")
    assert (q4.start, q4.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert [row[3:] for row in q4.summary] == [(1, 1, 2)]  # reinstated decisions still count
    assert sorted(row[3] for row in q4.details) == sorted(["撤销", "丧失"])
    assert [row[6] for row in q3.details] == [decided[0]] and q3.summary[0][3:] == (1, 0, 1)
    assert other_region.details == [] and other_region.summary == []
    sections = _csv_rows(penalties_file(q4, "csv"))
    blank = sections.index([])
    assert sections[blank + 1] == list(PENALTY_DETAIL_HEADERS) and len(sections) == blank + 4
    book = load_workbook(io.BytesIO(penalties_file(q4, "xlsx")))
    assert book.sheetnames == ["统计", "明细"]
    assert [c.value for c in book["统计"][2]][3:] == [1, 1, 2]
    assert all(
        id_of(n) not in str(c.value) for n in (1, 2, 3) for row in book["明细"].rows for c in row
    )


@pytest.mark.parametrize(
    ("year", "quarter", "rule"),
    [(2026, 5, "quarter_range"), (2026, 0, "quarter_range"), (2099, 1, "year_range")],
)
def test_penalty_report_refuses_bad_periods(
    registry: Engine, year: int, quarter: int, rule: str
) -> None:
    with pytest.raises(InvalidInput) as err, session_scope() as s:
        penalty_report(s, year=year, quarter=quarter)
    assert err.value.rule == rule


def test_cli_reports(
    decided: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "limit.xlsx"
    assert main(["reports", "restrictions", "--out", str(out), "--format", "xlsx"]) == 0
    sheet = load_workbook(out)["限制库"]
    assert sheet.max_row == 3 and "*" in str(sheet["B2"].value)
    full = tmp_path / "full.csv"
    assert (
        main(["reports", "restrictions", "--out", str(full), "--full-id", "--actor", "root"]) == 0
    )
    assert id_of(1) in full.read_text(encoding="utf-8-sig")
    assert full.stat().st_mode & 0o077 == 0
    pen = tmp_path / "q4.csv"
    assert (
        main(["reports", "penalties", "--year", "2026", "--quarter", "4", "--out", str(pen)]) == 0
    )
    assert "2026年第4季度" in pen.read_text(encoding="utf-8-sig")
    assert (
        main(["reports", "penalties", "--year", "2026", "--quarter", "9", "--out", str(pen)]) == 2
    )
    assert "quarter_range" in capsys.readouterr().err
