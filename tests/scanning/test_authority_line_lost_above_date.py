"""A signature block whose authority line the detector lost under the seal: the date under the
authority's label is the issue date, never the authority, and the authority is looked for in
the band between them (hand-made lines, no OCR)."""

from __future__ import annotations

from scanning._fields import info_fields
from scanning._ocr import Line

ROWS = [
    "姓名：蒋海海", "性别：男", "出生日期：1965年2月24日", "身份证件号码：140122196502247698",
    "教师资格种类：幼儿园教师资格", "任教学科：幼儿园", "证书编号：20051436011047853",
]  # fmt: skip


def _page(*, authority: bool, date_top: int = 907) -> list[Line]:
    lines = [Line(t, 0.95, (76, 200 + 70 * k, 76 + 24 * len(t), 240 + 70 * k))
             for k, t in enumerate(ROWS)]  # fmt: skip
    lines.append(Line("认定机构：（盖章）", 0.95, (291, 800, 443, 828)))
    if authority:
        lines.append(Line("忻州市神池县教育局", 0.95, (500, 852, 695, 882)))
    lines.append(Line("2005年9月10日", 0.95, (548, date_top, 688, date_top + 28)))
    return lines


def test_a_date_under_the_authority_label_is_the_issue_date() -> None:
    raw = info_fields(_page(authority=False), 0)
    assert raw["issue_date"].text == "2005年9月10日"
    auth = raw["issuing_authority"]
    assert auth.text == ""  # a band to re-read, between the label and the date
    assert auth.box[1] > 828 and auth.box[3] < 907 + 5
    assert auth.box[0] <= 291 and auth.box[2] >= 688


def test_with_its_line_read_the_authority_is_read_as_before() -> None:
    raw = info_fields(_page(authority=True), 0)
    assert raw["issuing_authority"].text == "忻州市神池县教育局"
    assert raw["issue_date"].text == "2005年9月10日"


def test_a_date_right_under_the_label_leaves_no_band() -> None:
    raw = info_fields(_page(authority=False, date_top=832), 0)
    assert raw["issue_date"].text == "2005年9月10日"
    assert raw.get("issuing_authority") is None or raw["issuing_authority"].box[1] < 828
