"""A column of date stamps whose first date was read with a dash before it (-2015.02.11: the
stamp's band read as a dash) is still a column of lone decision dates, not a phantom entry
whose period end is that date."""

from __future__ import annotations

from scanning._ocr import Line
from scanning._stickers import group

ROWS = [
    ("-2015.02.11", (481, 179, 614, 216)),
    ("注册合格", (135, 185, 300, 248)),
    ("自2015年03月01日", (143, 248, 318, 295)),
    ("至2020年02月29日", (144, 284, 327, 333)),
    ("漳州市教育局", (144, 324, 285, 368)),
    ("2019.11.12", (503, 440, 621, 477)),
    ("合格", (143, 444, 232, 501)),
    ("自2020年03月01日", (147, 504, 335, 546)),
    ("至2025年02月28日", (147, 540, 342, 583)),
    ("漳州市教育局", (148, 578, 289, 619)),
    ("合格", (173, 648, 263, 704)),
    ("2024.11.23", (532, 681, 650, 715)),
    ("自2025年03月01日", (174, 713, 347, 753)),
    ("至2030年02月28日", (170, 750, 346, 790)),
    ("漳州市教育局", (167, 786, 307, 826)),
]


def test_a_dashed_stamp_date_goes_to_the_entry_it_stands_beside():
    got = group([Line(t, 1.0, b) for t, b in ROWS])
    assert len(got) == 3  # was five: the dates' column made two entries of its own
    assert [s.date.value if s.date else None for s in got] == [
        "2015-02-11", "2019-11-12", "2024-11-23"]  # fmt: skip
    assert [s.end.value if s.end else None for s in got] == [
        "2020-02-29", "2025-02-28", "2030-02-28"]  # fmt: skip


def test_a_dashed_date_under_a_start_is_still_that_periods_end():
    rows = [("注册合格", (100, 100, 300, 130)), ("2016.09.01", (100, 140, 300, 170)),
            ("-2021.08.31", (100, 180, 300, 210)), ("泸定县教育局", (100, 220, 300, 250))]
    (s,) = group([Line(t, 1.0, b) for t, b in rows])
    assert s.start and s.end and (s.start.value, s.end.value) == ("2016-09-01", "2021-08-31")
