"""The name label read with its second character slipped (姓余佳丽): where that character is a
known surname, the rest alone has none and the two make a name, the label lost its 名 and the
name starts at the surname (余佳丽); otherwise the slip is the label's (姓余张三: 张三, 姓余：佳丽:
佳丽, 姓余扎西: a transcribed name needs no Han surname)."""

from __future__ import annotations

from scanning._fields import INFO_LABELS
from scanning._labels import match_label


def test_a_surname_read_where_the_label_ends_starts_the_name() -> None:
    assert match_label("姓余佳丽", INFO_LABELS) == ("name", "余佳丽")
    assert match_label("姓　余佳丽", INFO_LABELS) == ("name", "余佳丽")


def test_a_slip_before_a_name_with_its_own_surname_is_the_label() -> None:
    assert match_label("姓余张三", INFO_LABELS) == ("name", "张三")


def test_a_slip_before_a_colon_is_the_label() -> None:
    assert match_label("姓余：佳丽", INFO_LABELS) == ("name", "佳丽")


def test_a_transcribed_name_after_the_slip_keeps_the_label_reading() -> None:
    assert match_label("姓余扎西", INFO_LABELS) == ("name", "扎西")


def test_the_label_spelled_right_is_unchanged() -> None:
    assert match_label("姓名余佳丽", INFO_LABELS) == ("name", "余佳丽")
    assert match_label("性别男", INFO_LABELS) == ("gender", "男")
