"""A turned letter of an office seal's ring read as a digit (``3t``) is no date written in the
seal: a red stamp printing only its conclusion and period is still taken as undated; a row of
digits in the seal, or a ring not read as an office, keeps the date missing."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _ocr, _stamps
from scanning._ocr import Line
from scanning._seal_ring import RingName
from scanning._seal_shape import Ring
from scanning._sections import decode_sticker
from scanning._stamp_lettering import dated

H, W = 1100, 780
STAMP = [
    Line("定期注册合格", 0.99, (205, 215, 400, 250)),
    Line("2016.09.01", 0.99, (215, 265, 390, 300)),
    Line("至2021.08.31", 0.99, (205, 315, 400, 350)),
]
RING = Ring(625.0, 359.0, 81.0)
OFFICE = RingName("唐山市遵化市教育局", ("唐山市遵化市教育局", "唐山市遵化市教育局"))
LETTER = Line("3t", 0.61, (666, 333, 692, 358))  # 局 on the rim, turned


def _read(monkeypatch: pytest.MonkeyPatch, sealed: tuple[Line, ...], seal: RingName):
    stamps = _stamps.Stamps(STAMP, True, (RING,), sealed=sealed)
    monkeypatch.setattr(_stamps, "read", lambda image: stamps)
    monkeypatch.setattr(_ocr, "reread", lambda pieces: [ln.text for ln in STAMP])
    monkeypatch.setattr(_stamps, "_seals", lambda *a: {0: seal})
    monkeypatch.setattr(_stamps, "_bordered", lambda ink, s: (True, False))
    img = np.full((H, W, 3), 240, np.uint8)
    return _stamps.page_entries(0, img, [], 0, 0, decode_sticker)


def _date_codes(found: list) -> list[tuple[str, bool]]:
    return [(f.code, f.blocking) for f in found if f.field == "registrations[0].date"]


def test_a_turned_letter_of_the_named_ring_is_no_date(monkeypatch):
    entries, found, _ = _read(monkeypatch, (LETTER,), OFFICE)
    assert entries[0]["date"] is None
    assert _date_codes(found) == [("stamp_undated", False)]


@pytest.mark.parametrize(
    ("sealed", "seal"),
    [
        ((Line("2016.4.21", 0.9, (560, 345, 690, 372)),), OFFICE),  # a date across the middle
        ((Line("21", 0.9, (640, 345, 670, 372)),), OFFICE),  # two digits: a date's piece
        ((Line("3", 0.9, (618, 350, 634, 368)),), OFFICE),  # a cell in the middle
        ((LETTER,), RingName(None, ("唐山市遵化市教", "唐山市遵化布教育局"))),  # ring unsure
        ((LETTER,), RingName("唐山市遵化市教育局", ("唐山市遵化市教育局", "2016.4.21"))),
    ],
)
def test_a_possible_date_in_the_seal_keeps_the_date_missing(monkeypatch, sealed, seal):
    _, found, _ = _read(monkeypatch, sealed, seal)
    assert ("missing", True) in _date_codes(found)


def test_two_seals_leave_every_digit_row_a_possible_date():
    assert dated((LETTER,), (RING, Ring(200.0, 800.0, 80.0)), [OFFICE]) == (LETTER,)
