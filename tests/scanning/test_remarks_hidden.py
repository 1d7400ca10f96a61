"""Session 14: a remark line a grey seal hid from the page's detector, found by its ink."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _ocr, _remark_dates
from scanning._ocr import Line
from scanning._seal_shape import Ring


def _page() -> np.ndarray:
    page = np.full((600, 800), 245, np.uint8)
    page[215:240, 100:600] = 60  # a line the detector read
    page[365:392, 100:420] = 70  # a line beside a seal that it missed
    return page


READ = [Line("2023年8月24日经核实，身份证件号码已更正", 0.99, (95, 209, 622, 247))]
RING = Ring(535.0, 390.0, 83.0)


def test_writing_beside_a_seal_under_no_box_is_a_band_to_read():
    assert _remark_dates._unread_bands(_page(), READ, [RING]) == [(365, 392)]
    # Covered by a box read, or no seal level with it: nothing to read again.
    covered = [*READ, Line("2024年6月26日证书遗失", 0.99, (96, 362, 521, 396))]
    assert _remark_dates._unread_bands(_page(), covered, [RING]) == []
    assert _remark_dates._unread_bands(_page(), READ, [Ring(535.0, 100.0, 60.0)]) == []


def test_a_hidden_line_is_added_whole_only_when_it_holds_a_real_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    strip = [Line("2024年6月26日证书遗失，予以补发", 0.95, (96, 14, 521, 50))]
    monkeypatch.setattr(_ocr, "read", lambda image: strip)
    got = _remark_dates.hidden(_page(), list(READ), [RING], "2019-05-11")
    assert [ln.text for ln in got] == [READ[0].text, strip[0].text]
    assert got[1].box == (96, 365 - 13 + 14, 521, 365 - 13 + 50)
    # A date before the issue date is a date in a text, and words alone may be show-through.
    assert _remark_dates.hidden(_page(), list(READ), [RING], "2025-01-01") == READ
    strip[:] = [Line("证书遗失，予以补发", 0.95, (96, 14, 521, 50))]
    assert _remark_dates.hidden(_page(), list(READ), [RING], None) == READ
