"""The one bounded reader of uploaded spreadsheets (core.tabular): a zip bomb is refused
unread, a long sheet is refused at its bound, columns beyond the bound are not read, and CSV
text is UTF-8 or GB18030 (what Excel on Chinese Windows saves)."""

from __future__ import annotations

import io
import zipfile

import pytest

from core.tabular import SheetRefused, csv_text, xlsx_bytes, xlsx_rows


def _book(rows: int, columns: int = 3) -> bytes:
    body = [[f"r{r}c{c}" for c in range(columns)] for r in range(rows)]
    return xlsx_bytes([("名册", [f"h{c}" for c in range(columns)], body)])


def test_rows_are_read_within_their_bounds() -> None:
    rows = xlsx_rows(_book(5, columns=6), max_rows=10, max_columns=2)
    assert rows[0] == ["h0", "h1"] and rows[-1] == ["r4c0", "r4c1"] and len(rows) == 6


def test_a_sheet_longer_than_its_bound_is_refused() -> None:
    assert len(xlsx_rows(_book(9), max_rows=10)) == 10
    with pytest.raises(SheetRefused) as refused:
        xlsx_rows(_book(10), max_rows=10)
    assert refused.value.rule == "too_many_rows"


def test_a_zip_bomb_is_refused_before_it_is_parsed() -> None:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))
    with pytest.raises(SheetRefused) as refused:
        xlsx_rows(raw.getvalue(), max_rows=10, max_unpacked=1024 * 1024)
    assert refused.value.rule == "xlsx_too_large"


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04broken", b"not a zip at all"])
def test_a_broken_file_is_unreadable_not_a_crash(data: bytes) -> None:
    with pytest.raises(SheetRefused) as refused:
        xlsx_rows(data, max_rows=10)
    assert refused.value.rule == "xlsx_unreadable" and "XLSX" in refused.value.message


def test_csv_text_is_utf8_or_gb18030() -> None:
    assert csv_text("\ufeff姓名,证书号码".encode()) == "姓名,证书号码"
    assert csv_text("姓名,证书号码".encode("gb18030")) == "姓名,证书号码"
    assert csv_text(b"\xff\xfe\x00\xd8") is None
