"""A certificate number never wraps onto a second line: the office printed under its own label
just below is no continuation of it, even when a seal's ring letter read beside the number
ends the number's row in a Chinese character (issue 12).

On a greyscale page printing values under their labels, the issuing authority's seal stood
over the number and the authority: its ring letter 民, read as a box of its own right of the
number, joined the number's row, and the authority's line (和田地区民丰县教育局) just under it
was taken for the number's wrapped second line. The number then read
20016560030036062民和田地区民丰县教育局 and the authority was missing."""

from __future__ import annotations

from scanning._fields import info_fields
from scanning._ocr import Line


def _page(number_row: list[Line]) -> list[Line]:
    return [
        Line("姓名", 1.0, (81, 215, 128, 246)),
        Line("汤珍俊", 1.0, (82, 247, 167, 280)),
        Line("公民身份号码", 1.0, (82, 299, 198, 326)),
        Line("623027195204299704", 1.0, (83, 331, 344, 360)),
        Line("性别", 1.0, (82, 379, 129, 410)),
        Line("出生年月", 1.0, (418, 381, 498, 409)),
        Line("1952.04.29", 1.0, (418, 413, 553, 444)),
        Line("女", 1.0, (80, 409, 120, 449)),
        Line("民族", 1.0, (82, 462, 129, 492)),
        Line("回族", 1.0, (81, 491, 145, 530)),
        Line("教师资格种类", 1.0, (83, 546, 199, 574)),
        Line("初级中学教师资格", 1.0, (83, 577, 292, 608)),
        Line("任教学科", 1.0, (83, 627, 163, 656)),
        Line("道德与法治", 1.0, (82, 657, 218, 693)),
        Line("证书号码", 1.0, (83, 710, 162, 737)),
        *number_row,
        Line("发证机关", 1.0, (82, 792, 163, 820)),
        Line("和田地区民丰县教育局", 1.0, (80, 818, 349, 859)),
        Line("发证日期", 1.0, (83, 875, 163, 902)),
        Line("2001年12月9日", 1.0, (76, 902, 264, 939)),
    ]


NUMBER = Line("20016560030036062", 1.0, (82, 741, 328, 773))
# the seal's lettering read over and beside the number: 民, 丰 and 地区 (this one twice a row tall)
RING = [Line("民", 1.0, (415, 747, 465, 799)), Line("丰", 0.9, (457, 756, 512, 808)),
        Line("地区", 1.0, (307, 735, 436, 837))]


def test_the_office_under_its_label_is_not_the_numbers_second_line():
    raw = info_fields(_page([NUMBER, *RING]), 2)
    assert "和田地区民丰县教育局" not in raw["certificate_number"].text
    assert raw["issuing_authority"].text == "和田地区民丰县教育局"


def test_without_the_ring_letter_nothing_changes():
    raw = info_fields(_page([NUMBER]), 2)
    assert raw["certificate_number"].text == "20016560030036062"
    assert raw["issuing_authority"].text == "和田地区民丰县教育局"
