"""Crashes the fuzzers found (``make fuzz``), each kept as a regression test."""

from __future__ import annotations

import pytest

from core.errors import InvalidInput
from verifier._bulk import parse_roster
from verifier._decode import decode_upload

#: Opens (mupdf repairs the missing xref) and counts one page, but the page tree is a cycle:
#: loading the page raised pymupdf's FzErrorFormat, an HTTP 500 on /api/verify.
CYCLIC_PAGE_TREE = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Pages /Kids [2 0 R] /Count 1 >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""


def test_pdf_with_a_broken_page_tree_is_unreadable_not_a_crash() -> None:
    with pytest.raises(InvalidInput) as info:
        decode_upload(CYCLIC_PAGE_TREE)
    assert info.value.code == "unreadable_pdf"


def test_roster_with_a_bare_carriage_return_is_read() -> None:
    # csv.Error "new-line character seen in unquoted field" escaped POST /api/verify/bulk
    assert parse_roster("20234101042000123,李\r明\n".encode()) == [
        ("20234101042000123", "李")]


def test_roster_with_an_oversized_field_is_refused_cleanly() -> None:
    data = b"20234101042000123," + b"x" * 200_000 + b"\n"
    with pytest.raises(InvalidInput) as info:  # csv.Error "field larger than field limit"
        parse_roster(data)
    assert info.value.code == "not_a_roster" and info.value.http_status == 415
