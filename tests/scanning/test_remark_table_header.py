"""Remarks laid out as a table (issue 12, wave 10): the header row 日期 | 备注事项 was glued to
the first entry ("日期备注事项身份证号码已升位，经核对无误", accepted) or became an entry of its
own on an empty table. Lines as read from the kept booklet (othergen 424242, 0034)."""

from __future__ import annotations

import pytest

from scanning._ocr import Line
from scanning._remark_table import is_header, strip_header, without_header
from scanning._remarks import entries

ISSUED = "2008-02-15"
TITLE = Line("备注", 0.994, (352, 123, 425, 167))
HEADER = [Line("备注事项", 1.0, (436, 286, 521, 315)), Line("日期", 1.0, (156, 286, 223, 316))]
ENTRY = [Line("身份证号码已升位，经核对无误", 0.986, (293, 363, 665, 397)),
         Line("2014.12.19", 1.0, (103, 365, 250, 396))]  # fmt: skip


def _read(lines: list[Line]) -> list[tuple[str | None, str | None]]:
    return [(r.date.value if r.date else None, r.text) for r in entries(lines, ISSUED)]


def test_the_header_row_is_no_part_of_the_first_entry():
    lines = [TITLE, *HEADER, *ENTRY]
    assert _read(lines) == [("2014-12-19", "日期备注事项身份证号码已升位，经核对无误")]  # raw
    assert _read(without_header(lines)) == [("2014-12-19", "身份证号码已升位，经核对无误")]


def test_an_empty_table_gives_no_entry():
    assert _read([TITLE, *HEADER]) != []  # raw: the header read as an entry
    assert _read(without_header([TITLE, *HEADER])) == []


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("日期备注事项身份证号码已升位，经核对无误", "身份证号码已升位，经核对无误"),
        ("日期 | 备注事项 | 盖章 本证书系补发", "本证书系补发"),
        ("日期备注事项", None),
        ("日期", None),
        # one column name opening a sentence is the sentence's: kept
        ("日期有误，已更正", "日期有误，已更正"),
        ("内容已变更，经核实", "内容已变更，经核实"),
        ("变更事项已登记", "变更事项已登记"),
        ("经核实，民族更正为回族", "经核实，民族更正为回族"),
    ],
)
def test_strip_header(text: str, want: str | None):
    assert strip_header(text) == want


def test_the_page_title_and_sentence_words_are_no_header():
    assert not is_header("备注")  # the title: the remarks reader needs it
    assert not is_header("备注栏")
    assert not is_header("事项")  # the end of a sentence broken over two lines
    assert not is_header("内容")
    assert is_header("日期　备注内容") and is_header("盖章")


def test_a_column_name_alone_in_its_cell_is_no_remark():
    # 记载事项 (another print run's 备注事项) read alone became an entry of its own
    assert is_header("记载事项")
    assert _read(without_header([TITLE, Line("记载事项", 1.0, (436, 286, 541, 315))])) == []


def test_a_column_name_glued_to_the_first_entry_is_cut_from_its_line():
    glued = Line("记载事项民族信息已更正，经核实无误", 0.98, (269, 234, 700, 269))
    date = Line("2020.03.23", 1.0, (68, 242, 173, 266))
    want = [("2020-03-23", "民族信息已更正，经核实无误")]
    assert _read([TITLE, glued, date]) != want  # raw: the column name opened the text
    cut = without_header([TITLE, glued, date])
    assert cut[1].text == "民族信息已更正，经核实无误"
    assert 269 < cut[1].box[0] < 400 and cut[1].box[2] == 700
    assert _read(cut) == want


def test_a_word_that_may_open_a_sentence_stays_on_its_line():
    for text in ("变更事项已登记", "日期有误，已更正", "内容已变更，经核实"):
        assert without_header([Line(text, 1.0, (0, 0, 300, 30))])[0].text == text
