"""The signed PDF is public (the holder hands it on; it carries the QR): no birth date on any page,
and only the public masked ID number (issue 11 item 9, docs/MASKING.md)."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import UTC, date, datetime

import pymupdf

from core.models import Annotation, Authority, Certificate, Holder
from issuer._booklet import BookletView
from issuer._inputs import _view
from issuer._pdf import render_booklet_pdf
from tests.issuer._pdf_support import make_view

BIRTH = date(1990, 3, 12)


def _all_text(pdf: bytes) -> str:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return re.sub(r"\s+", "", "".join(page.get_text() for page in doc))


def test_the_booklet_view_has_no_birth_date():
    assert "birth_date" not in {f.name for f in fields(BookletView)}


def test_no_page_prints_a_birth_date_and_the_id_shows_two_characters():
    view = make_view(annotations=[(date(2025, 1, 5), "补发", "原证书遗失，按原证书号码补发。",
                                   "测试教育局")])
    text = _all_text(render_booklet_pdf(view))
    assert "出生" not in text and "1990年3月12日" not in text
    assert view.masked_id in text and len(view.masked_id.replace("*", "")) <= 2


def test_issuance_redacts_the_birth_date_from_remarks():
    holder = Holder(name="李明华", gender="女", birth_date=BIRTH, id_type="resident_id",
                    id_masked="4****************X")
    cert = Certificate(number="20244400141000123", qualification_type=4, subject="数学",
                       issue_date=date(2024, 6, 30), status="valid")
    note = Annotation(date=date(2025, 3, 1), kind="correction",
                      text="出生日期更正为1990年3月12日（原1990-03-21）", authority="测试教育局")
    view = _view(cert, holder, Authority(code="44001", name="测试教育局"), [note], [],
                 datetime(2026, 11, 22, tzinfo=UTC), 1)
    assert "birth_date" not in view
    remark = view["annotations"][0][2]
    assert "1990年3月12日" not in remark and remark.startswith("出生日期更正为*")
    assert "1990-03-21" in remark  # another date is not the birth date
