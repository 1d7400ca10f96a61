"""Sticker rules of issue 12, session 10: the 3↔5 digit slip of the 5-year period, and an
authority settled by the booklet's other stickers."""

from __future__ import annotations

import pytest

from scanning._datescan import DateRead
from scanning._ocr import Line
from scanning._period_rule import complete_period, settle_period
from scanning._sticker_authority import from_booklet
from scanning._stickers import group
from scanning._vocab_glyphs import similarity

START = DateRead("2021.09.01", "2021-09-01")


def test_an_end_whose_3_was_read_5_is_completed_by_the_5_year_rule():
    # 0014 of seed 858585 (phone photo): 08.51 for 08.31 stayed unreadable.
    end = DateRead("2026.08.51", None, "date_format")
    assert complete_period(START, end, "2021-07-14") == ("2021-09-01", "2026-08-31", "valid_until")


def test_a_start_whose_3_was_read_5_is_settled_by_the_end():
    assert settle_period("2015-09-01", "2018-08-31", "2013-08-01") == (
        "2013-09-01", "2018-08-31", "valid_from",
    )  # fmt: skip


def test_a_pair_two_slips_can_mend_is_not_settled():
    # 2010-06-01 / 2015-08-31: 06→09 in the start or 08→05 in the end both make a period.
    assert settle_period("2010-06-01", "2015-08-31", "2010-07-01") == (
        "2010-06-01", "2015-08-31", None,
    )  # fmt: skip


def test_an_end_two_digits_off_stays_unread():
    end = DateRead("2029.08.51", None, "date_format")  # 9 for 6 and 5 for 3
    assert complete_period(START, end, "2021-07-14") is None


# -- authority from the booklet --------------------------------------------------------------


@pytest.mark.parametrize(
    ("read", "others", "want"),
    [
        ("尖区教育局", ["尖山区教育局"], "尖山区教育局"),  # 0017 of seed 602214: 山 lost
        ("城河区教育局", ["城子河区教育局"], "城子河区教育局"),  # 0024 of seed 707070
    ],
)
def test_a_read_one_character_short_of_another_stickers_authority_is_that_one(read, others, want):
    assert from_booklet(read, others) == want


def test_a_look_alike_of_another_stickers_authority_is_that_one():
    if similarity("峰", "峄") is None:
        pytest.skip("no CJK face on this machine")
    assert from_booklet("峰城区教育局", ["峄城区教育局"]) == "峄城区教育局"


@pytest.mark.parametrize(
    "others",
    [
        [],  # nothing in the booklet: the vocabulary alone has 东区/北区/南区/市区…
        ["东山区教育局"],  # two characters off
        ["尖山区教育局x"],  # not a known authority
    ],
)
def test_without_one_fitting_name_in_the_booklet_the_authority_stays_flagged(others):
    assert from_booklet("尖区教育局", others) is None


def test_two_booklet_names_that_both_fit_decide_nothing():
    assert from_booklet("河区教育局", ["东河区教育局", "临河区教育局"]) is None
    assert from_booklet("城子河区教育局", ["城子河区教育局"]) is None  # already known


# -- every common period form ---------------------------------------------------------------


@pytest.mark.parametrize(
    "valid",
    [
        "有效期：2016.09.01–2021.08.31",
        "有效期：2016年9月1日至2021年8月31日",
        "有效期：2016-09-01 至 2021-08-31",
        "有效期：自2016年9月1日起至2021年8月31日止",
        "有效期：2016/09/01~2021/08/31",
        "有效期：二〇一六年九月一日至二〇二一年八月三十一日",
        "有效期：2016.09.01起2021.08.31止",  # 起 alone between the ends (was two stickers)
        "有效期：2016年09月01台至2021年08月31日",  # 日 read 台 beside 至 (was two stickers)
    ],
)
def test_every_common_period_form_is_one_sticker_with_its_period(valid):
    lines = [
        Line("注册合格", 1.0, (100, 100, 300, 130)),
        Line(valid, 1.0, (100, 140, 600, 170)),
        Line("泸定县教育局", 1.0, (100, 180, 300, 210)),
        Line("2016年7月20日", 1.0, (100, 220, 300, 250)),
    ]
    (s,) = group(lines)
    assert s.start is not None and s.end is not None and s.date is not None
    assert (s.start.value, s.end.value, s.date.value) == ("2016-09-01", "2021-08-31", "2016-07-20")


# -- no extra entries ------------------------------------------------------------------------


def test_a_line_the_detector_gave_twice_is_one_sticker():
    lines = [
        Line("注册合格", 1.0, (100, 100, 300, 130)),
        Line("有效期：2016.09.01至2021.08.31", 1.0, (100, 140, 600, 170)),
        Line("有效期：2016.09.01至 2021.08.31", 0.98, (102, 141, 601, 171)),  # the same print
        Line("泸定县教育局", 1.0, (100, 180, 300, 210)),
        Line("2016年7月20日", 1.0, (100, 220, 300, 250)),
    ]
    (s,) = group(lines)
    assert s.date is not None and s.date.value == "2016-07-20"


def test_the_same_text_in_another_place_is_another_sticker():
    one = [
        Line("注册合格", 1.0, (100, 100, 300, 130)),
        Line("有效期：2016.09.01至2021.08.31", 1.0, (100, 140, 600, 170)),
    ]
    two = [Line(ln.text, ln.score, (ln.box[0], ln.box[1] + 400, ln.box[2], ln.box[3] + 400))
           for ln in one]  # fmt: skip
    assert len(group(one + two)) == 2


def test_an_empty_printed_sticker_box_is_no_entry():
    assert group([Line("注册贴粘贴处", 1.0, (304, 791, 449, 822))]) == []
