"""The school roster picked up with a batch (bytes, e.g. from a ZIP), and the cross-check of
scanned records against it."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from core.errors import MalformedFile
from core.scanned import ScannedRecord
from scanning._reports import RosterEntry, read_roster
from scanning._roster import cross_check
from tests.factories import record

RECORD = {"name": "张三", "id_number": "11010119850312123X",
          "certificate_number": "20154400141100123"}
ENTRY = RosterEntry(row=2, name="张三", certificate_number="20154400141100123",
                    id_number="11010119850312123X")


def _xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    for r in rows:
        book.active.append(r)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_csv_in_gb18030_and_xlsx_bytes_read_alike():
    rows = [
        ["序号", "姓名", "身份证号码", "证书编号"],
        ["1", "张三", "11010119850312123x", "20154400141100123"],
    ]
    csv_bytes = "\n".join(",".join(r) for r in rows).encode("gb18030")
    assert read_roster(csv_bytes, "名册.csv") == [ENTRY]
    assert read_roster(_xlsx(rows), "名册.xlsx") == [ENTRY]


def test_roster_without_required_columns_is_refused():
    with pytest.raises(MalformedFile) as err:
        read_roster("序号,学校\n1,一中\n".encode(), "x.csv")
    assert err.value.rule == "roster_missing_columns"


def _scanned(**fields: str) -> ScannedRecord:
    full = {**record(1), **RECORD, **fields}
    return ScannedRecord.assemble("a.pdf", full, findings=[], confidence={"name": 0.99})


def test_cross_check_findings_name_the_field_and_rule():
    assert cross_check(_scanned(), [ENTRY]) == []
    [renamed] = cross_check(_scanned(name="张叁"), [ENTRY])
    assert (renamed.code, renamed.field, renamed.blocking) == ("roster_mismatch", "name", True)
    assert renamed.evidence == {"read": "张叁", "roster": "张三", "roster_row": 2}
    [missing] = cross_check(_scanned(id_number="x", certificate_number="y"), [ENTRY])
    assert (missing.code, missing.field, missing.severity) == ("roster_missing", "roster",
                                                               "warning")


def test_roster_findings_send_the_record_to_review_and_cap_the_field():
    rec = _scanned(name="张叁")
    assert rec.needs_review is False
    flagged = rec.with_findings(cross_check(rec, [ENTRY]), cap=0.5)
    assert flagged.needs_review is True and flagged.confidence["name"] == 0.5
    assert flagged.to_json()["findings"][0]["code"] == "roster_mismatch"
