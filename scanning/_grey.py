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
import numpy.typing as npt

from core.rules import HAN_RANGE
from scanning import _vocab
from scanning._date_cn import CN_DIGITS, CN_NUMERALS
from scanning._date_fields import DATE_FIELDS
from scanning._date_pad import uneven
from scanning._date_rules import whole_date
from scanning._fields import MIN_DIGITS, VALUE_SHAPES
from scanning._ocr import REREAD_PAD, REREAD_SCALE, Box, Image, Reading, crop, recognise_all, u8

INK_DELTA = 40  # ink lighter than the crop's darkest print by more than this is seal (8-bit)
DARK_PRINT = 120  # the print must be darker than the paper by this much to be told apart
SECOND_INK = 0.05  # share of the crop's ink that must lie apart from the print, lighter
_PAPER = 90  # percentile of the crop that is paper
_CORE = 2  # percentile of the crop that is the print's darkest
VIEWS = ((INK_DELTA, REREAD_SCALE), (55, 1.6))  # (ink level, scale) of the two dark reads
_NUMBERS = ("certificate_number", "id_number")
LINE_GAP = 25  # the print's line is where ink is darker than the seal's level by this
LINE_SCALES = (REREAD_SCALE, 1.6)  # the line view's two reads
_ROW_GAP = 3  # rows of a line of print never lie further apart than this (a 一's gap)
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
# A date written in Chinese numerals, whole: a four-numeral year, month and day with their units
# (二〇一五年八月二十二日); what the line view of such a date under a grey seal reads.
_CN_DATE = re.compile(f"^[{CN_DIGITS}]{{4}}年[{CN_NUMERALS}]{{1,3}}月[{CN_NUMERALS}]{{1,3}}日$")


def whole(key: str, reading: Reading) -> bool:
    """Whether ``reading`` has the shape of the whole value of field ``key``: a date padded
    evenly (2016.06.1 lost a digit of its day), an authority spelt from known places."""
    shape = SHAPES.get(key)
    text = reading.text.upper()
    if key in DATE_FIELDS and _CN_DATE.match(text):
        return whole_date(text)
    if shape is None or not shape.match(text):
        return False
    if key == "issuing_authority":
        return _vocab.is_authority(text)
    return key not in DATE_FIELDS or not uneven(text)


def doubted(key: str, readings: Sequence[Reading]) -> bool:
    """A field of a known shape that no two readings read whole and alike."""
    texts = [r.text for r in readings if whole(key, r)]
    return key in SHAPES and not any(texts.count(t) >= 2 for t in texts)


# A Chinese character, or two Latin letters in a row that no digit looks like (O, I, l do).
_LETTERING = re.compile(rf"[{HAN_RANGE}]|[A-HJ-NP-Za-km-z]{{2}}")


def telling(key: str, reading: Reading) -> bool:
    """Whether a reading of a second view says anything of field ``key``: an authority's only
    when it reads a whole known name (a view of the print alone that lost characters reads
    noise the vocabulary would snap to a neighbour: 1 → 眉县教育局); a number's or date's when
    it holds the digits of one (a digit short is dissent to hear, a glyph alone is not); a
    date's digits may be written in Chinese numerals (二〇一五年八月二十二日)."""
    if key == "issuing_authority":
        return whole(key, reading)
    numerals = CN_DIGITS if key in DATE_FIELDS else ""
    return sum(ch.isdigit() or ch in numerals for ch in reading.text) >= MIN_DIGITS.get(key, 1)


def kept(key: str, readings: Sequence[Reading]) -> list[Reading]:
    """A number's readings without those that took on the seal's lettering (20125140126治县,
    …679教育局: words are never part of a number), when some reading reads it whole.
    Every other reading stays, a short one too: a digit it lacks may be one the seal hid from
    the others, and its dissent must still be heard. A date's readings without those padded
    unevenly (2016.06.1 beside 2016.06.10), when some reading reads it whole: a booklet pads
    month and day alike, so such a reading lost a digit and is no dissent."""
    if not any(whole(key, r) for r in readings):
        return list(readings)
    if key in DATE_FIELDS:
        return [r for r in readings if not uneven(r.text)]
    if key not in _NUMBERS:
        return list(readings)
    return [r for r in readings if whole(key, r) or not _LETTERING.search(r.text)]


def dark_readings(image: Image, box: Box) -> list[Reading]:
    """The dark-ink view of ``box`` read twice, cut at two ink levels and two scales (the seal's
    edges and the print's fall apart differently, so a misread is not repeated alike); only
    the cuts that leave a second ink to remove. Then the value's own print line (``line_view``)
    read at two scales."""
    views = [dark_ink(image, box, delta, scale) for delta, scale in VIEWS]
    views += [line_view(image, box, scale) for scale in LINE_SCALES]
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


def seal_level(grey: Image) -> int | None:
    """The grey level of the crop's commonest ink: a seal's, where one covers the value (a
    stamp leaves one flat tone over a large area; print is thin strokes); None without ink."""
    paper = float(np.percentile(grey, _PAPER))
    ink = grey[grey < paper - INK_DELTA]
    if ink.size == 0:
        return None
    hist = np.convolve(np.histogram(ink, bins=64, range=(0, 256))[0], np.ones(3), "same")
    return int(np.argmax(hist)) * 4 + 2


def line_view(image: Image, box: Box, scale: float = REREAD_SCALE) -> Image | None:
    """The crop of ``box`` cut to the one line of print in it, as printed (nothing whitened):
    the rows and columns where ink darker than the seal's level lies. A field's box under a
    seal is often far taller and wider than its value (the detector merged the line with the
    seal's lettering); read whole, the recogniser runs from the digits into the lettering
    (2014417县教育) and drops the digits under it. The print's darkest strokes (thin print is
    lighter, its core is not) show where the value's line is; the seal's lettering, a flat
    lighter tone, is then mostly outside the cut. None when the crop holds no such ink."""
    piece = crop(image, box, pad=REREAD_PAD)
    if piece.size == 0:
        return None
    grey = piece if piece.ndim == 2 else piece[..., 0]
    level = seal_level(grey)
    if level is None:
        return None
    dark = grey < level - LINE_GAP
    dark[:, dark.mean(axis=0) > _RULE] = False
    dark[dark.mean(axis=1) > _RULE, :] = False
    rows = _print_rows(dark)
    if rows is None:
        return None
    y0, y1 = rows
    xs = np.nonzero(dark[y0 : y1 + 1].any(axis=0))[0]
    pad = max(3, (y1 - y0 + 1) // 3)
    h, w = grey.shape
    cut = grey[max(0, y0 - pad) : min(h, y1 + pad + 1),
               max(0, int(xs[0]) - pad) : min(w, int(xs[-1]) + pad + 1)]  # fmt: skip
    three = np.repeat(cut[..., None], 3, axis=2)
    return u8(cv2.resize(three, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC))


def _print_rows(dark: npt.NDArray[np.bool_]) -> tuple[int, int] | None:
    """The run of rows holding most of the dark ink (rows a quarter as inked as the most inked
    one; gaps of up to ``_ROW_GAP`` rows bridged): the value's line of print."""
    profile = dark.sum(axis=1)
    ys = np.nonzero(profile >= max(2, 0.25 * profile.max()))[0]
    if ys.size == 0:
        return None
    breaks = np.nonzero(np.diff(ys) > _ROW_GAP)[0]
    runs = np.split(ys, breaks + 1)
    best = max(runs, key=lambda r: int(profile[r[0] : r[-1] + 1].sum()))
    return int(best[0]), int(best[-1])


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
