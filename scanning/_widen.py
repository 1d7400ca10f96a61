"""Lines read short, read again from a wider or stretched crop: sticker lines whose last date
the detector cut short (有效期:2016-09-01至2021-08), and ID and certificate numbers read with
digits missing (``whole_readings``, below).

The detector's box can stop before a line's last characters (a pale day, a seal's edge); the
period then loses its end and the sticker goes to review. The box is widened by a few
character heights, up to the next box on its row, and read again (upscaled, and in the red
channel). The widened reading is taken only when every view says the same text, that text is
the line read before with the cut date completed (no other change; what the wider box caught
after the date is dropped), and it holds one more real date; otherwise the line stays as
read (and the period's missing end stays flagged).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import cv2

from scanning import _ocr, _sticker_reread
from scanning._datescan import find_dates
from scanning._info import strip_label
from scanning._number_glyphs import Printed
from scanning._number_runs import LENGTHS, digit_run, sided
from scanning._number_runs import short as short  # re-exported: one place for a number's runs
from scanning._number_tight import tight
from scanning._number_unseal import unsealed
from scanning._ocr import Box, Image, Line, Reading

if TYPE_CHECKING:
    from scanning._fields import RawField
    from scanning._scan import Page

# A line ending in a date cut after its month (至2021-08, 至2021年8月, 2021.08.3), or after
# the year of a period's end (至2026年, 至2026: what follows 至 is a whole date).
_CUT = re.compile(
    r"(?:19|20)\d{2}\s*[.\-/年]\s*\d{1,2}(?:\s*[.\-/月]\s*\d?)?\s*$"
    r"|(?:至|到)\s*(?:19|20)\d{2}\s*[.\-/年]?\s*$"
)
WIDEN = 3.0  # character heights added to the right


def _real(text: str) -> int:
    return sum(1 for f in find_dates(text) if f.read.value)


def cut_short(text: str) -> bool:
    """Whether ``text`` ends in a date cut short (its year and month, no day)."""
    m = _CUT.search(text)
    return m is not None and not any(f.read.value and f.end >= m.end() for f in find_dates(text))


def _to_last_date(text: str) -> str:
    """``text`` up to the end of its last real date: what the widened box caught past it is a
    seal's lettering or the next field, not the line."""
    ends = [f.end for f in find_dates(text) if f.read.value]
    return text[: ends[-1]] if ends else text


def _completes(old: str, new: str) -> bool:
    """``new`` is ``old`` with the cut date completed: the same text up to the cut, more
    digits or date marks after it, and one more real date."""
    a, b = re.sub(r"\s+", "", old), re.sub(r"\s+", "", new)
    rest = b[len(a) :]
    return b.startswith(a) and bool(re.fullmatch(r"[\d.\-/年月日号]+", rest)) and (
        _real(b) == _real(a) + 1
    )


def complete(image: Image, lines: list[Line]) -> list[Line]:
    """``lines`` with each line cut short in its last date read again widened, when every
    view agrees on the completed date; then each line whose period the reading broke read
    again from the page (``_sticker_reread``)."""
    return _sticker_reread.mend(image, _widen_short(image, lines))


def _widen_short(image: Image, lines: list[Line]) -> list[Line]:
    cut = [ln for ln in lines if cut_short(ln.text)]
    if not cut:
        return lines
    boxes = [_sticker_reread.wider(ln, lines, image.shape[1], WIDEN) for ln in cut]
    got = _ocr.readings([(image, b) for b in boxes], red=True)
    fixed: dict[Box, Line] = {}
    for ln, box, rs in zip(cut, boxes, got, strict=True):
        texts = {_to_last_date(r.text) for r in rs}
        sure = len(rs) > 1 and all(r.score >= _ocr.MIN_SCORE for r in rs)
        if sure and len(texts) == 1 and _completes(ln.text, t := texts.pop()):
            fixed[ln.box] = Line(t, ln.score, box)
    return [fixed.get(ln.box, ln) for ln in lines]


