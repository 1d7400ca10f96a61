"""Remark entries (session 12, remarks12b): every date form pairs with its text, page furniture
is no entry, a remarks page that lost its heading is still read. Hand-built OCR lines; the
one OCR call (re-reading) is faked."""

from __future__ import annotations

import pytest

from scanning import _ocr, _remark_cn, _remarktext
from scanning._ocr import Line, Reading
from scanning._remark_page import headless
from scanning._remark_table import without_header
from tests.scanning.test_remarks import TITLE, flags, ln, read

TEXTS = ("出生日期更正为1988年2月9日", "原证书遗失，经本人申请予以补发",
         "因原证书破损，经核实予以换发")  # fmt: skip


# -- a date alone on its row in any form -------------------------------------------------------


def test_a_dashed_date_alone_on_its_row_is_the_entrys_date_not_a_page_number():
    lines = [TITLE, ln("2021-07-29", 97, 193, 143), ln("证书污损，同意换发新证", 97, 239, 304)]
    assert read(lines) == [("2021-07-29", "证书污损，同意换发新证")]
    assert flags(lines) == [[]]
    # a page number is still furniture
    lines = [*lines, ln("- 3 -", 380, 700, 60)]
    assert read(lines) == [("2021-07-29", "证书污损，同意换发新证")]


# -- dates in Chinese numerals at the end of the text ------------------------------------------


def _trailing(dates: tuple[str, str, str]) -> list[Line]:
    """Three remarks, each date in brackets after its text, the first two wrapped."""
    a, b, c = dates
    return [
        TITLE,
        ln(f"{TEXTS[0]}（{a[:-3]}", 75, 182, 530), ln(f"{a[-3:]}）", 67, 224, 80),
        ln(f"{TEXTS[1]}（{b[:-3]}", 72, 323, 594), ln(f"{b[-3:]}）", 64, 366, 82),
        ln(f"{TEXTS[2]}（{c}）", 74, 468, 619),
    ]  # fmt: skip


def test_chinese_numeral_dates_closing_each_entry_split_the_entries():
    lines = _trailing(("二〇二五年八月十八日", "二○二五年九月二十九日", "二〇二五年十月十五日"))
    want = [("2025-08-18", TEXTS[0]), ("2025-09-29", TEXTS[1]), ("2025-10-15", TEXTS[2])]
    assert read(lines) == want
    assert flags(lines) == [[], [], []]


def test_a_chinese_year_that_lost_a_character_ends_its_entry_unread():
    # 二二五年: the 〇 was lost. The entry still ends there, its date unread as read; the one
    # real date a numeral put back makes (2025) is only suggested, for a person to confirm.
    lines = _trailing(("二〇二五年八月十八日", "二二五年九月二十九日", "二〇二五年十月十五日"))
    assert read(lines) == [("2025-08-18", TEXTS[0]), (None, TEXTS[1]), ("2025-10-15", TEXTS[2])]
    assert "date_suggested annotations[1].date" in flags(lines)[1]


def test_a_zero_read_as_a_digit_in_a_chinese_year_is_the_chinese_zero():
    [f] = _remark_cn.find("予以补发（二0二五年八月十八日）")
    assert f.read.value == "2025-08-18"
    [f] = _remark_cn.find("2000年1月2日")  # Arabic digits are left alone
    assert f.read.value == "2000-01-02"
    assert _remark_cn.find("二二二五年八月十八日")[0].read.value is None  # no year a booklet has


def test_a_chinese_zero_the_calendar_fixes_is_no_doubt():
    # ○ doubtful against 〇: 2?25 is a year only with a zero; the date ends on the next row.
    text = "原证书遗失，经本人申请予以补发（二○二五年九月二十"
    alts = tuple(((ch, 0.99),) if ch != "○" else (("○", 0.53), ("〇", 0.05)) for ch in text)
    got = _remarktext.choose([Reading(text, 0.98, alts)], "九日")
    assert not got.doubt
    # 二〇一九年 doubtful at 一: 二〇二九年 is a real date too, so a person looks
    text = "原证书遗失，经本人申请予以补发（二〇一九年九月二十九日）"
    alts = tuple(((ch, 0.99),) if ch != "一" else (("一", 0.5), ("二", 0.3)) for ch in text)
    assert _remarktext.choose([Reading(text, 0.98, alts)]).doubt


