"""A comma under a grey seal proved by its print-dark ink (``_sealcomma``), put back at a wrap
(``_sealtext``) and taken as read by the seal check (``_seal_proof``); where the seal is as dark
as the print, nothing is proved and the remark stays flagged. Drawn pages, no OCR run: the
recogniser's character places are made up."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from scanning import _charbox, _sealcomma, _sealtext
from scanning._charbox import Glyph
from scanning._ocr import Line
from scanning._remarktext import Choice
from scanning._seal_proof import remark_findings
from scanning._seal_shape import Ring
from tests.scanning._fonts import SANS

EM = 30
TOP = 200
X0 = 100
TEXT = "原证书遗失"  # printed from X0, one em a character; the comma's cell follows
RING = Ring(X0 + 5.5 * EM, TOP + 2.9 * EM, 2.2 * EM)  # its rim crosses the comma's cell


def page(comma: bool, seal_grey: int) -> np.ndarray:
    """A greyscale page: the line in black, a comma after it (or not), a seal's ring."""
    img = Image.new("L", (500, 400), 245)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(SANS, EM, index=2)
    d.text((X0, TOP), TEXT + ("，" if comma else ""), font=font, fill=30)
    r = RING
    d.ellipse((r.cx - r.r, r.cy - r.r, r.cx + r.r, r.cy + r.r), outline=seal_grey, width=3)
    return np.repeat(np.asarray(img)[..., None], 3, axis=2)


def glyphs() -> list[Glyph]:
    """The characters' reading: the comma lost, every character at its place."""
    return [Glyph(ch, X0 + (k + 0.5) * EM) for k, ch in enumerate(TEXT)]


LINE = Line(TEXT, 0.99, (X0, TOP, X0 + 5 * EM, TOP + int(1.4 * EM)))
NEXT = Line("经本人申请，予以补发", 0.99, (X0, TOP + 2 * EM, X0 + 10 * EM, TOP + int(3.4 * EM)))


def test_a_comma_under_a_lighter_seal_is_found_by_its_ink() -> None:
    x = _sealcomma.comma_after(page(True, 150), LINE.box, glyphs()[-1].x, EM, [RING])
    assert x is not None and X0 + 5 * EM <= x <= X0 + 5.6 * EM


def test_no_comma_there_is_none() -> None:
    assert _sealcomma.comma_after(page(False, 150), LINE.box, glyphs()[-1].x, EM, [RING]) is None


def test_a_seal_as_dark_as_the_print_proves_nothing() -> None:
    assert _sealcomma.comma_after(page(True, 40), LINE.box, glyphs()[-1].x, EM, [RING]) is None


@pytest.fixture
def places(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_charbox, "glyphs", lambda img, boxes: [glyphs() for _ in boxes])


def test_a_wrap_comma_every_reading_lost_is_put_back_where_its_ink_is(places: None) -> None:
    got = _sealtext.unlettered(page(True, 150), [LINE, NEXT], [RING])
    assert got[0].text == TEXT + "，"
    assert got[0].box[2] > LINE.box[2]  # the box reaches over the comma now
    # and the seal check takes the line as read: the comma's ink is there
    chosen = [(got[0], Choice(got[0].text, corrected=True, glyphs=tuple(glyphs()))),
              (NEXT, Choice(NEXT.text))]  # fmt: skip
    found = remark_findings("annotations[0]", got, chosen, [RING], page(True, 150))
    assert found == []


def test_without_the_ink_the_wrap_stays_in_doubt(places: None) -> None:
    # no comma printed (or a seal as dark as the print): the text is left as read, flagged
    for img in (page(False, 150), page(True, 40)):
        got = _sealtext.unlettered(img, [LINE, NEXT], [RING])
        assert got[0] == LINE
        chosen = [(ln, Choice(ln.text, glyphs=tuple(glyphs()) if ln is LINE else ()))
                  for ln in got]  # fmt: skip
        found = remark_findings("annotations[0]", got, chosen, [RING], img)
        assert "text_under_seal" in {f.code for f in found}


def test_a_comma_the_readings_disagreed_on_is_settled_by_its_ink(places: None) -> None:
    line = Line(TEXT + "，", 0.99, (X0, TOP, X0 + 6 * EM, TOP + int(1.4 * EM)))
    chosen = [(line, Choice(line.text, corrected=True, glyphs=tuple(glyphs()))),
              (NEXT, Choice(NEXT.text))]  # fmt: skip
    img = page(True, 150)
    assert remark_findings("annotations[0]", [line, NEXT], chosen, [RING], img) == []
    # without the page (or with no comma's ink) the disagreement leaves the line in doubt
    assert remark_findings("annotations[0]", [line, NEXT], chosen, [RING])
    assert remark_findings("annotations[0]", [line, NEXT], chosen, [RING], page(False, 150))


def test_a_full_stop_is_no_comma() -> None:
    img = Image.new("L", (500, 400), 245)
    d = ImageDraw.Draw(img)
    d.text((X0, TOP), TEXT + "。", font=ImageFont.truetype(SANS, EM, index=2), fill=30)
    r = RING
    d.ellipse((r.cx - r.r, r.cy - r.r, r.cx + r.r, r.cy + r.r), outline=150, width=3)
    grey = np.repeat(np.asarray(img)[..., None], 3, axis=2)
    assert _sealcomma.comma_after(grey, LINE.box, glyphs()[-1].x, EM, [RING]) is None
