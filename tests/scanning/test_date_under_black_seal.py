"""A date under a seal as black as the print (a bitonal scan): no view pushes the seal back,
so the field's own readings stand as the second kind of read, and the print's places or
padding prove that no digit is lost (``_info_seal._one_kind``). Without those readings, or
with readings that disagree, the date stays flagged."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from scanning._fields import RawField
from scanning._info_seal import flag_dates
from scanning._ocr import Line
from scanning._validate import Value
from tests.scanning._fonts import cjk_font
from tests.scanning.test_accept import sure

W, H = 760, 700
AT = (250, 400)  # where the date's value is printed


def _bitonal(text: str) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A black-and-white information page: the issue date's label and value, and a seal as
    black as the print whose ring runs through the value's 月 (a bitonal scan); the box."""
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    d.text((80, AT[1]), "批准日期", font=cjk_font(28), fill=0)
    d.text(AT, text, font=cjk_font(28), fill=0)
    x0, y0, x1, y1 = d.textbbox(AT, text, font=cjk_font(28))
    month = d.textbbox(AT, text[: text.index("月") + 1], font=cjk_font(28))[2] - 14
    r = 105
    cx, cy = month + r, y0 - 10
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=0, width=4)
    d.regular_polygon((cx, cy, 28), 5, fill=0)
    grey = np.asarray(img, np.uint8)
    return np.repeat(grey[..., None], 3, axis=2), (x0 - 4, y0 - 6, x1 + 4, y1 + 6)


def _flag(text: str, iso: str, reads: list[str],
          rivals: dict[int, tuple[str, float]] | None = None) -> Value:
    img, box = _bitonal(text)
    # The page's detector lost the value under the seal (read nothing): only re-reads read it.
    raw = {"issue_date": RawField("", 0.0, box, 0)}
    values = {"issue_date": Value(iso, 0.97, [])}
    readings = {"issue_date": [sure(t, rivals) for t in reads]}
    label = Line("批准日期", 0.99, (80, AT[1], 200, AT[1] + 40))
    flag_dates(img, [label], raw, values, readings)
    return values["issue_date"]


def _codes(v: Value) -> set[str]:
    return {f.code for f in v.findings}


def test_a_padded_date_under_a_black_seal_read_alike_is_proved() -> None:
    v = _flag("2016年01月29日", "2016-01-29", ["2016年01月29日", "2016年01月29日"])
    assert "seal_reread" in _codes(v) and not v.blocking


def test_without_the_fields_readings_it_stays_flagged() -> None:
    v = _flag("2016年01月29日", "2016-01-29", [])
    assert "text_under_seal" in _codes(v) and v.blocking


def test_a_reading_padded_otherwise_keeps_the_flag() -> None:
    # 2016年1月29日 beside 2016年01月29日: one read lost or gained a digit under the ring.
    v = _flag("2016年01月29日", "2016-01-29", ["2016年1月29日", "2016年01月29日"])
    assert "text_under_seal" in _codes(v) and v.blocking


def test_an_unpadded_date_is_proved_by_its_characters_places() -> None:
    # 2010年12月6日: 16日 or 26日 would need a digit's room beside the 6, and the print has none.
    v = _flag("2010年12月6日", "2010-12-06", ["2010年12月6日", "2010年12月6日"])
    assert "seal_reread" in _codes(v) and not v.blocking


def test_a_digit_its_engine_doubted_keeps_the_flag() -> None:
    # The day's 2 with a rival 7 at 20 %: a seal's stroke may have changed it for every view.
    v = _flag("2016年01月29日", "2016-01-29", ["2016年01月29日", "2016年01月29日"],
              {8: ("7", 0.2)})
    assert "text_under_seal" in _codes(v) and v.blocking
