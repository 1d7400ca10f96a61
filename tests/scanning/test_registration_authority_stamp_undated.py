"""A red 定期注册合格 stamp printing only its conclusion and period has no decision date on the
page: the entry's date is recorded as not printed (a note) instead of ``missing`` (blocking),
only when the stamp was read whole and nothing red on the page is left unread."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _ocr, _stamps
from scanning._ocr import Line
from scanning._seal_shape import Ring
from scanning._sections import decode_sticker

H, W = 1100, 780
STAMP = [
    Line("定期注册合格", 0.99, (205, 215, 400, 250)),
    Line("2017.01.01", 0.99, (215, 265, 390, 300)),
    Line("至2021.12.31", 0.99, (205, 315, 400, 350)),
]
OFFICE = Line("注册机关：嵊泗县教育局", 0.99, (205, 365, 480, 400))


def _read(monkeypatch: pytest.MonkeyPatch, lines: list[Line], **more: object):
    monkeypatch.setattr(_stamps, "read", lambda image: _stamps.Stamps(lines, True, **more))
    monkeypatch.setattr(_ocr, "reread", lambda pieces: [ln.text for ln in lines])
    img = np.full((H, W, 3), 240, np.uint8)
    return _stamps.page_entries(0, img, [], 0, 0, decode_sticker)


def _date_codes(found: list) -> list[tuple[str, bool]]:
    return [(f.code, f.blocking) for f in found if f.field == "registrations[0].date"]


def test_a_whole_stamp_without_a_date_is_not_sent_for_a_date(monkeypatch):
    entries, found, conf = _read(monkeypatch, [*STAMP, OFFICE])
    assert entries[0]["valid_until"] == "2021-12-31" and entries[0]["date"] is None
    assert _date_codes(found) == [("stamp_undated", False)]
    assert not any(f.blocking for f in found) and conf >= 0.9


@pytest.mark.parametrize(
    "more",
    [
        {"odd": (Line("审核■■", 0.8, (205, 415, 400, 450)),)},  # red text read as nothing
        {"sealed": (Line("2016.9.2", 0.9, (600, 300, 700, 330)),)},  # a date inside the seal
    ],
)
def test_red_ink_left_unread_keeps_the_date_missing(monkeypatch, more):
    _, found, _ = _read(monkeypatch, [*STAMP, OFFICE], **more)
    assert _date_codes(found) == [("missing", True)]


def test_a_stamp_whose_seal_was_not_read_stays_flagged(monkeypatch):
    # a seal is on the page but its ring was not read: its office is missing, nothing settled
    monkeypatch.setattr(_stamps._seal_ring, "seal_names", lambda *a: {})
    _, found, _ = _read(monkeypatch, STAMP, rings=(Ring(650.0, 300.0, 90.0),))
    assert ("missing", True) in _date_codes(found)
    assert ("missing", True) in _codes(found, "registrations[0].authority")


def test_a_stamp_on_a_page_without_any_seal_prints_no_office(monkeypatch):
    # 定期注册合格 and the period only, no seal anywhere: neither office nor date is on the page
    entries, found, conf = _read(monkeypatch, STAMP)
    assert entries[0]["authority"] is None and entries[0]["date"] is None
    assert _date_codes(found) == [("stamp_undated", False)]
    assert _codes(found, "registrations[0].authority") == [("stamp_undated", False)]
    assert not any(f.blocking for f in found) and conf >= 0.9


def _codes(found: list, field: str) -> list[tuple[str, bool]]:
    return [(f.code, f.blocking) for f in found if f.field == field]


def test_a_period_that_breaks_the_five_year_rule_settles_nothing(monkeypatch):
    broken = [STAMP[0], STAMP[1], Line("至2021.12.30", 0.99, STAMP[2].box), OFFICE]
    _, found, _ = _read(monkeypatch, broken)
    assert "stamp_undated" not in {f.code for f in found}
    assert any(f.blocking for f in found)


def test_a_deferral_stamp_on_a_page_without_any_seal_prints_no_office(monkeypatch):
    deferred = [Line("定期注册暂缓", 0.99, (205, 215, 400, 250)),
                Line("2024年7月9日", 0.99, (215, 265, 390, 300))]
    entries, found, _ = _read(monkeypatch, deferred)
    assert entries[0]["conclusion"] == "暂缓注册" and entries[0]["date"] == "2024-07-09"
    assert _codes(found, "registrations[0].authority") == [("stamp_undated", False)]
    assert not any(f.blocking for f in found)


# A grey stamp read as print: its rows alone in a tight border, or a printed sticker's frame.
_ROWS = [Line("定期注册合格", 0.99, (400, 150, 520, 175)),
         Line("2024.09.16", 0.99, (410, 185, 510, 210)),
         Line("至2029.09.15", 0.99, (400, 220, 520, 245))]


def _sticker(lines: list[Line]):
    from scanning._stickers import group

    [s] = group(lines)
    return s


def test_a_grey_stamp_alone_in_its_border_is_a_stamp():
    from scanning._stamp_undated import framed_alone

    s = _sticker(_ROWS)
    assert framed_alone(s, [(380, 135, 540, 260)], _ROWS)


def test_a_printed_stickers_frame_holding_more_print_is_no_stamp():
    from scanning._stamp_undated import framed_alone

    s = _sticker(_ROWS)
    label = Line("注册机关：", 0.99, (400, 250, 480, 270))  # a blank the sticker prints
    assert not framed_alone(s, [(380, 135, 700, 340)], [*_ROWS, label])  # a wide frame
    assert framed_alone(s, [(380, 135, 540, 280)], _ROWS)  # tight enough ...
    assert not framed_alone(s, [(380, 135, 540, 280)], [*_ROWS, label])  # ... but print in it
    assert not framed_alone(s, [], _ROWS)  # no border at all
