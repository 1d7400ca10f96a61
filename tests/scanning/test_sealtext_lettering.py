"""A grey seal's ring lettering read onto a remark line's end is cut off (``_sealtext``); where
the characters could be the remark's own, the line is kept and stays in doubt. The recogniser's
character places are made up (no OCR run)."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _charbox, _sealtext
from scanning._charbox import Glyph
from scanning._ocr import Line
from scanning._remarktext import Choice
from scanning._seal_proof import remark_findings
from scanning._seal_shape import Ring

EM = 32.0
PAGE = np.full((600, 700, 3), 245, dtype=np.uint8)
# The seal's ring: its rim's upper arc crosses the first line's end (市 is ring lettering).
RING = Ring(448.0, 445.0, 83.0)
FIRST = Line("2022年5月2日证书污损，市", 0.97, (92, 356, 507, 412))
SECOND = Line("经本人申请予以换发", 0.99, (293, 410, 561, 458))


@pytest.fixture
def places(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stretched reading of the first line: the comma lost, 市 on the ring's arc."""
    text = "2022年5月2日证书污损市"
    xs = [112, 128, 144, 160, 181, 203, 224, 245, 267, 315, 347, 373, 405, 453]
    glyphs = [Glyph(ch, float(x)) for ch, x in zip(text, xs, strict=True)]
    monkeypatch.setattr(_charbox, "glyphs", lambda img, boxes: [glyphs for _ in boxes])


def test_ring_lettering_after_a_closed_clause_is_cut_off_the_line(places: None) -> None:
    got = _sealtext.unlettered(PAGE, [FIRST, SECOND], [RING])
    assert got[0].text == "2022年5月2日证书污损，"
    # the box ends left of 市 (measured at 453), past the comma's ink
    assert got[0].box == (92, 356, round(453 - 0.4 * EM), 412)
    assert got[1] == SECOND


def test_characters_the_next_row_continues_are_kept_and_stay_in_doubt(places: None) -> None:
    # 市 / 教育局同意补发: the characters could be the remark's own — kept, and the line end
    # under the seal is still flagged for a person.
    nxt = Line("教育局同意补发", 0.99, (293, 410, 561, 458))
    got = _sealtext.unlettered(PAGE, [FIRST, nxt], [RING])
    assert got[0] == FIRST
    chosen = [(ln, Choice(ln.text)) for ln in got]
    found = remark_findings("annotations[0]", got, chosen, [RING])
    assert [f.code for f in found] == ["text_under_seal"]


def test_characters_over_the_seal_centre_are_no_lettering(places: None) -> None:
    # A ring whose centre stands on the line's end: the print runs on under its star.
    centre = Ring(470.0, 384.0, 83.0)
    assert _sealtext.unlettered(PAGE, [FIRST, SECOND], [centre])[0] == FIRST


def test_a_line_whose_clause_did_not_close_is_kept(places: None) -> None:
    run_on = Line("2022年5月2日证书污损市", 0.97, (92, 356, 507, 412))
    assert _sealtext.unlettered(PAGE, [run_on, SECOND], [RING])[0] == run_on


def test_no_ring_no_change() -> None:
    assert _sealtext.unlettered(PAGE, [FIRST, SECOND], []) == [FIRST, SECOND]



def test_a_phrase_that_lost_a_character_under_the_seal_is_no_lettering(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 原证书损坏，予以发: 换 lost under the seal's rim; 予以发 is the remark's 予以换发, not the
    # ring's lettering, so the line keeps it (and stays in doubt under the seal).
    line = Line("原证书损坏，予以发", 0.99, (116, 261, 516, 312))
    ring = Ring(452.0, 248.0, 70.0)
    xs = [124, 166, 208, 250, 292, 322, 370, 412, 470]
    glyphs = [Glyph(ch, float(x)) for ch, x in zip("原证书损坏，予以发", xs, strict=True)]
    monkeypatch.setattr(_charbox, "glyphs", lambda img, boxes: [glyphs for _ in boxes])
    assert _sealtext.unlettered(PAGE, [line], [ring]) == [line]
    # Lettering that is no phrase at all is still cut at the same place.
    office = Line("原证书损坏，教育局", 0.99, (116, 261, 516, 312))
    lettered = [Glyph(ch, float(x)) for ch, x in zip(office.text, xs, strict=True)]
    monkeypatch.setattr(_charbox, "glyphs", lambda img, boxes: [lettered for _ in boxes])
    assert _sealtext.unlettered(PAGE, [office], [ring])[0].text == "原证书损坏，"
