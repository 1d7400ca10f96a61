"""A flagged issuing authority proved by where its row's print begins (a stacked page prints the
value alone under its label: blank paper before its first character) and by the office word of a
province's department (…教育厅) with the certificate number's province."""

from __future__ import annotations

import numpy as np

from scanning import _authority_department as department
from scanning import _authority_reread as reread

ROW = (200, 100, 402, 130)  # a widened crop: two columns before its first ink at x=202


def _page(*inked: tuple[int, int]) -> np.ndarray:
    page = np.full((240, 600, 3), 240, np.uint8)
    for x0, x1 in inked:
        page[105:125, x0:x1] = 20
    return page


def test_a_row_with_blank_paper_before_its_first_ink_begins_there():
    assert reread.begins_row(_page((202, 400)), ROW)


def test_print_before_the_crop_within_the_gap_means_it_does_not_begin_the_row():
    # a label or characters lost before it, 40 px (under two row heights) to the left
    assert not reread.begins_row(_page((150, 170), (202, 400)), ROW)


def test_a_crop_at_the_page_edge_or_beside_another_field_proves_no_start():
    edge = (20, 100, 222, 130)
    assert not reread.begins_row(_page((22, 220)), edge)
    assert not reread.begins_row(_page((202, 400)), ROW, [(150, 102, 190, 128)])
    # another field's box on another row is no neighbour
    assert reread.begins_row(_page((202, 400)), ROW, [(150, 160, 190, 190)])


def test_a_ruling_or_the_page_s_dark_edge_bounds_the_row_when_blank_paper_parts_them():
    # the page's edge shadow (dark through the whole row) 45 px before the value's first ink
    page = _page((202, 400))
    page[90:140, 150:157] = 30
    assert reread.begins_row(page, ROW)
    # … but ink run up to the edge may have been cut there
    page = _page((202, 400))
    page[90:140, 195:199] = 30
    assert not reread.begins_row(page, ROW)


def test_the_department_word_with_the_number_s_province_names_its_department():
    # 四川 run into one character, the office word read as it is three times.
    assert department.by_word(["国省教育厅", "用省教育厅", "川省教育厅"], "51") == "四川省教育厅"
    # the print cut short, the seal's ring showing the office word
    texts = ["安徽教", "安徽教敦", "徽督教育厅", "安徽管教育厅", "徽智教育厅"]
    assert department.by_word(texts, "34") == "安徽省教育厅"
    got = department.value(texts[:2], texts[2:], "34")
    assert got is not None and got.value == "安徽省教育厅" and not got.blocking
    assert got.findings[0].code == "authority_department"


def test_the_department_word_proves_nothing_else():
    assert department.by_word(["国省教育厅"], "51") is None  # one reading only
    assert department.by_word(["国省教育厅", "用省教育厅"], None) is None  # no sure number
    # a city's 教育局 with 局 misread: 市 is no part of 山东省
    assert department.by_word(["潍坊市教育厅", "潍坊市教育厅"], "37") is None
    # a head naming another province, or far shorter than the province's name
    assert department.by_word(["湖北省教育厅", "湖比省教育厅"], "43") is None
    assert department.by_word(["新疆教育厅", "新疆省教育厅"], "65") is None
    # a reading ending in another office word, or another office as it is
    assert department.by_word(["国省教育厅", "用省教育厅", "成都市教育局"], "51") is None
    # a municipality has no 教育厅
    assert department.by_word(["北京市教育厅", "北市教育厅"], "11") is None
