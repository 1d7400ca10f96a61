"""Labels a blurred phone photo misreads (hand-built OCR lines, no OCR): 教师资格 printed as the
qualification label, also with one character misread (数师资格：); a two-character label with
one character misread (维名 for 姓名) alone in its box beside a value of its field's shape. Where
the read fits two labels, or the word is the end of a value, no label is taken."""

from __future__ import annotations

from scanning._fields import INFO_LABELS, info_fields
from scanning._labels import labels_in, match_label
from scanning._ocr import Line

TYPE_ROW = (76, 422, 339, 451)


def _info(*lines: tuple[str, tuple[int, int, int, int]]) -> dict[str, str]:
    return {k: r.text for k, r in info_fields([Line(t, 0.9, b) for t, b in lines], 0).items()}


# -- 教师资格 as the label ----------------------------------------------------------------------
def test_teacher_qualification_before_a_colon_is_the_type_label() -> None:
    assert match_label("教师资格：初级中学教师资格", INFO_LABELS) == (
        "qualification_type", "初级中学教师资格")
    assert match_label("教师资格(类别)：小学教师资格", INFO_LABELS) == (
        "qualification_type", "小学教师资格")


def test_a_blurred_teacher_qualification_label_before_a_colon_still_gives_the_type() -> None:
    # fin-other 0025 (phone photo): 教 read as 数; the type used to be missing.
    got = _info(("姓名：魏鹏", (75, 209, 184, 240)), ("数师资格：初级中学教师资格", TYPE_ROW),
                ("任教学科(专业)：英语", (77, 493, 281, 523)))
    assert got["qualification_type"] == "初级中学教师资格"
    assert labels_in("数师资格：初级中学教师资格", INFO_LABELS)[0][3] is False  # a misread


def test_teacher_qualification_alone_in_its_cell_labels_the_cell_beside_it() -> None:
    got = _info(("教师资格", (66, 516, 177, 561)), ("初级中学教师资", (206, 520, 383, 559)),
                ("任教学科", (64, 603, 176, 648)), ("英语", (200, 603, 292, 649)))
    assert got["qualification_type"] == "初级中学教师资"  # decoded (and flagged) later


def test_teacher_qualification_ending_a_value_is_no_label() -> None:
    for text in ("初级中学教师资格", "小学教师资格：", "教师资格证书", "高级中学教师资格 "):
        assert not any(h[2] == "qualification_type" for h in labels_in(text, INFO_LABELS)), text
    # a misread word alone in its box is no label (it may be a value's piece)
    assert match_label("数师资格", INFO_LABELS) is None


# -- a two-character label misread in its own box --------------------------------------------
NAME_ROW = [("韦子涵", (202, 167, 294, 211)), ("性别", (390, 166, 484, 213)),
            ("男", (540, 170, 570, 210)), ("出生日期", (66, 255, 176, 295)),
            ("1994.03.16", (206, 260, 348, 295))]


def test_a_misread_name_label_beside_a_name_labels_it() -> None:
    # s11 515151 0010/0030: a blurred 姓名 read 维名 left the name missing.
    for misread in ("维名", "姓者"):
        got = _info((misread, (60, 166, 178, 210)), *NAME_ROW)
        assert got["name"] == "韦子涵", misread
        assert got["gender"] == "男"


def test_a_read_one_slip_from_two_labels_labels_nothing() -> None:
    # 性名 is one character from 姓名 and from 性别: which label it was is not known.
    got = _info(("性名", (60, 166, 178, 210)), *NAME_ROW)
    assert "name" not in got


def test_a_misread_label_beside_no_value_of_its_shape_labels_nothing() -> None:
    # 维名 beside a number: no name stands there, so no name label is assumed.
    got = _info(("维名", (60, 166, 178, 210)), ("341004199403166538", (202, 167, 448, 211)),
                *NAME_ROW[1:])
    assert "name" not in got


def test_a_misread_label_is_not_taken_when_the_label_is_on_the_page() -> None:
    got = _info(("维名", (60, 166, 178, 210)), ("韦子涵", (202, 167, 294, 211)),
                ("姓名", (60, 400, 178, 440)), ("魏鹏", (202, 400, 294, 440)))
    assert got["name"] == "魏鹏"
