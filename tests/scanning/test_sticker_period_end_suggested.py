"""A period end lost or read as no date: the 5-year rule's date is offered, always flagged.

An end the rule completes without a read that proves it (not read at all, or read with a
digit of any kind changed) is only a suggestion: the value is shown, a person confirms it."""

from __future__ import annotations

from datetime import date

from scanning._datescan import DateRead
from scanning._ocr import Line
from scanning._period_rule import complete_period, suggested_period
from scanning._sections import decode_sticker
from scanning._stickers import group

Found = list[tuple[str, str, bool]]


def _decoded(*rows: str) -> tuple[dict[str, object], Found]:
    lines = [Line("注册合格", 1.0, (87, 186, 210, 225))]
    lines += [Line(t, 1.0, (87, 228 + 42 * k, 512, 262 + 42 * k)) for k, t in enumerate(rows)]
    lines.append(Line("陕西省教育厅", 1.0, (87, 400, 300, 434)))
    (s,) = group(lines)
    entry, found, _ = decode_sticker(s, 0, date(2026, 1, 1))
    return entry, [(f.code, f.field, f.blocking) for f in found]


END = "registrations[0].valid_until"


def test_an_end_never_read_is_the_rules_end_offered_for_review():
    entry, found = _decoded("有效期：2018.01.01")
    assert entry["valid_until"] == "2022-12-31"
    assert ("date_suggested", END, True) in found
    assert not any(c == "missing" and f == END for c, f, _ in found)


def test_an_end_that_lost_digits_is_offered_when_every_digit_read_agrees():
    for read in ("2024年8月日", "2024年", "202-12-31"):
        start = {"2024年8月日": "2019年9月1日", "2024年": "2019年9月1日"}.get(read, "2018年1月1日")
        entry, found = _decoded(f"有效期：{start}至{read}")
        assert ("date_suggested", END, True) in found, read
    assert _decoded("有效期：2019年9月1日至2024年8月日")[0]["valid_until"] == "2024-08-31"


def test_an_end_whose_read_digits_contradict_the_rule_is_not_offered():
    # 2007 read for 2017: the end read 2021… is no end of a period from 2007
    entry, found = _decoded("有效期：2007年1月1日至2021年2日")
    assert entry["valid_until"] is None
    assert ("date_format", END, True) in found


def test_a_start_lost_is_offered_from_the_end():
    assert suggested_period(None, DateRead("2026.08.31", "2026-08-31")) == (
        "2021-09-01", "2026-08-31", "valid_from")  # fmt: skip


def test_an_end_one_digit_of_any_kind_away_is_no_longer_proved_by_the_decision_date():
    # 2017.0340 for 2017.03.10: the 4 is no shape-alike of 1, so nothing read proves the day;
    # it was completed with a note (accepted); now it is offered and flagged
    start, end = DateRead("2012.03.11", "2012-03-11"), DateRead("2017.0340", None, "date_format")
    assert complete_period(start, end, "2012-02-01") is None
    assert suggested_period(start, end) == ("2012-03-11", "2017-03-10", "valid_until")
    entry, found = _decoded("有效期：2012.03.11至2017.0340", "2012年2月1日")
    assert entry["valid_until"] == "2017-03-10"
    assert ("date_suggested", END, True) in found


def test_an_end_with_a_shape_alike_digit_is_still_proved():
    start, end = DateRead("2021.09.01", "2021-09-01"), DateRead("2026.08.81", None, "date_format")
    assert complete_period(start, end, "2021-08-01") == ("2021-09-01", "2026-08-31", "valid_until")
