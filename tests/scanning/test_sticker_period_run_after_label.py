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
