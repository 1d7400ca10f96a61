"""Sticker lines whose last date the detector cut short, read again widened (issue 12, wave 9).
OCR is faked: the widened box 'reads' the given views."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _ocr, _widen
from scanning._ocr import Line, Reading
from scanning._stickers import group

PAGE = np.full((1100, 800, 3), 250, np.uint8)
CUT = Line("有效期:2016-09-01至2021-08", 1.0, (105, 302, 431, 333))
ROWS = [
    Line("结论:合格", 1.0, (101, 261, 214, 296)),
    CUT,
    Line("注册机关:磴口县教育和体育局", 0.99, (105, 340, 415, 371)),
    Line("日期:2016年7月19日", 1.0, (105, 380, 321, 410)),
]


def views(monkeypatch: pytest.MonkeyPatch, texts: list[str]) -> list[tuple[int, ...]]:
    seen: list[tuple[int, ...]] = []

    def readings(pieces, red=True):
        seen.extend(box for _, box in pieces)
        return [[Reading(t, 0.98) for t in texts] for _ in pieces]

    monkeypatch.setattr(_ocr, "readings", readings)
    return seen


def period(lines: list[Line]) -> tuple[str | None, str | None]:
    (s,) = group(lines)
    return (s.start.value if s.start else None, s.end.value if s.end else None)


def test_a_period_end_cut_short_is_completed_when_the_views_agree(monkeypatch):
    # Read from two booklets: the box stopped at 2021-08 and the period lost its end
    # (未识别到有效期截止日期); the widened views read it, and the seal's lettering after it.
    seen = views(monkeypatch, ["有效期:2016-09-01至2021-08-31育和"] * 2)
    lines = _widen.complete(PAGE, ROWS)
    assert seen == [(105, 302, 524, 333)]  # 3 heights wider, short of the page edge
    assert period(lines) == ("2016-09-01", "2021-08-31")


@pytest.mark.parametrize(
    "again",
    [
        ["有效期:2016-09-01至2021-08-31", "有效期:2016-09-01至2021-08-30"],  # views differ
        ["有效期:2016-09-07至2021-08-31"] * 2,  # the start changed too: not a completion
        ["有效期:2016-09-01至2021-08"] * 2,  # still cut
    ],
)
def test_views_that_disagree_or_change_more_leave_the_end_missing(monkeypatch, again):
    views(monkeypatch, again)
    assert period(_widen.complete(PAGE, ROWS)) == ("2016-09-01", None)


def test_only_lines_ending_in_a_cut_date_are_read_again():
    assert _widen.cut_short("有效期:2016-09-01至2021-08")
    assert _widen.cut_short("至2021年8月")
    assert not _widen.cut_short("有效期:2016-09-01至2021-08-31")
    assert not _widen.cut_short("注册机关:磴口县教育和体育局")
