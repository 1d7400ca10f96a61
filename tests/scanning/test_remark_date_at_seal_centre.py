"""Two remarks merged because a grey seal hid the second one's date from the detector: a date
that closes its row with more text below it in the same entry sends the page to look for a lost
date (``_remark_read._text_past_date``), and a band centred on the seal reads a date standing
over its star, which the bands above and below the centre cut (``_remark_dates.recover``).
OCR is faked: each band 'reads' the lines it holds whole."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _remark_dates, _remark_read
from scanning._ocr import Line
from scanning._remarks import entries
from scanning._seal_shape import Ring
from tests.scanning.test_remarks_grey_date import fake_read

ISSUED = "2020-01-01"
PAGE = np.full((800, 800, 3), 240, np.uint8)
RING = Ring(456.0, 607.0, 80.0)
SEEN = [
    Line("证书污损，", 0.99, (103, 208, 273, 250)),
    Line("经本人申请予以换发", 0.99, (110, 258, 452, 304)),
    Line("教师资格认2025年1月6日", 0.98, (428, 323, 694, 368)),  # the seal's line before it
    Line("原证书破损严重，", 0.99, (110, 475, 389, 520)),
    Line("同意换发新证", 0.99, (113, 529, 333, 577)),
]  # fmt: skip
# The second date, over the seal's star: from 0.35 radii above its centre to 0.35 below.
HIDDEN = Line("2025年1月31日", 0.95, (467, 580, 711, 635))


def test_text_below_a_date_that_closes_its_row_is_a_lost_date_s_sign() -> None:
    (merged,) = entries(SEEN, ISSUED)
    assert _remark_read._text_past_date(merged)
    # Each entry with its own date: nothing to look for.
    dated = [*SEEN[:4], Line("同意换发新证2025年1月31日", 0.99, (113, 529, 600, 577))]
    assert not any(_remark_read._text_past_date(r) for r in entries(dated, ISSUED))


def test_a_date_over_the_seal_s_star_is_read_by_a_centred_band(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_read(monkeypatch, [HIDDEN], RING)
    got = [(r.date.value if r.date else None, r.text)
           for r in entries(_remark_dates.recover(PAGE, SEEN, [RING]), ISSUED)]  # fmt: skip
    assert got == [("2025-01-06", "证书污损，经本人申请予以换发教师资格认"),
                   ("2025-01-31", "原证书破损严重，同意换发新证")]  # fmt: skip
