"""Registration dates: a date no field takes is reported, and a decision date read with a
separator lost is settled only where the registration rules leave one reading."""

from __future__ import annotations

from datetime import date

from scanning._datescan import separator_readings
from scanning._decision_date import settle
from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._stickers import group

TODAY = date(2026, 12, 5)


def _decoded(rows: list[str], around=(None, None)) -> list[tuple[dict, list]]:
    lines = [Line(t, 0.99, (200, 200 + 30 * k, 520, 222 + 30 * k)) for k, t in enumerate(rows)]
    return [decode_sticker(s, i, TODAY, page=3, around=around)[:2]
            for i, s in enumerate(group(lines))]  # fmt: skip


def _codes(found: list) -> set[tuple[str, str]]:
    return {(f.code, f.field) for f in found if f.blocking}


# -- a date left over ----------------------------------------------------------------------


def test_a_second_date_under_the_decision_label_is_reported_not_dropped():
    rows = ["结论：注册合格", "有效期：2020.01.01-2024.12.31", "注册机关：邢台市信都区教育局",
            "注册日期：2019.12.01 2019.11.20"]
    ((entry, found),) = _decoded(rows)
    assert entry["date"] == "2019-12-01"
    left = [f for f in found if f.code == "unassigned"]
    assert left and left[0].blocking and left[0].field == "registrations[0]"
    assert left[0].evidence["read"] == "2019.11.20" and left[0].evidence["page"] == 3
    assert "第 4 页" in left[0].message


def test_a_third_bare_date_beside_a_conclusion_and_its_decision_date_is_reported():
    ((entry, found),) = _decoded(["暂缓注册", "邢台市信都区教育局", "2019.12.01", "2019.11.20"])
    assert entry["date"] == "2019-12-01"
    assert ("unassigned", "registrations[0]") in _codes(found)


def test_an_entry_whose_dates_all_found_a_field_reports_none():
    ((entry, found),) = _decoded(["结论：注册合格", "有效期：2020.01.01-2024.12.31",
                                  "注册机关：邢台市信都区教育局", "注册日期：2019.12.01"])
    assert entry["date"] == "2019-12-01" and not _codes(found)


# -- a decision date with a separator lost -------------------------------------------------


def test_the_readings_of_a_date_with_a_separator_lost():
    assert separator_readings("2019.1221") == (
        "2019-01-21", "2019-12-01", "2019-12-11", "2019-12-21", "2019-12-31")
    assert separator_readings("2019.12.21") == ()


def test_the_lead_rule_leaves_one_reading_and_it_is_taken():
    # the period starts 2019-09-01: of 2019-01-21 and 2019-12-xx only January precedes it
    rows = ["结论：注册合格", "有效期：2019.09.01-2024.08.31", "注册机关：邢台市信都区教育局",
            "注册日期：2019.1221"]
    ((entry, found),) = _decoded(rows)
    assert entry["date"] == "2019-01-21"
    assert not _codes(found)
    note = [f for f in found if f.code == "corrected_date"]
    assert note and note[0].evidence["readings"] == ["2019-01-21"]


def test_several_readings_that_keep_every_rule_stay_flagged():
    rows = ["结论：注册合格", "有效期：2020.01.01-2024.12.31", "注册机关：邢台市信都区教育局",
            "注册日期：2019.1221"]
    ((entry, found),) = _decoded(rows)
    assert entry["date"] is None
    flag = [f for f in found if f.code == "date_ambiguous"]
    assert flag and len(flag[0].evidence["readings"]) == 5


def test_the_entries_around_decide_a_deferral_date():
    # 暂缓注册 has no period; the decisions above and below leave one of 2019-01-01/11/21/31
    assert settle("2019.0121", None, None, ("2019-01-15", "2019-01-25"), "2026-12-05") == (
        "2019-01-21", ("2019-01-21",))
    value, fit = settle("2019.0121", None, None, ("2019-01-10", "2019-02-01"), "2026-12-05")
    assert value is None and fit == ("2019-01-11", "2019-01-21", "2019-01-31")
    value, fit = settle("2019.0121", None, None, (None, None), "2026-12-05")
    assert value is None and len(fit) > 1


def test_a_period_the_five_year_rule_does_not_prove_decides_nothing():
    # a misread end: the start is no evidence for the decision date
    value, _ = settle("2019.1221", "2019-09-01", "2024-09-30", (None, None), "2026-12-05")
    assert value is None


def test_a_date_in_a_line_no_entry_was_read_from_is_reported():
    from scanning._sticker_dates import strays

    rows = ["结论：注册合格", "有效期：2020.01.01-2024.12.31", "注册日期：2019.12.01",
            "信都区教育局公章 2019.11.20"]  # a seal's lettering ran into the date: no entry's
    lines = [Line(t, 0.99, (200, 200 + 30 * k, 520, 222 + 30 * k)) for k, t in enumerate(rows)]
    found = strays(2, lines, group(lines))
    assert [(f.code, f.field, f.evidence["value"]) for f in found] == [
        ("unassigned", "registrations", "2019-11-20")]
    assert found[0].blocking and "第 3 页" in found[0].message
    assert not strays(2, lines[:3], group(lines[:3]))


# -- a date stamp read with some of its ring's letters ----------------------------------------


def _boxed(rows: list[tuple[str, tuple[int, int, int, int]]]) -> list[Line]:
    return [Line(t, 0.98, box) for t, box in rows]


_TWO = [
    ("注册结论：注册合格", (74, 201, 310, 248)),
    ("有效期：2019.9.1—2024.8.31", (81, 258, 427, 297)),
    ("市越秀区教局", (585, 300, 700, 330)),  # the ring's letters, in part: no known name
    ("2019.02.12", (545, 333, 688, 372)),
    ("注册结论：合格", (74, 491, 248, 540)),
    ("有效期：2024.9.1—2029.8.31", (80, 551, 426, 586)),
    ("2024.06.01", (541, 623, 684, 671)),
]


def test_a_stamp_read_with_part_of_its_ring_still_gives_its_entry_the_date():
    got = [decode_sticker(s, i, TODAY)[0] for i, s in enumerate(group(_boxed(_TWO)))]
    assert [e["date"] for e in got] == ["2019-02-12", "2024-06-01"]  # raw: a third "entry"
    assert all(e["authority"] is None for e in got)  # the office comes from the ring, or none


def test_a_known_office_beside_a_date_is_an_entry_of_its_own():
    rows = [r if r[0] != "市越秀区教局" else ("广州市越秀区教育局", r[1]) for r in _TWO]
    got = [decode_sticker(s, i, TODAY)[0] for i, s in enumerate(group(_boxed(rows)))]
    assert len(got) == 3 and got[2]["authority"] == "广州市越秀区教育局"


def test_the_ring_letters_are_no_part_of_the_entry():
    first = group(_boxed(_TWO))[0]
    assert "市越秀区教局" not in [r.text for r in first.rows]  # its recogniser score neither
