"""A subject that holds a short label's word (小学科学, 中国少数民族语言文学, 民族音乐与舞蹈) is
one value, not a label with a value after it; and a long subject wrapped in its cell is read
whole under its label too."""

from __future__ import annotations

import pytest

from scanning._fields import info_fields
from scanning._ocr import Line
from tests.scanning.test_fields import ln, texts

TYPE = [ln("资格种类", 40, 60), ln("小学教师资格", 300, 62)]


@pytest.mark.parametrize("subject", ["小学科学", "中国少数民族语言文学", "民族音乐与舞蹈"])
def test_subject_holding_a_label_word_stays_whole(subject):
    # beside its label in a table's cell, and after it on a "标签：值" line
    cell = [*TYPE, ln("任教学科", 40, 130), ln(subject, 300, 132)]
    assert texts(info_fields(cell, 1)) == {
        "qualification_type": "小学教师资格", "subject": subject}
    inline = [ln(f"任教学科：{subject}", 40, 130)]
    assert texts(info_fields(inline, 1)) == {"subject": subject}


def test_a_short_label_after_a_value_still_counts_before_its_value():
    # 性别女民族汉族: 民族 follows 女 with nothing between, and 汉族 is an ethnicity
    assert texts(info_fields([ln("性别女民族汉族", 40, 60)], 1)) == {
        "gender": "女", "ethnicity": "汉族"}
    assert texts(info_fields([ln("姓名张三性别女", 40, 60)], 1)) == {
        "name": "张三", "gender": "女"}
    assert texts(info_fields([ln("性别：女民族：回族", 40, 60)], 1)) == {
        "gender": "女", "ethnicity": "回族"}


def test_subject_wrapped_in_its_cell_under_its_label():
    # A page printing values under their labels: the subject's second line is close under
    # its first, as a wrapped line is (rows stand farther apart).
    lines = [
        ln("任教学科", 40, 60), ln("资格种类", 400, 60),
        ln("中国少数民族语", 40, 95), ln("小学教师资格", 400, 95),
        ln("言文学", 40, 127),
        ln("证书号码", 40, 200), ln("20193700120000123", 40, 235),
    ]
    got = texts(info_fields(lines, 1))
    assert got["subject"] == "中国少数民族语言文学"
    assert got["certificate_number"] == "20193700120000123"


def test_rows_under_labels_are_not_taken_for_a_wrapped_line():
    lines = [
        Line("任教学科", 1.0, (40, 60, 160, 90)), Line("数学", 1.0, (40, 95, 100, 125)),
        Line("证书号码", 1.0, (40, 160, 160, 190)),
        Line("20193700120000123", 1.0, (40, 195, 330, 225)),
    ]
    assert texts(info_fields(lines, 1))["subject"] == "数学"
