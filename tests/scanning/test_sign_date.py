"""The issue date printed without a label in the signature block at the information page's foot
(under the authority and its seal) is found by its place and shape (hand-made lines, no OCR)."""

from __future__ import annotations

from scanning._fields import info_fields
from scanning._ocr import Line

ROWS = [
    "姓名：王小梅", "性别：女", "出生日期：1982年4月11日", "身份证号码：46020419821104054X",
    "资格种类：小学教师资格", "任教学科：语文", "证书号码：20073507440034129",
]  # fmt: skip


def _page(date: str, *, below: bool = True) -> list[Line]:
    lines = [Line(t, 0.95, (60, 60 + 50 * k, 60 + 24 * len(t), 90 + 50 * k))
             for k, t in enumerate(ROWS)]  # fmt: skip
    lines.append(Line("发证机关：（盖章）", 0.95, (230, 520, 440, 548)))
    lines.append(Line("福建省厦门市教育局", 0.95, (330, 575, 560, 605)))
    y = 632 if below else 50 * 3 + 60
    lines.append(Line(date, 0.95, (360, y, 560, y + 30)))
    return lines


def test_an_unlabelled_date_under_the_authority_is_the_issue_date() -> None:
    raw = info_fields(_page("二〇〇七年九月二十九日"), 0)
    assert raw["issuing_authority"].text.endswith("福建省厦门市教育局")
    assert raw["issue_date"].text == "二〇〇七年九月二十九日"


def test_a_date_far_from_the_authority_is_not_taken() -> None:
    raw = info_fields(_page("二〇〇七年九月二十九日", below=False), 0)
    assert "issue_date" not in raw


def test_a_year_and_month_is_no_issue_date() -> None:
    raw = info_fields(_page("2007年9月"), 0)
    assert "issue_date" not in raw
