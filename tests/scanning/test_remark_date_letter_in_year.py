"""A numeric remark date whose year's digit a seal's star made a Latin letter (2v24.09.19) is
read again, like any broken date."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _ocr, _remark_dates
from scanning._ocr import Line, Reading
from scanning._remarks import entries

PAGE = [
    Line("备注栏", 1.0, (333, 121, 477, 186)),
    Line("经核查信息无误", 0.99, (122, 684, 382, 726)),
    Line("2v24.09.19", 0.9, (507, 747, 702, 791)),  # 2024.09.19 under a red seal's star
]


def _mended(monkeypatch: pytest.MonkeyPatch, views: list[str]) -> list[str | None]:
    def readings(pieces, red=True):  # type: ignore[no-untyped-def]
        return [[Reading(t, 0.95) for t in views] for _ in pieces]

    monkeypatch.setattr(_ocr, "readings", readings)
    lines = _remark_dates.mend(np.zeros((10, 10, 3), np.uint8), PAGE)
    return [r.date.value if r.date else None for r in entries(lines, "2015-08-28")]


def test_a_year_with_a_letter_for_a_digit_is_read_again(monkeypatch: pytest.MonkeyPatch):
    assert _remark_dates.dateish("2v24.09.19")
    assert _mended(monkeypatch, ["2024.09.19", "2024.09.19"]) == ["2024-09-19"]


def test_readings_of_two_dates_leave_it_broken(monkeypatch: pytest.MonkeyPatch):
    assert _mended(monkeypatch, ["2024.09.19", "2021.09.19"]) == [None]


def test_words_with_a_letter_are_no_date():
    assert not _remark_dates.dateish("Tel 2a3.4")
    assert not _remark_dates.dateish("经核查信息无误")