# -- a number read short: its box read again stretched and widened -------------------------------

STRETCH = (3.0, 2.0)  # x and y upscaling of a short number's crop: more steps per digit
DIGIT_EM = 0.45  # a digit's advance in box heights, to widen by the digits missing


def _stretched(img: Image, box: Box) -> Image:
    piece = _ocr._three(_ocr.crop(img, box, _ocr.REREAD_PAD))  # noqa: SLF001 - package helper
    fx, fy = STRETCH
    return _ocr.u8(cv2.resize(piece, None, fx=fx, fy=fy, interpolation=cv2.INTER_CUBIC))


def _widened(box: Box, missing: int, width: int) -> Box:
    x0, y0, x1, y1 = box
    grow = int(round((missing + 1) * DIGIT_EM * (y1 - y0)))
    return max(0, x0 - grow), y0, min(width, x1 + grow), y1


def whole_readings(views: Sequence[Image], box: Box, key: str, missing: int) -> list[Reading]:
    """Readings of a number field that hold it whole, from ``views`` of its page (the page and
    its red channel, or the page with a seal's ink divided out): the box stretched (more
    recogniser steps per digit, so a doubled or thin digit is not merged away) and, as is and
    stretched, widened by the digits missing on either side (digits a seal or pale print kept
    out of the box), and cut tight to the number's own print where the box also holds a label
    or a neighbour (``_number_tight``). Only distinct readings with exactly the number's digit
    count are kept: a view that reads the same pixels the same way is one reading, not two."""
    width = min(v.shape[1] for v in views)
    cut = tight(views[0], box, LENGTHS[key]) if views else None
    out = _whole_runs(views, [box, _widened(box, missing, width), *([cut] if cut else [])], key)
    if not out and missing:
        # A box cut at one end only: the crop over that end alone (``_number_runs.sided``).
        out = _whole_runs(views, list(sided(box, missing, width)), key)
    return out


def _whole_runs(views: Sequence[Image], boxes: Sequence[Box], key: str) -> list[Reading]:
    """The distinct whole-number runs read in ``boxes`` of each view, stretched."""
    out: list[Reading] = []
    crops = [_stretched(v, b) for v in views for b in boxes]
    for r in _ocr.recognise_all(crops):
        run = digit_run(strip_label(r), LENGTHS[key])
        if run is not None and run not in out:
            out.append(run)
    return out


Whole = Callable[[int], list[Reading]]  # digits missing → whole readings of one number field


@dataclass(frozen=True, eq=False)  # a page is no value to compare
class BoxReader:
    """One number field's box on its page: read again stretched and widened when asked (a
    reading short), and where its print is (``printed``) for the digits' glyphs."""

    page: Page
    box: Box
    key: str

    @cached_property
    def printed(self) -> Printed:
        """The page and box the number is printed in, and the page with a seal's ink divided
        out (one per field: it keeps the glyph fits)."""
        return Printed(self.page.image, self.box, unsealed(self.page.image, self.box))

    def __call__(self, missing: int) -> list[Reading]:
        page, box, key = self.page, self.box, self.key
        got = whole_readings([page.image, page.second_view], box, key, missing)
        # Digits lost: a seal over them may be what hid them. The box with the seal's ink
        # divided out (``_number_unseal``) gives one reading more: its crops are the same
        # pixels, so one vote, never two that confirm each other.
        bare = unsealed(page.image, box) if missing else None
        more = whole_readings([bare], box, key, missing)[:1] if bare is not None else []
        return [*got, *(r for r in more if r not in got)]


def number_readers(pages: Sequence[Page], raw: Mapping[str, RawField]) -> dict[str, Whole]:
    """Per number field found, its whole readings, read only when asked (a reading short)."""
    return {k: BoxReader(pages[f.page], f.box, k)
            for k, f in raw.items() if k in LENGTHS and f.page < len(pages)}
