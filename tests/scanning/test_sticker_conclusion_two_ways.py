"""A conclusion read that is one conclusion with a character misread and another with a
character lost (注册不格: 注册合格 with 合 read 不, or 注册不合格 with 合 lost) is neither for
sure: it was "corrected" to 注册合格 and only the period rule kept the entry in review."""

from __future__ import annotations

from scanning._sticker_conclusion import near_conclusion


def test_a_read_two_conclusions_are_as_near_to_is_not_corrected():
    assert near_conclusion("注册不格") is None


def test_a_read_only_one_conclusion_is_near_to_is_still_corrected():
    assert near_conclusion("注册不会格") == "注册不合格"
    assert near_conclusion("注册合桥") == "注册合格"
    assert near_conclusion("不合") == "注册不合格"
