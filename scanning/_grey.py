"""A second view of a field on a greyscale page: the darkest ink only.

A colour scan's seal is red and its red channel pales it; a greyscale scan keeps the seal as
grey ink and no colour view removes it. Seal ink is rarely as dark as print, though: a stamp
leaves a mid-grey film while toner and printing ink are near black, and where the two cross the
print stays the darkest (inks add up). So a field crop whose darkest ink is well darker than
the paper keeps only the pixels near that darkness: the seal's ring, star and lettering go
white, the print stays (and so does a guilloche background's faint pattern). Where the seal
is as dark as the print (or darker), nothing separates them and there is no such view. The
view is read only for a field of a known shape that no two readings read whole (a number with
the seal's lettering glued on, a date or an authority cut short): two recognitions for such a
field, none for the others.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import cv2
import numpy as np

from scanning._fields import VALUE_SHAPES
from scanning._ocr import REREAD_PAD, REREAD_SCALE, Box, Image, Reading, crop, recognise_all, u8

INK_DELTA = 40  # ink lighter than the crop's darkest print by more than this is seal (8-bit)
DARK_PRINT = 120  # the print must be darker than the paper by this much to be told apart
SECOND_INK = 0.05  # share of the crop's ink that must lie apart from the print, lighter
_PAPER = 90  # percentile of the crop that is paper
_CORE = 2  # percentile of the crop that is the print's darkest
VIEWS = ((INK_DELTA, REREAD_SCALE), (55, 1.6))  # (ink level, scale) of the two dark reads
_NUMBERS = ("certificate_number", "id_number")
_RULE = 0.6  # a column or row this inked is a table's ruling, not text (for the cut)
_DATE = r"(19|20)[0-9]{2}(年[0-9]{1,2}月[0-9]{1,2}日?|[.\-/][0-9]{1,2}[.\-/][0-9]{1,2}|[0-9]{4})"
# What a field's whole value looks like, for the fields whose shape says when a reading lost
# or gained characters (a seal's lettering glued on, a digit under its ring gone). Names and
# subjects have no such shape, and the dark view reads them worse than the page does.
SHAPES = {
    **{k: VALUE_SHAPES[k] for k in ("certificate_number", "id_number", "issuing_authority")},
    "birth_date": re.compile(f"^{_DATE}$"),
    "issue_date": re.compile(f"^{_DATE}$"),
}


def whole(key: str, reading: Reading) -> bool:
    """Whether ``reading`` has the shape of the whole value of field ``key``."""
    shape = SHAPES.get(key)
    return shape is not None and bool(shape.match(reading.text.upper()))


def doubted(key: str, readings: Sequence[Reading]) -> bool:
    """A field of a known shape that no two readings read whole and alike."""
    texts = [r.text for r in readings if whole(key, r)]
    return key in SHAPES and not any(texts.count(t) >= 2 for t in texts)


# A Chinese character, or two Latin letters in a row that no digit looks like (O, I, l do).
_LETTERING = re.compile(r"[\u4e00-\u9fff]|[A-HJ-NP-Za-km-z]{2}")


def kept(key: str, readings: Sequence[Reading]) -> list[Reading]:
    """A number's readings without those that took on the seal's lettering (20125140126治县,
    …679教育局: words are never part of a number), when some reading reads it whole.
    Every other reading stays, a short one too: a digit it lacks may be one the seal hid from
    the others, and its dissent must still be heard."""
    if key not in _NUMBERS or not any(whole(key, r) for r in readings):
        return list(readings)
    return [r for r in readings if whole(key, r) or not _LETTERING.search(r.text)]


def dark_readings(image: Image, box: Box) -> list[Reading]:
    """The dark-ink view of ``box`` read twice, cut at two ink levels and two scales (the seal's
    edges and the print's fall apart differently, so a misread is not repeated alike); only
    the cuts that leave a second ink to remove."""
    views = [dark_ink(image, box, delta, scale) for delta, scale in VIEWS]
    return recognise_all([v for v in views if v is not None])


def dark_ink(
    image: Image, box: Box, delta: int = INK_DELTA, scale: float = REREAD_SCALE
) -> Image | None:
    """The crop of ``box`` (padded as for re-reads) with every pixel lighter than its darkest
    print by ``delta`` made paper, cut to the print left and upscaled by ``scale``; None when
    the crop holds no second, lighter ink to remove (no seal there, or one as dark)."""
    piece = crop(image, box, pad=REREAD_PAD)
    if piece.size == 0:
        return None
    grey = piece if piece.ndim == 2 else piece[..., 0]
    paper = float(np.percentile(grey, _PAPER))
    core = float(np.percentile(grey, _CORE))
    if paper - core < DARK_PRINT:
        return None
    inked = grey < paper - delta
    kept = grey <= core + delta
    # The print's own soft edges are lighter than its core too: only ink apart from it counts.
    near = cv2.dilate(kept.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    if (inked & ~near).sum() < SECOND_INK * max(1, int(inked.sum())):
        return None
    out = np.where(kept, grey, 255).astype(np.uint8)
    cut = _cut(out)
    three = np.repeat(cut[..., None], 3, axis=2)
    scaled = cv2.resize(three, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return u8(scaled)


def _cut(grey: Image) -> Image:
    """The part of a cleaned crop holding its print, with a margin: the recogniser reads a
    line that fills its crop's height (a wide, mostly blank band merges doubled digits), and
    a table's ruling at the crop's edge is left out."""
    ink = grey < 128
    ink[:, ink.mean(axis=0) > _RULE] = False
    ink[ink.mean(axis=1) > _RULE, :] = False
    ys, xs = np.nonzero(ink)
    if xs.size == 0:
        return grey
    y0, y1 = (int(v) for v in np.percentile(ys, [0.5, 99.5]))
    pad = max(4, (y1 - y0) // 3)
    h, w = grey.shape
    return grey[max(0, y0 - pad) : min(h, y1 + pad + 1),
                max(0, int(xs.min()) - pad) : min(w, int(xs.max()) + pad + 1)]  # fmt: skip
