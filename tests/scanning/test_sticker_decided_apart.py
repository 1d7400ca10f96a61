"""A 注册合格 whose decision date, as read, cannot grant the period it prints is flagged.

Fifth generator (f30) 0006_cam: 2014.10.27 under a seal read 2011.10.27 for a period from
2014-11-02; only the seal's re-read view flagged it. A decision comes at most a year before
its period starts (``core.rules.decided_ahead``), so the reading alone shows a digit misread.
"""

from __future__ import annotations

from scanning._datescan import find_dates
from scanning._ocr import Line
from scanning._sticker_decode import decode_sticker
from scanning._stickers import Sticker, group

_ROWS = [
    ("经审核，定期注册合格。", (123, 511, 396, 541)),
    ("有效期自2014年11月2日至", (122, 554, 460, 590)),
    ("2019年11月1日止。", (124, 601, 368, 632)),
    ("2014.10.27", (497, 662, 687, 697)),
]


def _sticker(decided: str) -> Sticker:
    (s,) = group([Line(t, 0.99, box) for t, box in _ROWS])
    s.date = find_dates(decided)[0].read
    return s


def _flags(decided: str) -> list[str]:
    _, found, _ = decode_sticker(_sticker(decided), 0)
    return [f.code for f in found if f.field == "registrations[0].date" and f.blocking]


def test_a_decision_years_before_its_period_is_flagged() -> None:
    assert _flags("2011.10.27") == ["registration_period"]


def test_a_decision_after_its_period_began_is_flagged() -> None:
    assert _flags("2014.12.27") == ["registration_period"]


def test_a_decision_within_the_year_before_is_not() -> None:
    assert _flags("2014.10.27") == []
    assert _flags("2013.11.02") == []
