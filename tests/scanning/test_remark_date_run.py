"""A numeric remark date whose separators a seal took (a run of digits), or whose year's digit a
seal's star made a Latin letter (2v24.09.19), is read again, like any broken date."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _ocr, _remark_dates
from scanning._ocr import Line, Reading
from scanning._remarks import entries

RUN = [
    Line("备注栏", 1.0, (309, 97, 440, 150)),
    Line("原证书遗失，经本人申请予以补发", 1.0, (97, 187, 404, 217)),
    Line("40250117", 0.89, (525, 224, 637, 258)),  # 2025.01.17 under a red seal's star
]


LETTER = [
    Line("备注栏", 1.0, (333, 121, 477, 186)),
    Line("经核查信息无误", 0.99, (122, 684, 382, 726)),
    Line("2v24.09.19", 0.9, (507, 747, 702, 791)),  # 2024.09.19 under a red seal's star
]


def _mended(monkeypatch: pytest.MonkeyPatch, views: list[str],
            page: list[Line] = RUN) -> list[str | None]:
    def readings(pieces, red=True):  # type: ignore[no-untyped-def]
        return [[Reading(t, 0.95) for t in views] for _ in pieces]

    monkeypatch.setattr(_ocr, "readings", readings)
    lines = _remark_dates.mend(np.zeros((10, 10, 3), np.uint8), page)
    return [r.date.value if r.date else None for r in entries(lines, "2015-08-28")]


def test_a_date_read_as_a_run_of_digits_is_read_again(monkeypatch: pytest.MonkeyPatch):
    # One view reads the date, the other its very digits with a mark broken: every digit is
    # read alike twice (the page's run differs in one digit only).
    assert _remark_dates.dateish("40250117")
    assert _mended(monkeypatch, ["2025.0117", "2025.01 17"]) == ["2025-01-17"]


@pytest.mark.parametrize(
    "views",
    [
        ["2025.0117", "4025 01 18"],  # two digits off: the 2 of the year rests on one view
        ["2025.0117", "2025.01.18"],  # two real dates
    ],
)
def test_must_leave_the_date_unread_when_its_digits_are_not_read_twice(monkeypatch, views):
    assert _mended(monkeypatch, views) == [None]


def test_a_year_with_a_letter_for_a_digit_is_read_again(monkeypatch: pytest.MonkeyPatch):
    assert _remark_dates.dateish("2v24.09.19")
    assert _mended(monkeypatch, ["2024.09.19", "2024.09.19"], LETTER) == ["2024-09-19"]


def test_readings_of_two_dates_leave_a_year_with_a_letter_broken(monkeypatch: pytest.MonkeyPatch):
    assert _mended(monkeypatch, ["2024.09.19", "2021.09.19"], LETTER) == [None]