# -- the heading and a table's header are no entries -------------------------------------------


def test_the_heading_read_with_one_character_wrong_is_no_entry():
    lines = [ln("番注", 344, 91, 82, 40), ln("2019.01.03", 98, 389, 115),
             ln("证书内页受潮破损，予以换发", 299, 388, 269)]  # fmt: skip
    assert read(lines) == [("2019-01-03", "证书内页受潮破损，予以换发")]
    # two characters right on top of the text, no space between: kept and flagged
    lines = [ln("备案", 60, 100, 60), ln("手续已办理", 60, 135, 150), ln("2019.01.03", 60, 175)]
    assert read(lines) == [("2019-01-03", "备案手续已办理")]


def test_a_column_name_misread_beside_one_read_whole_is_header():
    header = [ln("目", 154, 300, 75, 36), ln("备注事项", 435, 299, 93, 36)]
    entry = [ln("2019.01.03", 98, 389, 115), ln("证书内页受潮破损，予以换发", 299, 388, 269)]
    assert [x.text for x in without_header([*header, *entry])] == [x.text for x in entry]
    # a short box on another row is text (the rest of a wrapped line)
    rest = ln("补发", 299, 430, 40)
    assert rest in without_header([*header, *entry, rest])
    # an empty table: nothing is left to be a dateless remark
    assert without_header([ln("目期", 154, 300, 75, 36), ln("记载事项", 435, 299, 93, 36)]) == []


# -- seal lettering, a headless page, a date after one entry and above the next ----------------


def test_ring_lettering_taller_than_the_writing_is_no_text():
    text = "经核实，民族更正为回族"
    entry = ln("2022.12.08经核实，民族更正为回族", 126, 226, 433)
    assert read([TITLE, ln("环翠", 309, 126, 86, 88), entry]) == [("2022-12-08", text)]
    # a short box as tall as the writing stays: text (flagged, it breaks the phrase)
    lines = [TITLE, ln("环翠", 309, 126, 86, 39), entry]
    assert read(lines) == [("2022-12-08", "环翠" + text)] and flags(lines)[0]


def test_a_page_without_its_heading_holding_a_remark_is_a_remarks_page():
    assert headless([ln("2022.12.08经核实，民族更正为回族", 126, 226, 433)])
    assert not headless([ln("2022.12.08", 126, 226, 200), ln("中华人民共和国教育部制", 126, 300)])
    assert not headless([ln("经核实，民族更正为回族", 126, 226, 433)])  # no date: not proof


def test_a_date_after_one_entry_and_above_the_next_pairs_by_its_box():
    lines = [TITLE, ln("证书遗失，予以补发", 60, 120, 300), ln("2019-05-10", 600, 120, 150),
             ln("2020-01-02", 60, 170, 150), ln("经核查信息无误", 60, 210, 300)]  # fmt: skip
    assert read(lines) == [("2019-05-10", "证书遗失，予以补发"), ("2020-01-02", "经核查信息无误")]
    # a date after 为 is the sentence's, in a box of its own or not: one entry, flagged
    lines = [TITLE, ln("出生日期更正为", 60, 120, 300), ln("2015年3月12日", 370, 120, 200),
             ln("2020-01-02", 60, 170, 150), ln("经核查信息无误", 60, 210, 300)]  # fmt: skip
    assert len(read(lines)) == 1 and flags(lines)[0]


