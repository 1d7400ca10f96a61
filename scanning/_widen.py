"""Sticker lines whose last date the detector cut short (有效期:2016-09-01至2021-08), read
again with the box widened to the right.

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

from scanning import _ocr, _sticker_reread
from scanning._datescan import find_dates
from scanning._ocr import Box, Image, Line

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
    short = [ln for ln in lines if cut_short(ln.text)]
    if not short:
        return lines
    boxes = [_sticker_reread.wider(ln, lines, image.shape[1], WIDEN) for ln in short]
    got = _ocr.readings([(image, b) for b in boxes], red=True)
    fixed: dict[Box, Line] = {}
    for ln, box, rs in zip(short, boxes, got, strict=True):
        texts = {_to_last_date(r.text) for r in rs}
        sure = len(rs) > 1 and all(r.score >= _ocr.MIN_SCORE for r in rs)
        if sure and len(texts) == 1 and _completes(ln.text, t := texts.pop()):
            fixed[ln.box] = Line(t, ln.score, box)
    return [fixed.get(ln.box, ln) for ln in lines]
