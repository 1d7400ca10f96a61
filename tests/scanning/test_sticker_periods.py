"""Sticker periods read apart, misread or read twice differently (no OCR run): 自… rows, 至…
rows whose date no form reads, two ends read as one run, a label's value its office word
misread, and two readings of a period judged by the 5-year rule."""

from __future__ import annotations

from datetime import date

from scanning._agree import disagreements, failed_keys
from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._sticker_period import keeps_rule, period_unchecked
from scanning._sticker_read import _one_sticker
from scanning._stickers import group, near_conclusion, row_pieces

TODAY = date(2026, 12, 1)


def ln(text: str, x: int, y: int, w: int = 140, h: int = 32) -> Line:
    return Line(text, 0.98, (x, y, x + w, y + h))


def _grid(period: tuple[str, str], office: str = "湖南省教育厅") -> list[Line]:
    """A grid sticker: labels in one column, values right of them; the period's two lines
    (自… / 至…) with the label 有效期 level with the second."""
    return [
        ln("注册结论", 210, 507, 80), ln("合格", 299, 504, 50),
        ln(period[0], 303, 540), ln("有效期", 214, 564, 70), ln(period[1], 303, 570),
        ln("注册机关", 221, 630, 75), ln(office, 304, 621, 112),
        ln("注册时间", 221, 677, 75), ln("2024年6月20日", 307, 671, 115),
    ]  # fmt: skip


def _decoded(lines: list[Line]) -> list[tuple[dict[str, object], list[tuple[str, str, str]]]]:
    out = []
    for i, s in enumerate(group(lines)):
        entry, found, _ = decode_sticker(s, i, TODAY)
        out.append((entry, [(f.code, f.field, f.severity) for f in found]))
    return out


# -- 自 and 至 rows ----------------------------------------------------------------------------


def test_a_date_after_zi_is_a_period_start_and_zhi_with_unreadable_digits_an_end():
    start = row_pieces("自2024年9月1日")
    assert [(p.kind, p.dates[0].value) for p in start] == [("start", "2024-09-01")]
    # 月 read as 日: no date form reads it, but 至 and digits say it is the period's end
    end = row_pieces("至2029年8日31日")
    assert [(p.kind, p.dates[0].value, p.dates[0].text) for p in end] == [
        ("end", None, "2029年8日31日")
    ]
    labelled = row_pieces("有效期 至2029年8日31日")
    assert [(p.kind, p.dates[0].text) for p in labelled] == [("end", "2029年8日31日")]
    assert row_pieces("至20") == []  # too few digits for a date


def test_a_grid_sticker_whose_period_end_lost_its_month_mark_is_completed_by_the_rule():
    # Raw: the 至 row said nothing a piece reads and was dropped, the 自 date went unassigned,
    # and the entry was flagged: 注册合格 without a period.
    [(entry, found)] = _decoded(_grid(("自2024年9月1日", "至2029年8日31日")))
    assert entry == {
        "conclusion": "注册合格", "valid_from": "2024-09-01", "valid_until": "2029-08-31",
        "authority": "湖南省教育厅", "date": "2024-06-20",
    }  # fmt: skip
    assert found == [("corrected_period", "registrations[0].valid_until", "note")]


def test_must_still_flag_an_unreadable_end_the_rule_does_not_give():
    [(entry, found)] = _decoded(_grid(("自2024年9月1日", "至2029年6日30日")))
    assert entry["valid_until"] is None
    assert ("date_format", "registrations[0].valid_until", "error") in found


def test_a_start_read_below_its_end_is_its_start_and_the_rule_checks_the_pair():
    tilted = [ln("注册结论：合格", 60, 100, 300), ln("有效期 至2030年8月31日", 60, 150, 300),
              ln("自2025年9月1日", 60, 200, 300), ln("注册时间：2025年6月1日", 60, 250, 300)]
    [(entry, found)] = _decoded(tilted)
    assert (entry["valid_from"], entry["valid_until"]) == ("2025-09-01", "2030-08-31")
    assert not any(f.endswith(("valid_from", "valid_until")) for _, f, _ in found)
    other = [*tilted[:2], ln("自2023年3月1日", 60, 200, 300), tilted[3]]
    [(_, found)] = _decoded(other)
    assert ("registration_period", "registrations[0].valid_until", "error") in found