@pytest.fixture(autouse=True)
def _no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object, **__: object) -> None:
        raise AssertionError("no OCR in these tests")

    monkeypatch.setattr(_ocr, "recognise_all", fail)


def test_a_date_in_brackets_before_its_text_opens_the_entry():
    lines = [TITLE, ln("（2019年5月8日）证书遗失，予以补发", 60, 120, 600),
             ln("（2020年1月2日）经核查信息无误", 60, 200, 600)]  # fmt: skip
    assert read(lines) == [("2019-05-08", "证书遗失，予以补发"), ("2020-01-02", "经核查信息无误")]
    assert flags(lines) == [[], []]
    # a bracket that holds more than the date is text (flagged: digits outside a sentence date)
    lines = [TITLE, ln("（2019年5月8日补）证书遗失，予以补发", 60, 120, 600)]
    assert read(lines)[0][0] is None and flags(lines)[0]


def test_a_chinese_numeral_date_the_detector_cut_in_two_boxes_is_one_date():
    lines = [TITLE, ln("证书遗失，予以补发（二〇二五年", 60, 120, 500),
             ln("八月十八日）", 570, 120, 160)]  # fmt: skip
    assert read(lines) == [("2025-08-18", "证书遗失，予以补发")]
    # the year short of a character: the entry's date, unread, only suggested and flagged
    lines = [TITLE, ln("证书遗失，予以补发（二二五年", 60, 120, 500),
             ln("八月十八日）", 570, 120, 160)]  # fmt: skip
    assert read(lines) == [(None, "证书遗失，予以补发")]
    assert "date_suggested annotations[0].date" in flags(lines)[0]


def test_a_seal_centre_line_misread_and_glued_to_the_text_is_cut_and_flagged():
    text = "原证书因保管不慎遗失，经本人申请，予以补发"
    lines = [TITLE, ln(text + "行政审批专册量", 60, 120, 700), ln("2024.03.18", 600, 165, 250)]
    assert read(lines) == [("2024-03-18", text)]
    assert "text_under_seal annotations[0].text" in flags(lines)[0]  # ink there may be lost
    # 专 not after 认定/审批 is no seal's: text, flagged for its odd wording
    lines = [TITLE, ln(text + "专册量", 60, 120, 700), ln("2024.03.18", 600, 165, 250)]
    assert read(lines) == [("2024-03-18", text + "专册量")] and flags(lines)[0]


def test_a_date_with_a_letter_for_a_digit_still_ends_its_entry_and_is_flagged():
    lines = [TITLE, ln("经审核，原认定学科有误，现更正（2021年0q月12日）", 60, 120, 700),
             ln("出生日期更正为1975年3月5日（2025年3月11日）", 60, 200, 700)]  # fmt: skip
    assert read(lines) == [(None, "经审核，原认定学科有误，现更正"),
                           ("2025-03-11", "出生日期更正为1975年3月5日")]  # fmt: skip
    assert flags(lines) == [["date_format annotations[0].date"], []]


def test_a_misread_seal_centre_line_alone_in_its_box_still_places_the_seal():
    # the box is the seal's (no entry text), and the line ending inside it is doubted
    text = "经本人申请，予以补发"
    lines = [TITLE, ln("原证书因保管不慎遗失", 99, 586, 320), ln(text, 90, 634, 320),
             ln("2024年03月18日", 475, 697, 228),
             ln("行政审批专册量", 393, 650, 90, 40)]  # fmt: skip
    assert read(lines) == [("2024-03-18", "原证书因保管不慎遗失" + text)]
    assert "text_under_seal annotations[0].text" in flags(lines)[0]


def test_a_tall_short_box_at_the_margin_is_the_rest_of_a_line_not_a_seals_ring():
    lines = [TITLE, ln("2012.11.20原证书破损严重，同意换发", 60, 120, 600),
             ln("新证", 60, 160, 70, 70)]  # fmt: skip
    assert read(lines) == [("2012-11-20", "原证书破损严重，同意换发新证")]
