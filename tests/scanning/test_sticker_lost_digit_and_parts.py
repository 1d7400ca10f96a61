"""Registration entries read right where the rules are sure.

A period end that lost a digit and still reads as another real date:

有效期：2018年9月1日至2023年8月3 (the line's last digit lost) read as 2023-08-03 and was
flagged with the period broken. The 5-year rule gives 2023-08-31 from the start, and the read is
that date with one digit lost: it is restored, with a note. A read that is no lost-digit form of
the rule's date, a read the start could explain the other way, or an entry with no decision
date read stays flagged.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _sticker_gap
from scanning._datescan import read_date
from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._sticker_period import lost_digit_end
from scanning._stickers import group
from tests.scanning._fonts import cjk_font


def _entry(period: str, decided: str = "2017年10月4日") -> tuple[dict, set[tuple[str, str]], set]:
    texts = ("注册结论：注册合格", f"有效期：{period}", "注册机关：东方市教育局",
             f"注册日期：{decided}")  # fmt: skip
    lines = [Line(t, 0.99, (100, 100 + 40 * k, 500, 130 + 40 * k)) for k, t in enumerate(texts)]
    (s,) = group(lines)
    entry, found, _ = decode_sticker(s, 0)
    blocking = {(f.code, f.field.split(".")[-1]) for f in found if f.blocking}
    notes = {(f.code, f.field.split(".")[-1]) for f in found if not f.blocking}
    return entry, blocking, notes


@pytest.mark.parametrize(
    "period", ["2018年9月1日至2023年8月3", "2018.09.01-2023.08.3", "2018.09.1-2023.08.3"]
)
def test_an_end_that_lost_its_last_digit_is_restored_by_the_5_year_rule(period):
    entry, blocking, notes = _entry(period)
    assert (entry["valid_from"], entry["valid_until"]) == ("2018-09-01", "2023-08-31")
    assert blocking == set()
    assert ("corrected_period", "valid_until") in notes


def test_a_start_that_lost_a_digit_is_restored_from_the_end():
    entry, blocking, notes = _entry("2018.1.1-2023.10.31", "2018年9月20日")
    assert (entry["valid_from"], entry["valid_until"]) == ("2018-11-01", "2023-10-31")
    assert blocking == set()
    assert ("corrected_period", "valid_from") in notes


@pytest.mark.parametrize(
    ("period", "decided"),
    [
        ("2018.09.01-2023.08.13", "2017年10月4日"),  # a digit changed, not lost
        ("2018.09.01-2023.08.3", ""),  # no decision date read: nothing grants the start
        ("2018.09.01-2023.08.3", "2016年10月4日"),  # the decision cannot grant that start
        ("2018.09.01-2023.8.13", "2017年10月4日"),  # digits lost and moved across a separator
    ],
)
def test_an_end_that_is_no_lost_digit_form_or_has_no_grant_stays_flagged(period, decided):
    entry, blocking, _ = _entry(period, decided)
    assert entry["valid_until"] != "2023-08-31"
    assert ("registration_period", "valid_until") in blocking


def test_a_start_the_end_as_read_explains_is_no_restoration():
    # 2023.08.3 is also the end of a period from 2018-08-04; a start read 2018.08.4 (one lost
    # digit of 2018-08-04) makes that reading as likely as a lost digit in the end
    start, end = read_date("2018.08.4"), read_date("2023.08.3")
    assert start.value == "2018-08-04"
    assert lost_digit_end(start, end, "2018-03-01") is None
    start = read_date("2018.9.1")
    assert lost_digit_end(start, end, "2018-03-01") == ("2018-09-01", "2023-08-31", "valid_until")


# A conclusion that lost characters: 暂注册 (缓 under a seal's rim) is
# 暂缓注册, the only conclusion holding 暂; 注格 is a part of 注册合格 and of 注册不合格, and only
# a period that keeps the 5-year rule, with its decision date read, makes it 注册合格.


def _sticker(concl: str, period: str | None, decided: str = "2022年2月18日") -> tuple[dict, set]:
    texts = [f"注册结论：{concl}", "注册机构：东方市教育局", f"注册日期：{decided}"]
    if period is not None:
        texts.insert(1, f"有效期：{period}")
    lines = [Line(t, 0.99, (100, 100 + 40 * k, 500, 130 + 40 * k)) for k, t in enumerate(texts)]
    (s,) = group(lines)
    entry, found, _ = decode_sticker(s, 0)
    return entry, {(f.code, f.field.split(".")[-1]) for f in found if f.blocking}


def test_a_conclusion_that_lost_a_character_inside_is_the_one_it_is_a_part_of():
    entry, blocking = _sticker("暂注册", None)
    assert entry["conclusion"] == "暂缓注册"
    assert blocking == set()


def test_a_part_of_qualified_with_a_period_that_keeps_the_rule_is_qualified():
    entry, blocking = _sticker("注格", "2022-03-04至2027-03-03")
    assert entry["conclusion"] == "注册合格"
    assert blocking == set()


@pytest.mark.parametrize(
    ("period", "decided"),
    [
        (None, "2022年2月18日"),  # no period: 注册不合格 with 不 lost as well
        ("2022-03-04至2027-03-13", "2022年2月18日"),  # a period that breaks the rule
        ("2022-03-04至2027-03-03", "2020年2月18日"),  # a decision that cannot grant it
    ],
)
def test_a_part_of_qualified_without_a_sure_period_stays_unread(period, decided):
    entry, blocking = _sticker("注格", period, decided)
    assert entry["conclusion"] is None
    assert ("unknown_registration_conclusion", "conclusion") in blocking


# A period the second reading lost because its rows read again as no date at all (a tilted
# sticker's padded crop takes in the rows around): no rival to a first reading that keeps the
# rule. A row read again as another real date still is one.


def _first_and_again(period_again: str) -> tuple[object, list[Line]]:
    texts = ["注册结论：注册合格", "有效期：2016年9月29日至2021年9月28日", "注册机构：合阳县教育局",
             "注册日期：2016.09.10"]  # fmt: skip
    lines = [Line(t, 0.99, (100, 100 + 40 * k, 500, 130 + 40 * k)) for k, t in enumerate(texts)]
    (first,) = group(lines)
    again = [Line(period_again if k == 1 else t, 0.9, ln.box) for k, (t, ln) in
             enumerate(zip(texts, lines, strict=True))]  # fmt: skip
    return first, again


def test_period_rows_read_again_as_no_date_offer_no_rival():
    from scanning._sticker_again import period_unread

    first, again = _first_and_again("2：215月2日321年92")
    lost = {"conclusion": "注册合格", "valid_from": None, "valid_until": None}
    assert period_unread(first, again, lost)
    first, again = _first_and_again("有效期：2016年9月20日至2021年9月28日")
    assert not period_unread(first, again, lost)  # another real date: a rival
    first, again = _first_and_again("2：215月2日321年92")
    read = {**lost, "valid_from": "2016-09-29", "valid_until": "2021-09-28"}
    assert not period_unread(first, again, read)


# A 注册合格 sticker's period row the detector lost between two rows (a seal's ring over its
# end) is read where it stands, when the readings agree on a period that keeps the 5-year rule.

PERIOD_GAP_ROWS = [
    Line("注册结论：注册合格", 1.0, (118, 250, 278, 280)),
    Line("注册机构：石首市教育局", 1.0, (120, 324, 313, 358)),
    Line("注册日期：2020年09月22日", 1.0, (120, 364, 340, 396)),
]


def _period_gap_page(period: str | None) -> np.ndarray:
    img = Image.new("L", (760, 480), 236)
    d = ImageDraw.Draw(img)
    f = cjk_font(22)
    for ln in PERIOD_GAP_ROWS:
        d.text((ln.box[0] + 2, ln.box[1] + 3), ln.text, font=f, fill=40)
    if period:
        d.text((120, 290), f"有效期：{period}", font=f, fill=40)
    for r in (70, 66):
        d.ellipse((560 - r, 320 - r, 560 + r, 320 + r), outline=110, width=3)
    return np.repeat(np.asarray(img)[..., None], 3, axis=2)


def _period_of(lines: list[Line]) -> tuple[str | None, str | None]:
    (s,) = group(lines)
    return (s.start.value if s.start else None, s.end.value if s.end else None)


def test_a_period_row_lost_between_two_rows_is_read_where_it_stands():
    assert _period_of(PERIOD_GAP_ROWS) == (None, None)
    got = _sticker_gap.found(_period_gap_page("2020年10月2日至2025年10月1日"), PERIOD_GAP_ROWS)
    assert _period_of(got) == ("2020-10-02", "2025-10-01")


@pytest.mark.parametrize("period", [None, "2020年10月2日至2025年10月11日"])
def test_no_row_or_a_period_that_breaks_the_rule_adds_nothing(period):
    page = _period_gap_page(period)
    assert _sticker_gap.found(page, PERIOD_GAP_ROWS) == PERIOD_GAP_ROWS


def test_period_readings_cut_short_agree_but_two_periods_do_not():
    cut = "有效期：2020年10月2日至2025年10月1"
    whole = "有效期：2020年10月2日至2025年10月1日"
    says = _sticker_gap.period_row
    assert _sticker_gap.agreed([cut, whole, whole, "有效期：2020年"], says) == whole
    other = "有效期：2020年10月3日至2025年10月2日"
    assert _sticker_gap.agreed([whole, whole, other, other], says) is None
