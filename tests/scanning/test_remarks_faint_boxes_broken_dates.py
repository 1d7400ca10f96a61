"""Remarks and stickers read right (issue 12, wave 9): faint boxes that are no print of the page,
remark dates broken by a seal read again, a period end run on into a seal's words."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _ocr, _remark_dates
from scanning._bleed import printed
from scanning._ocr import Line, Reading
from scanning._remarks import entries
from scanning._stickers import group

ISSUED = "2005-01-01"


def ln(text: str, box: tuple[int, int, int, int]) -> Line:
    return Line(text, 0.9, box)


def page(inks: dict[tuple[int, int, int, int], int]) -> np.ndarray:
    """A white page with strokes of the given grey in each box (a third of its rows)."""
    img = np.full((600, 800, 3), 250, np.uint8)
    for (x0, y0, x1, y1), grey in inks.items():
        img[y0:y1:3, x0:x1] = grey
    return img


# -- faint boxes ------------------------------------------------------------------------------

TEXT = (60, 100, 500, 140)
DATE = (60, 160, 300, 200)
GHOST = (300, 300, 700, 340)


def test_mirrored_show_through_is_dropped_and_writing_kept():
    # Read from a spread scan: the information page showed through the remarks page mirrored
    # and was read as an entry (林资秋学中爽类资); its ink stands ~25 from the paper.
    img = page({TEXT: 120, DATE: 130, GHOST: 228})
    lines = [ln("证书遗失，予以补发", TEXT), ln("2019.05.23", DATE), ln("林资秋学中爽类资", GHOST)]
    assert [x.text for x in printed(img, lines)] == ["证书遗失，予以补发", "2019.05.23"]


def test_pale_box_holding_a_phrase_or_a_date_stays():
    # The same pale ink, but the box says a remark phrase or a real date: faint writing
    # (glare, a pale pen), not show-through; dropping it would lose the entry silently.
    img = page({TEXT: 120, DATE: 228, GHOST: 228})
    lines = [ln("姓名变更", TEXT), ln("2019.05.23", DATE), ln("予以换发", GHOST)]
    assert len(printed(img, lines)) == 3


def test_a_page_all_pale_keeps_everything():
    # A faded scan: nothing stands out as the page's own writing, so nothing is dropped.
    img = page({TEXT: 228, GHOST: 230})
    lines = [ln("林资秋学", TEXT), ln("去牛林学", GHOST)]
    assert len(printed(img, lines)) == 2


# -- broken remark dates ----------------------------------------------------------------------


def fake(texts: list[str]):
    def readings(pieces, red=True):
        return [[Reading(t, 0.95) for t in texts] for _ in pieces]

    return readings


BROKEN = [
    ln("备注栏", (309, 76, 449, 137)),
    ln("经核查信息无误", (84, 238, 302, 277)),
    ln("2008年005月24日", (477, 301, 686, 335)),
    ln("任教学科已更正", (88, 453, 302, 491)),
    ln("2011年9月5日", (509, 514, 686, 550)),
]


def dated(lines: list[Line]) -> list[tuple[str | None, str | None]]:
    return [(r.date.value if r.date else None, r.text) for r in entries(lines, ISSUED)]


def test_a_date_a_seal_stroke_broke_is_read_again(monkeypatch: pytest.MonkeyPatch):
    # Read from a booklet: a seal stroke read as a digit (2008年005月24日) made the date no
    # date; the entry lost it (未识别到备注日期). Both re-readings say 2008年05月24日.
    monkeypatch.setattr(_ocr, "readings", fake(["2008年05月24日", "2008年05月24日"]))
    got = dated(_remark_dates.mend(np.zeros((10, 10, 3), np.uint8), BROKEN))
    assert got == [("2008-05-24", "经核查信息无误"), ("2011-09-05", "任教学科已更正")]


@pytest.mark.parametrize(
    "again",
    [
        ["2008年05月24日", "2008年06月24日"],  # two real dates: which one is not settled
        ["2008年05月24日", "2008年月24日"],  # a view still lost a digit: it may have been guessed
        ["2008年005月24日", "2008年005月24日"],
    ],
)
def test_readings_that_do_not_agree_leave_the_date_unread(monkeypatch, again):
    monkeypatch.setattr(_ocr, "readings", fake(again))
    mended = _remark_dates.mend(np.zeros((10, 10, 3), np.uint8), BROKEN)
    assert mended[2].text == "2008年005月24日"
    assert dated(mended)[0][0] is None  # the entry stays without a date (flagged missing)


def test_only_broken_dates_are_read_again():
    assert _remark_dates.dateish("2007年月25日")
    assert _remark_dates.dateish("2008年005月24日")
    assert not _remark_dates.dateish("2008年05月24日")
    assert not _remark_dates.dateish("出生日期已更正")


# -- a period end run on into a seal's words --------------------------------------------------


def test_period_end_read_with_the_seal_phrase_is_kept():
    # Read from a booklet: 至2021年08月31日资格认定专用章 went as seal text and the period lost
    # its end (未识别到有效期截止日期).
    lines = [
        ln("合格", (83, 255, 136, 291)),
        ln("有效期：2016年09月01日", (82, 281, 363, 325)),
        ln("至2021年08月31日资格认定专用章", (130, 324, 407, 355)),
        ln("注册机关：东兰县教育局", (84, 355, 325, 390)),
        ln("日期：2016年8月11日", (88, 390, 299, 426)),
    ]
    (s,) = group(lines)
    assert s.start and s.end and (s.start.value, s.end.value) == ("2016-09-01", "2021-08-31")


def test_seal_words_alone_or_after_other_words_are_not_cut():
    # The seal's centre line alone is still no sticker content; a line whose tail holds more
    # than the seal's characters (a digit: 2合格专用章) is not cut, and goes as seal text.
    assert group([ln("教师资格认定专用章", (100, 100, 300, 130))]) == []
    assert group([ln("日期：2016年8月11日 2合格专用章", (88, 390, 299, 426))]) == []


def test_a_labelled_period_that_lost_its_connector_is_one_period():
    # Read from a booklet: 有效期限：2021年01月01日2025年12月31日 (the 至 lost) made two
    # stickers, one without conclusion and one without period end.
    lines = [
        ln("注册结果：合格", (120, 708, 309, 742)),
        ln("有效期限：2021年01月01日2025年12月31日", (119, 748, 647, 784)),
        ln("注册机关：彭州市教育局", (119, 794, 417, 830)),
        ln("注册日期：2020年11月19日", (119, 835, 440, 871)),
    ]
    (s,) = group(lines)
    assert s.start and s.end and (s.start.value, s.end.value) == ("2021-01-01", "2025-12-31")


def test_two_dates_without_connector_still_meet_the_period_rule():
    # The same pairing when the two dates are no 5-year period: the rule flags the end.
    from scanning._sections import decode_sticker

    lines = [
        ln("注册结论：注册合格", (120, 708, 309, 742)),
        ln("有效期：2021年01月01日2027年12月31日", (119, 748, 647, 784)),
        ln("注册机关：彭州市教育局", (119, 794, 417, 830)),
        ln("注册日期：2020年11月19日", (119, 835, 440, 871)),
    ]
    (s,) = group(lines)
    _, found, _ = decode_sticker(s, 0)
    assert [f.code for f in found] == ["registration_period"]


def _decoded(rows: list[str]) -> tuple[dict[str, object], list[str]]:
    from scanning._sections import decode_sticker

    boxes = [(100, 100 + 45 * i, 100 + 20 * len(t), 135 + 45 * i) for i, t in enumerate(rows)]
    lines = [ln(t, b) for t, b in zip(rows, boxes, strict=True)]
    (s,) = group(lines)
    entry, found, _ = decode_sticker(s, 0)
    return entry, [f"{f.code}:{f.severity}" for f in found]


def test_a_period_printed_as_its_end_alone_gets_its_start_from_the_5_year_rule():
    # 有效期至2021年8月31日: the start is 2016-09-01 by the rule, and the decision date
    # 2016-08-11 precedes it by under a year; recorded as a note.
    entry, found = _decoded(["注册合格", "有效期至2021年8月31日", "东兰县教育局", "2016年8月11日"])
    assert (entry["valid_from"], entry["valid_until"]) == ("2016-09-01", "2021-08-31")
    assert found == ["corrected_period:note"]


@pytest.mark.parametrize("decided", ["2012年8月11日", None])
def test_an_end_alone_without_a_fitting_decision_date_stays_flagged(decided):
    # A decision date years before the implied start (or none read): nothing proves the
    # usual period, so the start is only the rule's suggestion and the sticker goes to review.
    rows = ["注册合格", "有效期至2021年8月31日", "东兰县教育局"] + ([decided] if decided else [])
    entry, found = _decoded(rows)
    assert entry["valid_from"] == "2016-09-01"
    assert "date_suggested:warning" in found


def test_a_period_labelled_start_and_end_dates_is_the_validity():
    # 起止日期 holds 日期: it was read as the decision date label and the period was lost.
    entry, found = _decoded(
        ["结论：合格", "起止日期：2016.09.01至2021.08.31", "东兰县教育局", "2016.08.11"]
    )
    assert (entry["valid_from"], entry["valid_until"], entry["date"]) == (
        "2016-09-01", "2021-08-31", "2016-08-11",
    )  # fmt: skip
    assert found == []


def test_a_date_read_whole_once_is_taken_when_every_digit_has_a_second_witness(monkeypatch):
    # Read from a booklet (hand-written, colour): the page lost the month under the seal
    # (2007年月25日), one view misread the year (3007, no real year), one read 2007年3月25日.
    # Each digit of it is read alike by one of the others.
    monkeypatch.setattr(_ocr, "readings", fake(["2007年3月25日", "3007年3月25日"]))
    lines = [ln("证书污损，经本人申请予以换发", (76, 240, 520, 288)),
             ln("2007年月25日", (413, 303, 630, 341))]  # fmt: skip
    assert _remark_dates.mend(np.zeros((10, 10, 3), np.uint8), lines)[1].text == "2007年3月25日"


@pytest.mark.parametrize(
    ("page", "again"),
    [
        ("2007年月25日", ["2007年3月25日", "3007年3月26日"]),  # two digits off in one view
        ("2007年月25日", ["2007年3月25日", "2007年8月25日"]),  # another real date
        ("2007年月2日", ["2007年3月25日", "3007年3月25日"]),  # the page lost two digits
        ("207年3月2日", ["2007年3月25日", "2007年3月"]),  # the day read by one view only
    ],
)
def test_a_digit_read_by_one_reading_only_leaves_the_date_unread(monkeypatch, page, again):
    monkeypatch.setattr(_ocr, "readings", fake(again))
    lines = [ln(page, (413, 303, 630, 341))]
    assert _remark_dates.mend(np.zeros((10, 10, 3), np.uint8), lines)[0].text == page
