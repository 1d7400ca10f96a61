"""A red 定期注册 stamp and the round seal beside it (session 15).

- A stamp the page reader also read as print (its red rows survived the red drop) is the same
  entry: it is no rival for the seal beside it, whose ring still names the stamp's office.
- A stamp that prints no date whose seal's ring could not be read: the office stays flagged
  (the seal prints it), but the date the stamp does not print is recorded as not printed.
"""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _ocr, _stamps
from scanning._ocr import Line
from scanning._seal_ring import RingName
from scanning._seal_shape import Ring
from scanning._sections import decode_sticker
from tests.scanning.test_seal_ring import NAME, _page


@pytest.mark.slow
def test_a_stamp_also_read_as_print_keeps_the_seal_beside_it():
    img = _page()
    rows = _stamps.read(img).lines  # the stamp's rows, as the page reader also read them
    assert len(rows) == 2
    entries, found, _ = _stamps.page_entries(4, img, rows, 0, 0, decode_sticker)
    # before: the printed copy of the stamp shared its box with it, and the seal went to
    # neither (its office was missing)
    assert [e["authority"] for e in entries] == [NAME]
    assert ("seal_authority", "registrations[0].authority") in {(f.code, f.field) for f in found}


STAMP = [
    Line("定期注册合格", 0.99, (205, 215, 400, 250)),
    Line("2017.01.01—2021.12.31", 0.99, (180, 265, 420, 300)),
]


def _read(monkeypatch: pytest.MonkeyPatch, reads: tuple[str, ...]):
    ring = Ring(560.0, 280.0, 90.0)
    monkeypatch.setattr(_stamps, "read", lambda image, *a: _stamps.Stamps(STAMP, True, (ring,)))
    monkeypatch.setattr(_ocr, "reread", lambda pieces: [ln.text for ln in STAMP])
    monkeypatch.setattr(_stamps._seal_ring, "seal_names", lambda *a: {0: RingName(None, reads)})
    img = np.full((1100, 780, 3), 240, np.uint8)
    for y0, y1 in ((215, 250), (265, 300)):  # red ink in the stamp's two rows: a red view
        for x in range(180, 420, 12):
            img[y0:y1, x : x + 6] = (205, 40, 45)
    return _stamps.page_entries(0, img, [], 0, 0, decode_sticker)


def _codes(found: list, field: str) -> list[tuple[str, bool]]:
    return sorted((f.code, f.blocking) for f in found if f.field == field)


def test_an_unread_seal_keeps_the_office_flagged_but_not_the_date_the_stamp_omits(monkeypatch):
    entries, found, _ = _read(monkeypatch, ("湖州市安吉县考总局", "湖州市安吉县总局"))
    assert entries[0]["authority"] is None and entries[0]["date"] is None
    assert _codes(found, "registrations[0].authority") == [
        ("missing", True), ("seal_authority_unread", False)
    ]
    assert _codes(found, "registrations[0].date") == [("stamp_undated", False)]


def test_a_seal_read_with_digits_may_hold_the_date(monkeypatch):
    # a ring read with a digit may be a date seal: the date stays missing
    _, found, _ = _read(monkeypatch, ("湖州市安吉县2017", "湖州市安吉县总局"))
    assert _codes(found, "registrations[0].date") == [("missing", True)]
