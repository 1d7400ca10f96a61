"""Remarks (备注) of several layouts, paired from hand-built OCR lines (no OCR run)."""

from __future__ import annotations

from datetime import date

from scanning._ocr import Line
from scanning._remarks import entries
from scanning._sections import annotation_pairs, decode_remark, disagreements

TODAY = date(2026, 12, 1)
ISSUED = "2012-07-01"


def ln(text: str, x: int, y: int, w: int = 500, h: int = 30) -> Line:
    return Line(text, 0.96, (x, y, x + w, y + h))


def read(lines: list[Line]) -> list[tuple[str | None, str | None]]:
    return [(r.date.value if r.date else None, r.text) for r in entries(lines, ISSUED)]


def flags(lines: list[Line], issued: str = ISSUED) -> list[list[str]]:
    out = []
    for i, r in enumerate(entries(lines, issued)):
        _, found, _ = decode_remark(r, i, issued, TODAY)
        out.append([f"{f.code} {f.field}" for f in found if f.blocking])
    return out


TITLE = ln("备　注", 400, 20, 120, 40)
EXPECTED = [("2019-05-10", "证书遗失，予以补发"), ("2020-01-02", "经核查信息无误")]


def test_date_below_its_text_right_aligned():
    lines = [
        TITLE,
        ln("证书遗失，予以补发", 60, 120),
        ln("2019年5月10日", 600, 165, 250),
        ln("经核查信息无误", 60, 330),
        ln("2020年01月02日", 600, 375, 250),
    ]
    assert read(lines) == EXPECTED
    assert flags(lines) == [[], []]


def test_date_above_its_text():
    lines = [
        TITLE,
        ln("2019.05.10", 60, 120, 250),
        ln("证书遗失，予以补发", 60, 165),
        ln("2020.01.02", 60, 330, 250),
        ln("经核查信息无误", 60, 375),
    ]
    assert read(lines) == EXPECTED


def test_date_before_or_after_the_text_on_the_same_line():
    before = [TITLE, ln("2019年5月10日 证书遗失，予以补发", 60, 120, 800),
              ln("2020-01-02：经核查信息无误", 60, 200, 800)]  # fmt: skip
    after = [TITLE, ln("证书遗失，予以补发 2019年5月10日", 60, 120, 800),
             ln("经核查信息无误  2020年1月2日", 60, 200, 800)]  # fmt: skip
    assert read(before) == read(after) == EXPECTED


def test_date_in_its_own_box_on_the_same_row():
    lines = [TITLE, ln("证书遗失，予以补发", 60, 120), ln("2019年5月10日", 620, 122, 250),
             ln("经核查信息无误", 60, 200), ln("2020年1月2日", 620, 198, 250)]  # fmt: skip
    assert read(lines) == EXPECTED


def test_wrapped_text_joined_whatever_side_the_date_is():
    below = [
        TITLE,
        ln("因原证书损毁严重，经本人申请，", 60, 120, 700),
        ln("予以换发新证", 60, 160, 300),
        ln("2019年5月10日", 600, 205, 250),
        ln("经核查信息无误", 60, 360),
        ln("2020年1月2日", 600, 405, 250),
    ]
    above = [
        TITLE,
        ln("2019年5月10日", 60, 120, 250),
        ln("因原证书损毁严重，经本人申请，", 60, 165, 700),
        ln("予以换发新证", 60, 205, 300),
        ln("2020年1月2日", 60, 360, 250),
        ln("经核查信息无误", 60, 405),
    ]
    want = [("2019-05-10", "因原证书损毁严重，经本人申请，予以换发新证"), EXPECTED[1]]
    assert read(below) == read(above) == want


def test_handwriting_like_entry_with_uneven_lines():
    # 楷体 by hand: lines drift sideways and the spacing is uneven, the date is slanted right.
    lines = [
        TITLE,
        ln("任教学科由数学", 80, 118, 400, 44),
        ln("更正为物理", 70, 170, 300, 44),
        ln("2021年3月5日", 560, 226, 260, 40),
    ]
    assert read(lines) == [("2021-03-05", "任教学科由数学更正为物理")]


def test_office_signature_next_to_the_date_is_not_remark_text():
    lines = [TITLE, ln("证书遗失，予以补发", 60, 120), ln("泸定县教育局", 560, 165, 250),
             ln("2019年5月10日", 560, 205, 250)]  # fmt: skip
    assert read(lines) == [EXPECTED[0]]


