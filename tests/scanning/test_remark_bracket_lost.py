"""A remark date written in brackets whose closing (or opening) bracket the recogniser lost:
the one bracket left is the date's, not a word of the entry's text."""

from __future__ import annotations

from tests.scanning.test_remarks import TITLE, ln, read


def test_a_bracketed_date_alone_on_its_row_that_lost_its_closing_bracket_is_only_a_date():
    lines = [
        TITLE,
        ln("经本人申请，青海省教育厅审核同意，", 139, 181, 500, 34),
        ln("补发教师资格证书", 91, 236, 248, 34),
        ln("（二○二四年六月十九日", 103, 291, 346, 34),
    ]
    assert read(lines) == [("2024-06-19", "经本人申请，青海省教育厅审核同意，补发教师资格证书")]


def test_a_bracketed_date_alone_on_its_row_that_lost_its_opening_bracket_is_only_a_date():
    lines = [TITLE, ln("证书遗失，予以补发", 60, 120), ln("2019年5月10日）", 600, 165, 250)]
    assert read(lines) == [("2019-05-10", "证书遗失，予以补发")]


def test_a_bracketed_date_closing_its_text_that_lost_its_closing_bracket_ends_the_entry():
    lines = [TITLE, ln("证书遗失，予以补发（2019.05.10", 75, 180, 410),
             ln("原证书损坏，予以换发（2020.01.02）", 75, 240, 410)]  # fmt: skip
    assert read(lines) == [
        ("2019-05-10", "证书遗失，予以补发"),
        ("2020-01-02", "原证书损坏，予以换发"),
    ]


def test_a_bracketed_date_wrapped_onto_its_own_row_with_its_dots_read_as_commas_is_joined():
    # …现更正（2022.0 / 3,30): a hand's or a dim view's dot read as a comma is still the
    # date's separator, so the rest of the date is no stray row and the entries stay apart.
    lines = [
        TITLE,
        ln("经审核，原认定学科有误，现更正（2022.0", 80, 171, 514, 35),
        ln("3,30)", 76, 215, 77, 38),
        ln("出生日期更正为1975年9月25日（2025", 77, 292, 475, 41),
        ln(",10,09)", 77, 339, 102, 36),
    ]
    assert read(lines) == [
        ("2022-03-30", "经审核，原认定学科有误，现更正"),
        ("2025-10-09", "出生日期更正为1975年9月25日"),
    ]
