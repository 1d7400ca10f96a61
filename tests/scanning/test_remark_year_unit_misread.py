"""A hand-written date in Chinese numerals whose 年 a seal's stroke made another character
(一九九九宿一月十四, on a row of its own right of the margin) is what is left of a date: it ends
the entry above it (flagged as unreadable) instead of gluing two entries into one, the second
entry's text losing nothing (fifth 0015, bitonal)."""

from __future__ import annotations

from scanning._ocr import Line
from scanning._remark_remnant import remnant
from scanning._remarks import entries

LINES = [
    Line("任教学科由“信息科技”更正为“体育”", 0.99, (95, 183, 747, 229)),
    Line("一九九九宿一月十四", 0.94, (362, 234, 751, 286)),
    Line("因证书破损，准予换发新证，原证收回", 0.97, (98, 316, 731, 367)),
    Line("作废", 0.99, (99, 375, 185, 427)),
    Line("二〇一七年十二月二十三日", 0.99, (330, 431, 751, 475)),
]


def test_a_year_whose_unit_was_misread_before_a_month_is_a_date_s_remnant() -> None:
    assert remnant("一九九九宿一月十四")
    assert remnant("二〇一五了五月")
    assert not remnant("二〇二一年十一月十三日")  # a real date is no remnant
    assert not remnant("九九九宿一月十四")  # no whole year: nothing says it is one
    assert not remnant("一九九九名学生一月")  # words, not one slipped unit


def test_the_remnant_parts_the_two_entries() -> None:
    got = [(r.date.value if r.date else "-", r.date is not None, r.text) for r in entries(LINES)]
    assert got == [
        (None, True, "任教学科由“信息科技”更正为“体育”"),
        ("2017-12-23", True, "因证书破损，准予换发新证，原证收回作废"),
    ]
