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


def test_a_date_a_seal_stroke_marked_under_the_authority_is_the_issue_date() -> None:
    # The seal's star across 1996.11.05 reads 196).11.05: still the signature block's date,
    # placed to be re-read (the decoder decides its value).
    raw = info_fields(_page("196).11.05"), 0)
    assert raw["issue_date"].text == "196).11.05"


def test_two_marks_or_too_few_digits_are_no_date() -> None:
    assert "issue_date" not in info_fields(_page("1)6).11"), 0)
    assert "issue_date" not in info_fields(_page("教)育局"), 0)


def _spaced_label_row(value: str) -> list[Line]:
    lines = _page("")[:-1]
    # 颁 发 日 期 letter-spaced, its 发 lost under the seal: 颁 | 日 | 期<date>.
    lines += [Line("颁", 0.99, (60, 632, 90, 662)), Line("日", 0.99, (180, 632, 210, 662)),
              Line(value, 0.96, (222, 632, 460, 662))]  # fmt: skip
    return lines


def test_a_date_after_a_split_date_label_is_the_issue_date_not_a_day_band() -> None:
    raw = info_fields(_spaced_label_row("期 1999年5月19日"), 0)
    assert raw["issue_date"].text.endswith("1999年5月19日")
    assert raw["issue_date"].box[0] == 222  # the date's cell, not a band ending at the label's 日


def test_a_label_day_without_a_date_after_it_places_nothing() -> None:
    raw = info_fields(_spaced_label_row("期"), 0)
    assert "issue_date" not in raw or raw["issue_date"].box[2] > 210
