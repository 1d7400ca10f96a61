"""A period read as one run of digits (its 至 lost) after a label the reader garbled."""

from __future__ import annotations

from scanning._stickers import row_pieces


def _ranges(text: str) -> list[tuple[str | None, str | None]]:
    return [
        (p.dates[0].value, p.dates[1].value) for p in row_pieces(text) if p.kind == "range"
    ]


def test_run_after_a_misread_label_is_split_into_the_five_year_period():
    # 有效期 read as 有数期 (no label then), 2020.01.19 至 2025.01.18 with the 至 lost
    assert _ranges("有数期：2020.01.192025.01.18") == [("2020-01-19", "2025-01-18")]


def test_run_that_splits_into_no_period_is_no_range():
    # two whole dates but not five years less a day apart, and no mark between them: the
    # split point is not proved, so no period is made of the run
    assert _ranges("有数期：2020.01.192024.01.18") == []


def test_dates_outside_the_run_keep_the_run_as_read():
    # a second date beside the run: the row is not one period, nothing is split
    got = row_pieces("有数期：2020.01.192025.01.18 2019.12.01")
    assert not any(p.kind == "range" and p.dates[0].value == "2020-01-19" for p in got)


def test_unlabelled_period_with_a_garbled_end_is_a_period_not_a_decision_date():
    # 2027年6月30日 with its 月 read as 日: the row is a period whose end is unread
    got = row_pieces("2022年7月1日至2027年6日30日")
    assert [p.kind for p in got] == ["range"]
    assert got[0].dates[0].value == "2022-07-01"
    assert got[0].dates[1].value is None and got[0].dates[1].text == "2027年6日30日"


def test_lone_decision_date_stays_a_date():
    assert [p.kind for p in row_pieces("2022.04.11")] == ["bare"]


def _decoded(
    period: str, decided: str | None = None
) -> tuple[dict[str, object], list[tuple[str, str, bool]]]:
    from datetime import date

    from scanning._ocr import Line
    from scanning._sections import decode_sticker
    from scanning._stickers import group

    lines = [
        Line("注册合格", 1.0, (87, 186, 210, 225)),
        Line(period, 1.0, (87, 228, 512, 269)),
        Line("陕西省教育厅", 1.0, (87, 272, 300, 305)),
    ]  # no decision date read: nothing but the period's own ends can prove it
    if decided:
        lines.append(Line(decided, 1.0, (87, 310, 300, 340)))
    (s,) = group(lines)
    entry, found, _ = decode_sticker(s, 0, date(2026, 1, 1))
    return entry, [(f.code, f.field, f.blocking) for f in found]


def test_garbled_end_whose_digits_are_the_rules_end_is_that_end():
    entry, found = _decoded("2022年7月1日至2027年6日30日", "2022年4月11日")
    assert (entry["valid_from"], entry["valid_until"]) == ("2022-07-01", "2027-06-30")
    assert ("corrected_period", "registrations[0].valid_until", False) in found
    assert not any(b for *_, b in found)


def test_a_period_resting_on_one_read_without_a_decision_date_is_flagged():
    # the same glyph misread in both ends (04 read as 01) still keeps the 5-year rule: only
    # the decision date, read apart, proves a period split from one run or spelled by the rule
    for period in ("有数期：2020.01.192025.01.18", "2022年7月1日至2027年6日30日"):
        entry, found = _decoded(period)
        assert entry["valid_from"] is not None
        assert ("unconfirmed", "registrations[0].valid_from", True) in found
    # a decision that cannot grant the start (after it) proves nothing either
    _, found = _decoded("有数期：2020.01.192025.01.18", "2020年3月5日")
    assert any(b for *_, b in found)
    _, found = _decoded("有数期：2020.04.192025.04.18", "2020年3月5日")
    assert not any(b for *_, b in found)


def test_garbled_end_with_other_digits_stays_flagged():
    entry, found = _decoded("2022年7月1日至2028年6日30日")
    assert entry["valid_until"] != "2027-06-30" or any(b for *_, b in found)
    assert any(b and "valid" in f for _, f, b in found)
