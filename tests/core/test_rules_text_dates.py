"""normalize_digits, slips, parse_cn_date, check_not_future and the year arithmetic."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import InvalidInput
from core.rules import check_not_future, normalize_digits, one_slip, parse_cn_date, slips
from core.rules._dates import add_years


def test_normalize_digits_maps_fullwidth_digits_letters_and_space():
    assert normalize_digits("１２３ａＢｘＸ　－") == "123aBxX -"
    assert normalize_digits("教师资格") == "教师资格"


@given(st.text(alphabet="0123456789abcXYZ-./ "))
def test_normalize_digits_is_identity_on_ascii(text):
    assert normalize_digits(text) == text


@given(st.text(alphabet="0123456789"))
def test_normalize_digits_undoes_fullwidth(text):
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in text)
    assert normalize_digits(fullwidth) == text


def test_slips_counts_places_read_as_another_character():
    assert slips("教育局", "教盲局") == 1
    assert slips("2019", "2018") == 1
    assert slips("2019", "2019") == 0
    assert slips("教育局", "较盲居") == 3
    with pytest.raises(ValueError):
        slips("2019", "219")


def test_one_slip_is_one_character_misread_never_one_lost_or_added():
    assert one_slip("教育局", "教盲局")
    assert not one_slip("教育局", "教育局")  # nothing misread
    assert not one_slip("教育局", "教局")  # a character lost is no slip
    assert not one_slip("2019", "20019")
    assert not one_slip("2019", "2108")


@pytest.mark.parametrize(
    "text",
    [
        "2019-07-01",
        "2019.07.01",
        "2019/7/1",
        "2019.7.1",
        "20190701",
        "2019年7月1日",
        "2019年07月01日",
        "2019年7月1号",
        "2019 年 7 月 1 日",
        "２０１９年７月１日",
        "２０１９－０７－０１",
        "二〇一九年七月一日",
        "二零一九年七月一日",
        "二○一九年七月一日",
        "二O一九年七月一日",
    ],
)
def test_parse_cn_date_accepts_printed_forms(text):
    assert parse_cn_date(text) == date(2019, 7, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二〇〇八年十二月三十一日", date(2008, 12, 31)),
        ("二〇二〇年二月廿九日", date(2020, 2, 29)),
        ("一九九八年十月二十日", date(1998, 10, 20)),
        ("二〇一一年十一月十日", date(2011, 11, 10)),
        ("二〇一一年一月卅一日", date(2011, 1, 31)),
    ],
)
def test_parse_cn_date_reads_chinese_numerals(text, expected):
    assert parse_cn_date(text) == expected


@pytest.mark.parametrize("text", ["2019年07月", "2019.07", "2019-7", "二〇一九年七月"])
def test_month_only_is_refused_by_default(text):
    with pytest.raises(InvalidInput) as caught:
        parse_cn_date(text, field="issue_date")
    assert (caught.value.field, caught.value.rule) == ("issue_date", "date_format")
    assert "缺少日" in caught.value.message


@pytest.mark.parametrize("text", ["2019年07月", "2019.07", "二〇一九年七月"])
def test_month_only_means_the_first_when_allowed(text):
    assert parse_cn_date(text, allow_month=True) == date(2019, 7, 1)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "2019-07/01",
        "19-07-01",
        "2019年13月1日",
        "2019-02-30",
        "2019年十十月一日",
        "二〇一九年十一十月一日",
        "2019年7月32日",
        "0000-01-01",
        "2019-00-10",
        "201907011",
    ],
)
def test_parse_cn_date_refuses_garbage_and_impossible_dates(text):
    with pytest.raises(InvalidInput) as caught:
        parse_cn_date(text)
    assert (caught.value.field, caught.value.rule) == ("date", "date_format")


@given(st.dates(min_value=date(1000, 1, 1)))
def test_parse_cn_date_round_trips_iso_and_chinese(d):
    assert parse_cn_date(d.isoformat()) == d
    assert parse_cn_date(f"{d.year}年{d.month}月{d.day}日") == d
    assert parse_cn_date(f"{d.year}.{d.month:02d}.{d.day:02d}") == d


def test_check_not_future():
    today = date(2024, 5, 1)
    check_not_future(today, field="issue_date", today=today)
    with pytest.raises(InvalidInput) as caught:
        check_not_future(today + timedelta(days=1), field="issue_date", today=today)
    assert (caught.value.field, caught.value.rule) == ("issue_date", "date_in_future")


def test_add_years_uses_month_end_for_29_february():
    assert add_years(date(2020, 2, 29), 5) == date(2025, 2, 28)
    assert add_years(date(2020, 2, 29), 4) == date(2024, 2, 29)
    assert add_years(date(2019, 3, 1), 5) == date(2024, 3, 1)
