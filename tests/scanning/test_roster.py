"""The school roster picked up with a batch (bytes, e.g. from a ZIP), and the cross-check of
scanned records against it."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from core.errors import MalformedFile
from scanning._reports import RosterEntry, read_roster
from scanning._roster import cross_check

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


def test_cross_check_findings():
    assert cross_check(dict(RECORD), [ENTRY]) == []
    renamed = cross_check({**RECORD, "name": "张叁"}, [ENTRY])
    assert renamed and renamed[0].startswith("roster_mismatch [name]")
    missing = cross_check({**RECORD, "id_number": "x", "certificate_number": "y"}, [ENTRY])
    assert missing[0].startswith("roster_missing")
