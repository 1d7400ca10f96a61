"""A transcribed name whose words a mark joins (热依拉·艾力) is found whole by the field finder,
wherever the detector cut its line."""

from __future__ import annotations

from scanning._fields import info_fields
from scanning._ocr import Line
from tests.scanning.test_fields import ln


def _name(lines: list[Line]) -> str:
    return info_fields(lines, 1)["name"].text


def test_mark_kept_where_the_detector_cut_the_name_at_it():
    # The mark at the end of the first piece, or at the start of the second: stripped as a
    # piece's edge, it was lost between the words (热依拉艾力, no name's shape).
    assert _name([ln("姓名：热依拉·", 40, 60), ln("艾力", 250, 60)]) == "热依拉·艾力"
    assert _name([ln("姓名：热依拉", 40, 60), ln("·艾力", 220, 60)]) == "热依拉·艾力"
    assert _name([ln("姓名", 40, 60), ln("热依拉", 300, 60), ln("·艾力", 390, 60)]) == (
        "热依拉·艾力"
    )


def test_a_dotted_leader_is_no_join():
    # A run of marks is a leader between label and value, never part of the name.
    assert _name([ln("姓名", 40, 60), ln("··", 120, 60), ln("张三", 200, 60)]) == "张三"
    assert _name([ln("姓名：张三", 40, 60), ln("18", 220, 60)]).startswith("张三")


def test_joined_name_after_a_misread_short_label():
    # 姓名 read 娃名: only the value's shape says it is the name's label, and a joined name
    # has a name's shape.
    assert _name([ln("娃名热依拉·艾力", 40, 60)]) == "热依拉·艾力"


def test_whole_joined_name_is_not_continued_by_print_a_column_away():
    lines = [
        Line("姓名：阿依古丽·买买提", 1.0, (97, 207, 400, 238)),
        Line("便主颐宝翻资神舞", 0.6, (450, 209, 640, 242)),
    ]
    assert _name(lines) == "阿依古丽·买买提"