# -- a label's value that no piece reads ------------------------------------------------------


def test_a_labels_value_with_its_office_word_misread_is_read_as_the_labels_value():
    # Raw: 湖南省教育力 (厅 misread) ends in no office word, was dropped, and the entry had no
    # authority at all (missing); read as the label's value, the vocabulary settles it.
    [(entry, found)] = _decoded(_grid(("自2024年9月1日", "至2029年8月31日"), "湖南省教育力"))
    assert entry["authority"] == "湖南省教育厅"
    assert ("corrected_authority", "registrations[0].authority", "note") in found
    assert not any(sev != "note" for *_, sev in found)


def test_words_far_from_a_label_or_off_its_level_are_not_its_value():
    lines = _grid(("自2024年9月1日", "至2029年8月31日"), "湖南省教育力")
    moved = [ln("湖南省教育力", 304, 700, 112) if t.text == "湖南省教育力" else t for t in lines]
    [s] = group(moved)
    assert s.authority is None


# -- two ends read as one run ------------------------------------------------------------------


def test_a_period_read_as_one_run_of_digits_keeps_the_row_below_as_the_decision_date():
    # Raw: the run was the period's start and the decision date below became its end
    # (2017-02-25): the second reading then disputed a right period with the decision date.
    lines = [ln("注册合格 有效期限201703.09202.03.08", 170, 213, 380),
             ln("黔西南布依族苗族自治州望谟县教育局 2017.02.25", 170, 258, 430)]  # fmt: skip
    [s] = group(lines)
    assert s.end is not None and s.end.value is None
    assert s.date is not None and s.date.value == "2017-02-25"
    first = {
        "conclusion": "注册合格", "valid_from": "2017-03-09", "valid_until": "2022-03-08",
        "authority": "黔西南布依族苗族自治州望谟县教育局", "date": "2017-02-25",
    }  # fmt: skip
    got = _one_sticker(0)(lines)
    assert got is not None
    broke = failed_keys(got[1], "registrations[0]")
    found = disagreements(first, got[0], "registrations[0]", broke)
    assert {(f.code, f.field) for f in found} == {
        ("settled_reading", "registrations[0].valid_from"),
        ("settled_reading", "registrations[0].valid_until"),
    }


# -- two readings of a period and the 5-year rule ---------------------------------------------

FIRST = {"valid_from": "2020-06-10", "valid_until": "2025-06-09", "date": "2020-05-31"}
ENDS = frozenset({"valid_from", "valid_until"})


def test_a_second_period_that_breaks_the_rule_offers_no_rival_end():
    # Raw: 2070-06-10 / 2025-05-09 (a suggested end, no failed key) disputed both right ends.
    second = {"valid_from": "2070-06-10", "valid_until": "2025-05-09", "date": "2020-05-31"}
    assert period_unchecked(FIRST, second, frozenset()) == ENDS
    found = disagreements(FIRST, second, "registrations[1]", period_unchecked(FIRST, second,
                                                                              frozenset()))
    assert [(f.code, f.severity) for f in found] == [("settled_reading", "note")] * 2


def test_a_second_period_whose_start_its_decision_cannot_grant_offers_no_rival():
    # a whole 5-year period, but it begins fifty years after the decision
    second = {"valid_from": "2070-06-10", "valid_until": "2075-06-09", "date": "2020-05-31"}
    assert period_unchecked(FIRST, second, frozenset()) == ENDS


def test_must_still_flag_two_periods_that_both_keep_the_rule_or_a_first_that_breaks_it():
    other = {"valid_from": "2020-06-16", "valid_until": "2025-06-15", "date": "2020-05-31"}
    assert period_unchecked(FIRST, other, frozenset()) == frozenset()
    found = disagreements(FIRST, other, "registrations[1]", frozenset())
    assert {f.code for f in found} == {"ocr_disagreement"}
    broken = {"valid_from": "2020-06-10", "valid_until": "2025-05-09", "date": "2020-05-31"}
    second = {"valid_from": "2070-06-10", "valid_until": "2025-06-09", "date": "2020-05-31"}
    assert period_unchecked(broken, second, frozenset()) == frozenset()
    late = {**FIRST, "date": "2019-01-02"}  # decided more than a year before its period
    assert not keeps_rule(late)
    assert period_unchecked(late, second, frozenset()) == frozenset()


