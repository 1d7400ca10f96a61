"""Session 14: each remark's date paired with its text, no spurious entries (a date wrapped
onto a row of its own, a heading glued to show-through, a table header misread)."""

from __future__ import annotations

from scanning._ocr import Line
from scanning._remark_table import without_header
from scanning._remarks import entries
from scanning._sections import decode_remark
from tests.scanning.test_remarks import TITLE, TODAY, flags, ln, read


def test_a_trailing_date_wrapped_onto_a_row_of_bare_digits_stays_with_its_entry():
    # …（2022.0 / 8.03) : the digits-only rest of the date was dropped as no print, so the
    # next entry's text ran on into this one and the date was lost.
    lines = [
        TITLE,
        ln("出生日期更正为1969年10月11日（2022.0", 75, 180, 410),
        ln("8.03)", 75, 222, 68),
        ln("证书污损，同意换发新证（2023.03.11）", 75, 294, 390),
    ]
    assert read(lines) == [
        ("2022-08-03", "出生日期更正为1969年10月11日"),
        ("2023-03-11", "证书污损，同意换发新证"),
    ]
    assert flags(lines) == [[], []]


def test_a_wrapped_date_tail_that_looks_like_a_page_number_is_joined_too():
    lines = [
        TITLE,
        ln("该证书遗失，已登报声明作废，准予补", 83, 194, 500),
        ln("发(2016.8.6)", 83, 237, 146),
        ln("出生日期更正为1972年8月31日(2020.7.", 83, 332, 400),
        ln("19)", 76, 370, 46),
    ]
    assert read(lines) == [
        ("2016-08-06", "该证书遗失，已登报声明作废，准予补发"),
        ("2020-07-19", "出生日期更正为1972年8月31日"),
    ]


def test_bare_digits_that_complete_no_date_are_not_text():
    lines = [TITLE, ln("证书遗失，予以补发（2019.05.10）", 75, 180, 410), ln("12", 75, 222, 30)]
    assert read(lines) == [("2019-05-10", "证书遗失，予以补发")]


def test_a_heading_glued_to_show_through_is_the_heading_not_an_entry():
    assert read([ln("宝吝资币烊备注", 4, 92, 452, 46)]) == []
    lines = [ln("宝吝资币烊备注", 4, 92, 452, 46), ln("证书遗失，予以补发", 60, 200),
             ln("2019年5月10日", 600, 245, 250)]  # fmt: skip
    assert read(lines) == [("2019-05-10", "证书遗失，予以补发")]
    # A line of text that ends in 备注 with more below it close by is no heading.
    lines = [ln("详见备注", 60, 120), ln("证书遗失，予以补发", 60, 152),
             ln("2019年5月10日", 600, 190)]  # fmt: skip
    assert read(lines)[0][1] == "详见备注证书遗失，予以补发"


def test_a_table_header_with_a_character_misread_is_no_entry():
    # 海注事项 for 备注事项 in a blurred photo: the table's column name, standing first.
    lines = [ln("备注栏", 326, 91, 124, 53), ln("海注事项", 436, 269, 95, 40)]
    assert without_header(lines) == [lines[0]]
    lines = [ln("备注栏", 326, 91, 124, 53), ln("目 期", 160, 270, 60, 38),
             ln("备注事顶", 436, 269, 95, 40), ln("证书遗失，予以补发", 320, 350, 300)]  # fmt: skip
    assert without_header(lines) == [lines[0], lines[3]]
    # Below an entry, the same words are text (a remark reads 变更事项 … on its next row).
    lines = [ln("备注栏", 326, 91, 124, 53), ln("证书遗失，予以补发", 320, 200, 300),
             ln("海注事项", 436, 269, 95, 40)]  # fmt: skip
    assert without_header(lines) == lines


