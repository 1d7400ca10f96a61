"""The issue date read in every printed form, with what its box caught around it cut, and a
damaged read suggested (always flagged) instead of left empty."""

from __future__ import annotations

from scanning._date_repair import dates_of, suggest, suggestion
from scanning._date_rules import cut_date_tail
from scanning._ocr import Reading
from tests.scanning._views import views
from tests.scanning.test_decode import TODAY, accepted, alts, codes, flagged, run


def _cut(text: str) -> str:
    return cut_date_tail(Reading(text, 0.9)).text


def test_seal_lettering_before_a_date_in_chinese_numerals_is_cut() -> None:
    assert _cut("教师资格二〇二四年二月十日") == "二〇二四年二月十日"
    assert _cut("数师资格2024年2月10日") == "2024年2月10日"


def test_seal_legend_after_a_blurred_day_is_cut() -> None:
    assert _cut("2005年8月登l日定专用章") == "2005年8月登l日"
    assert _cut("2005年2月21定专用章") == "2005年2月21"


def test_a_head_or_tail_that_may_hold_a_digit_is_kept() -> None:
    assert _cut("l998年1月1日") == "l998年1月1日"
    assert _cut("期015年07月01日") == "期015年07月01日"
    assert _cut("2015年07月01日5") == "2015年07月01日5"


def test_issue_date_in_chinese_numerals_after_seal_lettering_is_accepted() -> None:
    out = run(issue_date="教师资格二〇一五年七月一日")
    assert accepted(out["issue_date"], "2015-07-01")


def test_full_width_issue_date_is_accepted() -> None:
    out = run(issue_date="２０１５年７月１日")
    assert accepted(out["issue_date"], "2015-07-01")


def test_clean_readings_beside_readings_with_the_seal_legend_decide_the_date() -> None:
    # Re-reads that ran on into the seal's legend no longer drown the clean ones.
    a, b = alts("2015年8月登l日定专用章", {}, 0.85), alts("2015年&月资日定专用章", {}, 0.88)
    clean = alts("2015年7月1日", {}, 0.95)
    out = run(issue_date=[a, a, clean, clean, b, b])
    assert out["issue_date"].value == "2015-07-01"


def _suggested(*texts: str) -> tuple[object, set[str]]:
    # Each text from its own view (identical readings are the same pixels and count once).
    readings = [r for t in dict.fromkeys(texts) for r in views(Reading(t, 0.95), texts.count(t))]
    out = run(issue_date=readings)
    suggest({"issue_date": readings}, out, TODAY)
    return out["issue_date"].value, codes(out["issue_date"])


def test_seal_character_inside_a_date_is_suggested_and_flagged() -> None:
    value, found = _suggested("2015年07用月01日", "2015年07用月01日")
    assert value == "2015-07-01" and "date_suggested" in found
    out = run(issue_date=[Reading("2015年07用月01日", 0.95)] * 2)
    suggest({"issue_date": [Reading("2015年07用月01日", 0.95)]}, out, TODAY)
    assert flagged(out["issue_date"])


def test_a_date_two_repairs_apart_is_not_suggested() -> None:
    # 2015年1用月01日 may be 1月 or 1?月: only the number's year is known, the month is not.
    assert suggestion(["2015年1用月01日", "2015年12用月01日"], TODAY, "2015") is None


def test_lost_separator_leaves_every_reading_it_can_mean() -> None:
    assert dates_of("201512.01", TODAY, "2015") == {"2015-12-01", "2015-01-01", "2015-02-01"}
    assert dates_of("202005.19", TODAY, "2020") == {"2020-05-19"}


def test_year_with_a_lost_digit_takes_only_the_number_year() -> None:
    assert dates_of("219年5月11日", TODAY, "2019") == {"2019-05-11"}
    assert dates_of("219年5月11日", TODAY, "2021") == set()


def test_a_suggestion_of_another_year_than_the_number_is_not_made() -> None:
    assert suggestion(["2016年07用月01日"], TODAY, "2015") is None


def test_a_number_cut_short_still_gives_its_year_when_its_readings_agree() -> None:
    from scanning._date_repair import cert_year
    from scanning._validate import Value

    values = {"certificate_number": Value("2005530424", 0.0)}
    cut = [Reading("2005530424", 0.9), Reading("20055304241", 0.9)]
    assert cert_year(values, cut) == "2005"
    assert cert_year(values, [*cut, Reading("2006530424", 0.9)]) is None
    assert cert_year(values, cut[:1]) is None


def test_a_damaged_date_beside_a_whole_one_of_another_year_takes_the_numbers_year() -> None:
    texts = ["2005年月", "2003年2月21日", "2005年2月21日"]
    assert suggestion(texts, TODAY, None) is None
    assert suggestion(texts, TODAY, "2005") == "2005-02-21"


def test_a_month_the_decoder_changed_is_flagged_but_a_misread_unit_is_not() -> None:
    value, found = _suggested("2015年70月1日", "2015年70月1日")
    assert value == "2015-10-01" and "date_suggested" in found
    value, found = _suggested("2015年07月01曰", "2015年07月01曰")
    assert value == "2015-07-01" and "date_suggested" not in found
    value, found = _suggested("215年07月01日", "215年07月01日")  # the number proves the year
    assert value == "2015-07-01" and "date_suggested" not in found


def test_month_and_day_are_found_after_a_year_with_a_letter_or_a_word_before_it() -> None:
    from scanning._date_repair import month_day

    assert month_day("2O15年07月01日") == (7, 1)
    assert month_day("期2015年07月01日") == (7, 1)
    assert month_day("二○二〇生二月十八日") == (2, 18)
    assert month_day("2015年07月011日") is None
    assert month_day("201507.01") is None