# -- an end whose digit a seal made impossible --------------------------------------------------


def test_a_start_no_real_date_one_digit_off_the_rule_is_offered_and_flagged():
    # 2017.0340 (a bitonal seal across 03.10) is no date; its 4 is no shape-alike of the
    # rule's 1, so nothing read proves the day (a day changed this way once made a whole
    # wrong period pass): the rule's start is offered, and a person confirms it.
    lines = [ln("注册结论：合格", 244, 318, 200),
             ln("有效期限：2017.0340-2022.03.09", 242, 341, 260),
             ln("注册机构：杭州市桐庐县教育局", 245, 373, 230),
             ln("注册日期：2017年02月09日", 244, 402, 200)]  # fmt: skip
    [(entry, found)] = _decoded(lines)
    assert (entry["valid_from"], entry["valid_until"]) == ("2017-03-10", "2022-03-09")
    assert found == [("date_suggested", "registrations[0].valid_from", "warning")]


def test_must_still_flag_a_start_two_digits_off_or_one_its_decision_cannot_grant():
    def period(text: str, when: str = "2017年02月09日") -> dict[str, object]:
        lines = [ln("注册结论：合格", 244, 318, 200), ln(f"有效期限：{text}", 242, 341, 260),
                 ln("注册机构：杭州市桐庐县教育局", 245, 373, 230),
                 ln(f"注册日期：{when}", 244, 402, 200)]  # fmt: skip
        return _decoded(lines)[0][0]

    assert period("2017.0540-2022.03.09")["valid_from"] is None  # month and day off
    # one digit off with no decision that grants it: offered only (see _decoded's findings)
    lines = [ln("注册结论：合格", 244, 318, 200),
             ln("有效期限：2017.0340-2022.03.09", 242, 341, 260),
             ln("注册日期：2015年02月09日", 244, 402, 200)]  # fmt: skip
    [(entry, found)] = _decoded(lines)
    assert ("date_suggested", "registrations[0].valid_from", "warning") in found


# -- a conclusion with one character misread ---------------------------------------------------


def test_a_full_conclusion_with_one_character_misread_is_that_conclusion_with_a_note():
    # Raw: 注册不会格 said nothing a piece reads: the entry had no conclusion (missing).
    lines = [ln("注册不会格", 253, 516, 100), ln("思南县教育局2022.05.10", 252, 543, 295)]
    [(entry, found)] = _decoded(lines)
    assert entry["conclusion"] == "注册不合格"
    assert ("corrected", "registrations[0].conclusion", "note") in found
    assert not any(sev != "note" for *_, sev in found)


def test_must_still_flag_a_near_conclusion_the_period_contradicts_or_two_near_ones():
    # 注册会格 is one character from 注册合格; with no period, the rule flags it
    lines = [ln("注册会格", 253, 516, 100), ln("思南县教育局2022.05.10", 252, 543, 295)]
    [(entry, found)] = _decoded(lines)
    assert ("registration_period", "registrations[0].valid_from", "error") in found
    assert row_pieces("注册结论") != [] and row_pieces("定期注册") == []  # labels, titles
    assert near_conclusion("注册会格 暂换注册") is None  # two conclusions that near
    assert near_conclusion("注册机关") is None and near_conclusion("会格") is None


def test_a_second_reading_that_found_no_period_is_no_rival_to_one_that_keeps_the_rule():
    # the second reading lost both ends without a finding of its own (2016-11-06 / None)
    second = {"valid_from": None, "valid_until": None, "date": "2020-05-31"}
    assert period_unchecked(FIRST, second, frozenset()) == ENDS
    found = disagreements(FIRST, second, "registrations[1]", period_unchecked(FIRST, second,
                                                                              frozenset()))
    assert not any(f.blocking for f in found)
    broken = {**FIRST, "valid_until": "2025-05-09"}  # a first that breaks the rule: flagged
    assert period_unchecked(broken, second, frozenset()) == frozenset()