def test_date_outside_issue_date_and_today_is_flagged():
    lines = [TITLE, ln("证书遗失，予以补发", 60, 120), ln("2030年5月10日", 600, 165, 250)]
    assert flags(lines) == [["annotation_date annotations[0].date"]]
    # A date before the issue date is no entry date: the entry has none, and that is flagged.
    early = [TITLE, ln("证书遗失，予以补发", 60, 120), ln("2010年5月10日", 600, 165, 250)]
    assert flags(early) == [["missing annotations[0].date", "annotation_text annotations[0].text"]]


def test_unreadable_date_flagged_not_guessed():
    lines = [TITLE, ln("证书遗失，予以补发", 60, 120), ln("2019年S月10日", 600, 165, 250)]
    [(when, _)] = read(lines)
    assert when is None
    assert flags(lines) == [["date_ambiguous annotations[0].date"]]


def test_text_far_below_the_last_dated_entry_stands_alone_and_is_flagged():
    # The second entry's date line was not found: its text must not join the first entry.
    lines = [TITLE, ln("证书遗失，予以补发", 60, 120), ln("2019年5月10日", 600, 165, 250),
             ln("经核查信息无误", 60, 330)]  # fmt: skip
    assert read(lines) == [EXPECTED[0], (None, "经核查信息无误")]
    assert flags(lines)[1] == ["missing annotations[1].date", "annotation_text annotations[1].text"]


def test_a_date_inside_the_text_stays_text():
    lines = [TITLE, ln("出生日期由1985年3月12日更正为", 60, 120, 700), ln("1985年3月21日", 60, 160),
             ln("2019年5月10日", 600, 205, 250)]  # fmt: skip
    [(when, text)] = read(lines)
    assert when == "2019-05-10" and text and text.startswith("出生日期由1985年3月12日")
    assert flags(lines) == [["annotation_text annotations[0].text"]]  # digits: a person checks


def test_pairs_view_kept_for_callers():
    lines = [TITLE, ln("证书遗失，予以补发", 60, 120), ln("2019年5月10日", 600, 165, 250)]
    [(d, t)] = annotation_pairs(lines, 3)
    assert d is not None and t is not None
    assert (d.text, t.text, t.page) == ("2019年5月10日", "证书遗失，予以补发", 3)


def test_second_reading_spelt_differently_agrees():
    a = read([TITLE, ln("证书遗失,予以补发", 60, 120), ln("2019年5月10日", 600, 165, 250)])
    b = read([TITLE, ln("证书遗失，予以补发", 60, 120), ln("2019.05.10", 600, 165, 250)])
    assert a == b
    first = {"date": "2019-05-10", "text": "证书遗失，予以补发"}
    assert disagreements(first, {"date": "2019-05-10", "text": a[0][1]}, "x") == []
    # A comma lost in one reading is a disagreement: remark text is compared as it is kept.
    [f] = disagreements(first, {"date": "2019-05-10", "text": "证书遗失予以补发"}, "annotations[0]")
    assert f.field == "annotations[0].text"
    [f] = disagreements(first, {"date": "2019-05-16", "text": first["text"]}, "annotations[0]")
    assert f.field == "annotations[0].date"


def test_evenly_spaced_lines_pair_by_the_page_convention():
    # No extra space between entries: text above its date (the page ends with a date line).
    texts = ["证书遗失，", "予以补发", "2019年5月10日", "经核查信息无误", "2020年1月2日"]
    below = [TITLE, *(ln(t, 60, 120 + 50 * i) for i, t in enumerate(texts))]
    assert read(below) == EXPECTED
    # Date above its text: the page starts with a date line and ends with text.
    texts = ["2019年5月10日", "证书遗失，", "予以补发", "2020年1月2日", "经核查信息无误"]
    above = [TITLE, *(ln(t, 60, 120 + 50 * i) for i, t in enumerate(texts))]
    assert read(above) == EXPECTED


def test_seal_remnants_beside_the_text_are_dropped():
    # The red filter left a seal's ring (read as an office name) and its star beside the text;
    # the third entry's date sits under the seal and was not read at all.
    lines = [
        ln("备注栏", 330, 70, 140, 50),
        ln("原证书破损严重，", 97, 469, 260, 42), ln("地海江省教有厅", 399, 498, 142, 78),
        ln("同意换发新证", 88, 519, 211, 45), ln("☆", 449, 553, 42, 43),
        ln("2018年4月25日", 495, 588, 207, 41),
        ln("经核查信息无误", 98, 709, 244, 50), ln("☆", 437, 812, 36, 35),
    ]  # fmt: skip
    got = read([ln("证书遗失，予以补发", 87, 193, 383, 55), ln("2017年7月13日", 470, 316, 226, 44),
                *lines])  # fmt: skip
    assert got == [
        ("2017-07-13", "证书遗失，予以补发"),
        ("2018-04-25", "原证书破损严重，同意换发新证"),
        (None, "经核查信息无误"),
    ]