def _stamped() -> list[Line]:
    # Three stamped boxes, each its text at the top and its date at the foot; the middle box's
    # text sits as far from its date as from the date of the box above.
    return [
        ln("备注", 373, 95, 81, 50),
        ln("该证书遗失，已在报刊登载遗失声", 162, 222, 353, 30),
        ln("明，准予补发，原证书号码不变", 162, 256, 330, 31),
        ln("2003.06.21", 537, 319, 116, 31),
        ln("任教学科更正为“幼儿园”，原记", 135, 406, 358, 63),
        ln("载有误", 130, 441, 86, 44),
        ln("2004.07.20", 501, 535, 122, 40),
        ln("因原证书污损，予以换发，原证书", 114, 637, 358, 32),
        ln("作废", 114, 671, 59, 35),
        ln("2024.06.05", 491, 736, 118, 31),
    ]


FRAMES = [(142, 202, 673, 362), (110, 389, 650, 588), (97, 618, 628, 779)]


def test_a_stamped_box_holds_its_text_and_its_date_as_one_entry():
    got = [(r.date.value if r.date else None, r.text)
           for r in entries(_stamped(), "2002-10-12", FRAMES)]  # fmt: skip
    assert got == [
        ("2003-06-21", "该证书遗失，已在报刊登载遗失声明，准予补发，原证书号码不变"),
        ("2004-07-20", "任教学科更正为“幼儿园”，原记载有误"),
        ("2024-06-05", "因原证书污损，予以换发，原证书作废"),
    ]
    found = [f.code for k, r in enumerate(entries(_stamped(), "2002-10-12", FRAMES))
             for f in decode_remark(r, k, "2002-10-12", TODAY)[1] if f.blocking]  # fmt: skip
    assert found == []


def test_without_the_frame_the_far_text_stays_apart_and_flagged():
    got = [(r.date.value if r.date else None, r.text) for r in entries(_stamped(), "2002-10-12")]
    assert (None, "任教学科更正为“幼儿园”，原记载有误") in got
    # A frame round two entries changes nothing for an entry whose date already has its text.
    one = [(100, 200, 700, 600)]
    got = [(r.date.value if r.date else None, r.text)
           for r in entries(_stamped()[:7], "2002-10-12", one)]  # fmt: skip
    assert got[0] == ("2003-06-21", "该证书遗失，已在报刊登载遗失声明，准予补发，原证书号码不变")


def test_a_chinese_numeral_year_that_lost_its_zero_is_suggested_and_flagged():
    lines = [TITLE, ln("照片脱落，重新粘贴照片并加盖钢印", 100, 120),
             ln("二二五年五月七日", 430, 170, 250)]  # fmt: skip
    [r] = entries(lines, "2001-05-01")
    entry, found, _ = decode_remark(r, 0, "2001-05-01", TODAY)
    assert entry == {"date": "2025-05-07", "text": "照片脱落，重新粘贴照片并加盖钢印"}
    assert [(f.code, f.field, f.severity) for f in found] == [
        ("date_suggested", "annotations[0].date", "warning")
    ]
    # 二〇五年: 2005, 2015 and 2025 all fit; nothing is suggested.
    [r] = entries([TITLE, lines[1], ln("二〇五年五月七日", 430, 170, 250)], "2001-05-01")
    entry, found, _ = decode_remark(r, 0, "2001-05-01", TODAY)
    assert entry["date"] is None and found[0].code == "date_format"


def test_show_through_read_inside_a_letter_spaced_heading_is_the_heading():
    # A mirrored registration page shows through the 备　注 heading and is read into its gap.
    lines = [
        ln("录5/册备琪宝注", 239, 99, 229, 43),
        ln("因原证书污损，予以换发，原证", 136, 186, 416, 40),
        ln("书作废。", 84, 241, 114, 44),
        ln("(2024.12.27)", 103, 300, 198, 41),
    ]
    assert read(lines) == [("2024-12-27", "因原证书污损，予以换发，原证书作废。")]
