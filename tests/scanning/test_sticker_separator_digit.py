"""A period end whose separator was read as a digit (2027206.30 for 2027.06.30, the dot under a
seal's ring): every digit of the rule's end read, in place; proved as a spelled end is."""

from __future__ import annotations

from datetime import date

from scanning._datescan import DateRead
from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._sticker_period import spelled_end
from scanning._stickers import group

START = DateRead("2022.07,01", "2022-07-01")


def test_a_separator_read_as_a_digit_spells_the_rules_end():
    end = DateRead("2027206.30", None, "date_format")
    assert spelled_end(START, end) == ("2022-07-01", "2027-06-30", "valid_until")


def test_other_digits_or_a_second_extra_digit_spell_nothing():
    for read in ("2027206.31", "20272063.30", "202720630", "2027206230"):
        assert spelled_end(START, DateRead(read, None, "date_format")) is None, read


def _decoded(*rows: str) -> list[tuple[str, str, bool]]:
    lines = [Line("注册结论：注册合格", 1.0, (193, 225, 380, 253))]
    lines += [Line(t, 1.0, (193, 262 + 36 * k, 501, 292 + 36 * k)) for k, t in enumerate(rows)]
    (s,) = group(lines)
    entry, found, _ = decode_sticker(s, 0, date(2026, 1, 1))
    assert (entry["valid_from"], entry["valid_until"]) == ("2022-07-01", "2027-06-30")
    return [(f.code, f.field, f.blocking) for f in found]


def test_with_a_decision_date_that_grants_the_start_the_end_is_proved():
    found = _decoded("有效期：2022.07,01—2027206.30", "注册机构：廊坊市大城县教育局",
                     "注册日期：2022-02-09")  # fmt: skip
    assert not any(b for *_, b in found)
    assert ("corrected_period", "registrations[0].valid_until", False) in found


def test_without_a_decision_date_it_rests_on_one_read_and_is_flagged():
    found = _decoded("有效期：2022.07,01—2027206.30", "注册机构：廊坊市大城县教育局")
    assert ("unconfirmed", "registrations[0].valid_from", True) in found
