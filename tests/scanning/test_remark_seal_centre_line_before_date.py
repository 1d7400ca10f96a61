"""A grey seal's centre line (教师资格认定专用章) read onto the head of the remark date it stamps
over is cut off (``_sealtext``), so the date stands alone and ends its entry; words that are no
piece of a seal's wording, or that stand outside the seal's centre band, stay. Character places
are made up (no OCR run); the page and the seal's ring are the 0013 booklet's (greyscale)."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _charbox, _sealtext
from scanning._charbox import Glyph
from scanning._ocr import Line
from scanning._seal_shape import Ring

PAGE = np.full((800, 800, 3), 245, dtype=np.uint8)
RING = Ring(494.7, 309.9, 85.2)
ABOVE = Line("经本人申请予以换发", 0.99, (110, 258, 452, 304))
DATED = Line("教师资格认2025年1月6日", 0.98, (428, 323, 694, 368))


def place(monkeypatch: pytest.MonkeyPatch, text: str, x0: float) -> None:
    """The characters of ``text`` placed from ``x0``: CJK an em (24 px) apart, digits half."""
    xs, x = [], x0
    for ch in text:
        step = 12.0 if ch.isdigit() else 24.0
        xs.append(x + step / 2)
        x += step
    glyphs = [Glyph(ch, v) for ch, v in zip(text, xs, strict=True)]
    monkeypatch.setattr(_charbox, "glyphs", lambda img, boxes: [glyphs for _ in boxes])


def test_the_seal_s_centre_line_before_a_date_is_cut_off(monkeypatch: pytest.MonkeyPatch) -> None:
    place(monkeypatch, "教师资格认2025年1月6日", 430.0)
    got = _sealtext.unlettered(PAGE, [ABOVE, DATED], [])
    assert got[1] == DATED  # no seal found: nothing is cut
    got = _sealtext.unlettered(PAGE, [ABOVE, DATED], [RING])
    assert got[0] == ABOVE
    assert got[1].text == "2025年1月6日"
    assert got[1].box[0] > 540 and got[1].box[1:] == DATED.box[1:]


def test_words_that_are_no_piece_of_a_seal_wording_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    # 证书遗失 before a date is a remark's own text (it could hold a lost entry's words).
    line = Line("证书遗失2025年1月6日", 0.98, (428, 323, 694, 368))
    place(monkeypatch, "证书遗失2025年1月6日", 430.0)
    assert _sealtext.unlettered(PAGE, [ABOVE, line], [RING])[1] == line


def test_lettering_words_outside_the_centre_band_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    # The same words level with the seal's centre (or above it) are no centre line.
    high = Ring(494.7, 350.0, 85.2)
    place(monkeypatch, "教师资格认2025年1月6日", 430.0)
    assert _sealtext.unlettered(PAGE, [ABOVE, DATED], [high])[1] == DATED
