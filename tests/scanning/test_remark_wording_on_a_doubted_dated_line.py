"""A remark one character short of a standard wording on a line that also holds its date,
the line in doubt: the wording puts the character back (the value is the wording's), but the
line's doubt stays for a person (a doubted character may be a digit of the date)."""

from __future__ import annotations

from scanning import _remark_dropped
from scanning._ocr import Line
from scanning._remark_read import _choice_findings
from scanning._remarktext import Choice

# 申 lost under a hand's crowding on the dated line; one view read it as its look-alike 单.
LINES = [
    ("2024年6月18日证书污损，经本人请予以换发", [
        "2024年6月18日证书污损，经本人请予以换发",
        "2024年6月18日证书污损，经本人单请予以换发",
        "2024年6月18日证书污损，经本人请予以换发",
    ]),
]  # fmt: skip


def test_a_lost_character_on_a_doubted_dated_line_is_put_back_and_the_doubt_kept():
    settled = _remark_dropped.settle("证书污损，经本人请予以换发", LINES, doubted=[0])
    assert settled is not None
    assert settled.text == "证书污损，经本人申请予以换发" and settled.inserted == "申"
    assert not settled.decides
    line = Line(LINES[0][0], 0.9, (90, 300, 600, 340))
    choice = Choice(LINES[0][0], doubt="识别把握不足", readings=tuple(LINES[0][1]))
    found = _choice_findings("annotations[0]", [(line, choice)], settled)
    assert [(f.code, f.field, f.blocking) for f in found] == [
        ("ocr_disagreement", "annotations[0].text", True)
    ]


def test_a_lost_character_on_a_doubted_line_without_digits_is_decided():
    lines = [("证书污损，经本人请予以换发", [t[11:] for t in LINES[0][1]])]
    settled = _remark_dropped.settle("证书污损，经本人请予以换发", lines, doubted=[0])
    assert settled is not None and settled.decides