def test_seal_ring_characters_and_centre_phrase_are_not_text():
    lines = [
        ln("备注", 359, 127, 89, 52),
        ln("教", 511, 220, 28, 32), ln("2017年05月04日", 115, 232, 198, 31),
        ln("有", 532, 246, 26, 26), ln("连", 428, 245, 32, 30),
        ln("姓名变更，原证书收回，予以换发", 121, 278, 427, 38), ln("专用章", 492, 308, 38, 23),
        ln("2023年10月02日", 114, 545, 213, 34), ln("连", 412, 574, 31, 24),
        ln("原证书破损严重，同意换发新证", 123, 595, 415, 35),
        ln("教师资格认定专用章", 423, 624, 135, 19),
    ]  # fmt: skip
    assert read(lines) == [
        ("2017-05-04", "姓名变更，原证书收回，予以换发"),
        ("2023-10-02", "原证书破损严重，同意换发新证"),
    ]


def test_a_separator_read_as_a_letter_still_makes_a_date():
    lines = [TITLE, ln("任教学科已更正", 60, 120), ln("2025.03m17", 600, 165, 250)]
    assert read(lines) == [("2025-03-17", "任教学科已更正")]


def test_noise_above_the_title_and_latin_pattern_reads_are_not_remarks():
    lines = [
        ln("牛香", 582, 0, 170, 43),
        ln("备注", 328, 56, 150, 60),
        ln("2024年12月9日民族信息已更正", 103, 150, 530, 57),
        ln("OOTIITOX", 344, 352, 390, 38),
        ln("8A8ATOS", 390, 591, 326, 34),
    ]
    assert read(lines) == [("2024-12-09", "民族信息已更正")]


def test_a_lost_separator_and_an_impossible_month():
    lines = [TITLE, ln("经核实，身份证件号码已更正", 111, 221), ln("2024.1223", 551, 280, 150)]
    assert read(lines) == [("2024-12-23", "经核实，身份证件号码已更正")]
    assert flags(lines) == [[]]
    bad = [TITLE, ln("证书遗失，予以补发", 60, 120), ln("2021年19月31日", 600, 165, 250)]
    [r] = entries(bad, ISSUED)
    entry, found, _ = decode_remark(r, 0, ISSUED, TODAY)
    assert entry["date"] == "2021-10-31"  # the one real date a stroke away, shown to a person
    assert [(f.code, f.severity) for f in found] == [("date_suggested", "warning")]


def test_text_ending_under_a_seal_is_flagged():
    # 任教学科已更正: 更正 lies under the seal and was lost with it; what is left reads well.
    lines = [
        ln("备注", 312, 113, 176, 56),
        ln("2020.11.25 任教学科已", 93, 201, 382, 52),
        ln("行政审批专用章", 501, 299, 98, 28),
    ]
    assert read(lines) == [("2020-11-25", "任教学科已")]
    assert flags(lines) == [["text_under_seal annotations[0].text"]]
    # The same seal far from the text flags nothing.
    away = [*lines[:2], ln("行政审批专用章", 560, 700, 98, 28)]
    assert flags(away) == [[]]


def test_a_remarks_heading_on_a_page_not_read_as_remarks_is_flagged():
    from types import SimpleNamespace

    from scanning._pages import Role
    from scanning._sections import unread_remarks

    spread = SimpleNamespace(role=Role.INFORMATION, lines=[ln("姓名", 10, 10), ln("备注", 900, 10)])
    [f] = unread_remarks([spread])  # type: ignore[list-item]
    assert (f.field, f.severity) == ("annotations", "warning")
    remarks = SimpleNamespace(role=Role.REMARKS, lines=[ln("备注", 300, 10)])
    assert unread_remarks([spread, remarks]) == []  # type: ignore[list-item]


def test_a_date_column_beside_a_text_that_ends_in_a_date():
    # table rows read as one row: 2020.03.23 | 出生日期更正为1970年6月30日. The closing date used
    # to be taken as the entry's (before the issue date, so no date at all: both in the text).
    lines = [TITLE, ln("出生日期更正为1970年6月30日", 269, 234, 370),
             ln("2020.03.23", 68, 242, 105)]  # fmt: skip
    assert read(lines) == [("2020-03-23", "出生日期更正为1970年6月30日")]
    # a closing date after the issue date as well: the date standing in its own box is the entry's
    lines = [TITLE, ln("出生日期更正为2013年6月30日", 269, 234, 370),
             ln("2020.03.23", 68, 242, 105)]  # fmt: skip
    assert read(lines) == [("2020-03-23", "出生日期更正为2013年6月30日")]
