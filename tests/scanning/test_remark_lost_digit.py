"""A remark date one reading holds with a digit lost or added: the page order settles it."""

from __future__ import annotations

from dataclasses import replace

from scanning._ocr import Line, Reading
from scanning._remark_lost_digit import settle
from scanning._remarktext import Choice, choose


def _line(*texts: str) -> list[tuple[Line, Choice]]:
    c = choose([Reading(t, 0.97) for t in texts])
    c = replace(c, readings=texts)
    assert c.about == "date" and c.doubt  # two real dates: the lexicon cannot choose
    return [(Line(c.text, 0.97, (100, 100, 300, 130)), c)]


def test_a_date_a_view_read_with_a_digit_lost_is_settled_by_the_entry_above():
    # The entry above is dated 2017-10-19: 2017年1月18日 would break the page order.
    line = _line("2017年11月18日", "2017年11月18日", "2017年1月18日")
    [(ln, c)], notes = settle(line, ("2017-10-19", "2026-12-01"))
    assert ln.text == "2017年11月18日" and not c.doubt and c.corrected and len(notes) == 1


def test_a_digit_a_seal_stroke_added_is_settled_too():
    line = _line("2017年1月18日", "2017年11月18日", "2017年1月18日")
    [(ln, c)], notes = settle(line, ("2017-01-02", "2017-03-01"))
    assert ln.text == "2017年1月18日" and not c.doubt and notes


def test_must_still_flag_when_both_readings_fit_the_order():
    line = _line("2017年11月18日", "2017年11月18日", "2017年1月18日")
    [(ln, c)], notes = settle(line, ("2016-05-26", "2026-12-01"))
    assert c.doubt and notes == []


def test_must_still_flag_when_only_one_reading_holds_the_date_that_fits():
    line = _line("2017年11月18日", "2017年1月18日", "2017年1月18日")
    [(ln, c)], notes = settle(line, ("2017-10-19", "2026-12-01"))
    assert c.doubt and notes == []


def test_must_still_flag_readings_that_differ_in_more_than_a_digit_lost():
    # 2017年1月13日 is 2017年11月18日 with a digit lost and another changed: both may be wrong.
    line = _line("2017年11月18日", "2017年11月18日", "2017年1月13日")
    [(ln, c)], notes = settle(line, ("2017-10-19", "2026-12-01"))
    assert c.doubt and notes == []


def test_must_still_flag_a_date_inside_words_the_page_order_does_not_bound():
    line = _line("出生日期更正为2017年11月18日", "出生日期更正为2017年11月18日",
                 "出生日期更正为2017年1月18日")  # fmt: skip
    [(ln, c)], notes = settle(line, ("2017-10-19", "2026-12-01"))
    assert c.doubt and notes == []
