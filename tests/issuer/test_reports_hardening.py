"""Reports survive any stored text, refuse control characters at input, and write the format
the file name asks for (issue "Hardening", item 13)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.db import session_scope
from core.errors import InvalidInput
from core.models import StatusEvent
from core.tabular import csv_bytes, safe_text, xlsx_bytes
from ecert.cli import main
from issuer._changes import revoke
from tests.issuer._status_support import seed, token


def test_a_control_character_in_a_reason_is_refused(registry: Engine) -> None:
    (number,) = seed(1)
    with session_scope() as s, pytest.raises(InvalidInput) as err:
        revoke(s, number, reason="品行\x07不良", document="京教〔2026〕1号",
               effective_date=date(2026, 8, 15), actor="a")
    assert err.value.rule == "control_character"


def test_free_text_keeps_line_breaks() -> None:
    from core.rules import clean_text

    assert clean_text("  第一行\r\n第二行\t（附件）  ", "reason") == "第一行\n第二行\t（附件）"


def test_reports_survive_a_control_character_already_stored(
    sqlite_registry: Engine, tmp_path: Path
) -> None:
    (number,) = seed(1)
    with session_scope() as s:
        revoke(s, number, reason="品行不良", document="京教〔2026〕1号",
               effective_date=date(2026, 8, 15), actor="a")
    with session_scope() as s:  # as an older release, or a direct SQL fix, could have left it
        event = s.exec(select(StatusEvent)).one()
        event.reason = "品行\x07不良\x1b"
        s.add(event)
    client = TestClient(_issuer_app())
    headers = token("root", "admin", "")
    responses = {fmt: client.get("/api/admin/reports/restrictions", params={"format": fmt},
                                 headers=headers) for fmt in ("xlsx", "csv")}
    assert [r.status_code for r in responses.values()] == [200, 200]
    sheet = load_workbook(io.BytesIO(responses["xlsx"].content))["限制库"]
    assert "品行\ufffd不良\ufffd" in [c.value for c in sheet[2]]
    assert "品行\ufffd不良\ufffd" in responses["csv"].content.decode("utf-8-sig")


def _issuer_app():  # type: ignore[no-untyped-def]
    from ecert.app import create_issuer_app

    return create_issuer_app()


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_neutralised(text: str) -> None:
    assert safe_text(text).startswith("'")
    cell = load_workbook(io.BytesIO(xlsx_bytes([("s", ["h"], [[text]])])))["s"]["A2"]
    assert cell.data_type == "s" and cell.value == text  # typed text: shown, never run
    assert b"'" in csv_bytes([(["h"], [[text]])])


def test_restrictions_write_the_format_the_suffix_names(
    registry: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(1)
    out = tmp_path / "x.xlsx"
    assert main(["reports", "restrictions", "--out", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"  # a ZIP: XLSX, not CSV
    assert main(["reports", "restrictions", "--out", str(out), "--format", "csv"]) == 2
    assert "format_mismatch" in capsys.readouterr().err
    assert main(["reports", "restrictions", "--out", str(tmp_path / "x.txt")]) == 2
