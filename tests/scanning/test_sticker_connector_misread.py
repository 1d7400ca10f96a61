"""A labelled period whose 至 was misread as another character is still one period."""

from __future__ import annotations

from scanning._ocr import Line
from scanning._stickers import group, row_pieces


def test_a_connector_misread_as_one_character_joins_the_labelled_period():
    # 至 read as 套 under a seal's rim: both ends whole dates, nothing else between them
    got = row_pieces("有效期：2019-06-06套2024-06-05")
    assert [p.kind for p in got] == ["range"]
    assert [d.value for d in got[0].dates] == ["2019-06-06", "2024-06-05"]


def test_the_end_after_a_misread_connector_makes_no_entry_of_its_own():
    lines = [
        Line("注册结论：合格", 1.0, (242, 649, 394, 684)),
        Line("有效期：2019-06-06套2024-06-05", 0.98, (240, 684, 564, 725)),
        Line("注册机构：辽宁省教育厅", 1.0, (242, 724, 473, 758)),
        Line("注册日期：2019年5月8日", 0.99, (242, 760, 478, 795)),
    ]
    (s,) = group(lines)  # was two: the end and the decision date a phantom entry
    assert s.start and s.end and s.date
    assert (s.start.value, s.end.value, s.date.value) == ("2019-06-06", "2024-06-05", "2019-05-08")


def test_unlabelled_dates_one_character_apart_are_not_joined():
    # without 有效期 nothing says the two dates are a period's ends
    assert [p.kind for p in row_pieces("2019-06-06套2024-06-05")] != ["range"]


def test_two_characters_between_labelled_dates_are_not_a_misread_connector():
    assert [p.kind for p in row_pieces("有效期：2019-06-06套餐2024-06-05")] != ["range"]


def test_a_start_marker_or_a_later_first_date_is_no_misread_connector():
    # 至2025年8月31日 自2020年9月1日: a tilted sticker's two rows merged out of order
    got = row_pieces("有效期 至2025年8月31日 自2020年9月1日")
    assert not any(p.kind == "range" and p.dates[0].value == "2025-08-31" for p in got)
    got = row_pieces("有效期：2024-06-05套2019-06-06")  # a period ends after it begins
    assert [p.kind for p in got] != ["range"]
