"""A period end cut short (a seal over its day, the paper's edge): 注册有效期:2022-01-01至2026-12封.

The visible beginning of the end plus the 5-year rule may prove it: accepted (with a note) only
when exactly one end fits the visible digits, counting every end the start gives as read or
with one shape-alike digit changed (the cut end can no longer check the start), and the decision
date precedes the start; otherwise it stays flagged.
"""

from __future__ import annotations

from scanning._datescan import DateRead
from scanning._ocr import Line
from scanning._period_rule import complete_period
from scanning._sections import decode_sticker
from scanning._stickers import group


def _sticker(period: str, decided: str = "2021.12.17") -> tuple[dict, set[tuple[str, str]]]:
    rows = ("结论：注册合格", f"注册有效期:{period}", "注册机构：通山县教育和体育局", decided)
    lines = [Line(t, 0.99, (200, 200 + 30 * k, 520, 222 + 30 * k)) for k, t in enumerate(rows)]
    (s,) = group(lines)
    entry, found, _ = decode_sticker(s, 0)
    return entry, {(f.code, f.field.split(".")[-1]) for f in found}


def test_a_cut_period_end_is_proven_by_its_visible_digits_and_the_5_year_rule():
    # Raw: 2026-12封 is no date, so the end was unread (date_format, blocking).
    entry, found = _sticker("2022-01-01至2026-12封")
    assert (entry["valid_from"], entry["valid_until"]) == ("2022-01-01", "2026-12-31")
    assert ("corrected_period", "valid_until") in found
    assert not any(code in ("date_format", "registration_period") for code, _ in found)


def test_a_cut_end_two_readings_of_the_start_fit_stays_flagged():
    # 2021-12-11 gives 2026-12-10; 2021-12-17 (1 read for 7) gives 2026-12-16: both "2026-12".
    entry, found = _sticker("2021-12-11至2026-12封", decided="2021.11.20")
    assert entry["valid_until"] == "2026-12-10"  # the start as read gives it: only offered
    assert ("date_suggested", "valid_until") in found


def test_a_cut_end_needs_its_year_and_month_and_a_decision_before_the_start():
    start = DateRead("2022-01-01", "2022-01-01")
    assert complete_period(start, DateRead("2026", None, "date_format"), "2021-12-17") is None
    cut = DateRead("2026-12", None, "date_format")
    assert complete_period(start, cut, "2021-12-17") == ("2022-01-01", "2026-12-31",
                                                         "valid_until")  # fmt: skip
    assert complete_period(start, cut, "2023-05-01") is None  # decided after the start
    assert complete_period(start, DateRead("2027-01", None, "date_format"), "2021-12-17") is None


def test_a_cut_start_is_proven_the_same_way():
    end = DateRead("2026-12-31", "2026-12-31")
    cut = DateRead("2022-01", None, "date_format")
    assert complete_period(cut, end, "2021-12-17") == ("2022-01-01", "2026-12-31", "valid_from")
