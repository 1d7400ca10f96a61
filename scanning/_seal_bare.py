"""Whether a seal over a text line hides print, told by the inks themselves.

A seal over a line's end may hide how the text goes on (证书遗失 with ，予以补发 under it):
no reading sees it, and the words read may look whole. But a stamp leaves a thin film of ink,
lighter than print (toner, printing ink, a pen's ink), and where the two cross the print stays
the darkest. So where the seal's ink can be told from the line's print by a clear margin —
the red channel on a colour page (a red seal pales there, print stays dark), the grey level on
a greyscale scan (the ring's own tone) — a band under the seal past the line's end that holds
no print-dark ink hides nothing: no character, no comma (``bare_after``). Where the inks are
too close (a heavy stamp, a bitonal scan) nothing is proved and the doubt stays.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from scanning import _seal_shape, _sealcomma
from scanning._datescan import find_dates
from scanning._ocr import Box, Image, Line
from scanning._remark_phrases import comma_place, phrased
from scanning._seal_shape import Ring

__all__ = ["bare_after", "next_on_row", "past_end", "worded"]

SEPARATE = 40  # the seal's ink lighter than the print by this much (8-bit): a clear margin
REACH = 4.0  # how far past a line's end the band is searched, in line heights at most
BLOB = 0.004  # print-dark ink of this area (in line heights²) or more is writing (a comma's
# core is about 0.006 em²); smaller specks are scan noise
_RED_PIXELS = 20  # red pixels a colour band must hold to say where the seal's ink lies


def _red(image: Image, box: Box) -> np.ndarray:
    """The red-hued (seal) pixels of ``box`` on a colour page."""
    x0, y0, x1, y1 = box
    hsv = cv2.cvtColor(np.ascontiguousarray(image[y0:y1, x0:x1]), cv2.COLOR_RGB2HSV)
    return np.asarray(
        ((hsv[..., 0] <= 12) | (hsv[..., 0] >= 160)) & (hsv[..., 1] >= 50) & (hsv[..., 2] >= 60)
    )


def _levels(
    image: Image, line: Box, band: Box, rings: Sequence[Ring]
) -> tuple[np.ndarray, float, float] | None:
    """(view, print level, seal level): the page view where the seal is lighter than print
    (grey, or the red channel of a colour page), the line's print core left of the band and
    the seal's darkest usual ink over the band; None when either cannot be measured."""
    x0, y0, _, y1 = line
    lo = band[0]
    view = np.asarray(image if image.ndim == 2 else image[..., 0])
    seal: float | None = None
    if _seal_shape.is_grey(image):
        over = [r for r in rings if r.crosses(band)]
        inks = [v for r in over if (v := _sealcomma._seal_ink(view, r)) is not None]  # noqa: SLF001
        seal = min(inks) if inks else None
        lo = min([lo, *(int(s[0]) for r in over if (s := r.crosses(line)))])
    else:
        red = _red(image, band)
        hue = view[band[1] : band[3], band[0] : band[2]][red]
        if hue.size < _RED_PIXELS:
            return None  # no red seal there: what lies past the end is no seal's to hide
        seal = float(np.percentile(hue, 5))
    if lo - x0 < y1 - y0:
        return None  # too little of the line's print free of the seal to measure
    core = float(np.percentile(view[y0:y1, x0:lo], 1))
    # A seal not measured (an oval ring the finder missed): ink within the margin of the
    # print's core is print; a seal that dark counts as print too, so nothing is proved.
    return view, core, core + 2 * SEPARATE if seal is None else seal


def bare_after(image: Image, line: Box, hi: float, rings: Sequence[Ring] = ()) -> bool:
    """Whether the band of ``line``'s height from its end to ``hi`` (at most ``REACH`` line
    heights on), under a seal (``rings`` on a greyscale page; red ink on a colour one),
    holds no print-dark ink: nothing the seal covers there is writing. False when the seal's
    ink cannot be told from the print's, or a colour page has no red seal there. A grey seal
    not found by its ring (an oval the finder missed) has no measured tone: ink within twice
    the margin's half of the print's core counts as print, the seal's too if it is that dark."""
    x0, y0, x1, y1 = line
    h = y1 - y0
    right = int(min(hi, x1 + REACH * h, image.shape[1]))
    if h <= 0 or right - x1 < 2:
        return False
    band = (x1 + 1, y0, right, y1)
    got = _levels(image, line, band, rings)
    if got is None:
        return False
    view, core, seal = got
    if seal - core < SEPARATE:
        return False
    dark = (view[y0:y1, band[0] : right] < (core + seal) / 2).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    least = max(2.0, BLOB * h * h)
    return not any(stats[i, cv2.CC_STAT_AREA] >= least for i in range(1, n))


def worded(text: str) -> bool:
    """Whether a line's words leave no place where a seal could have taken a character or a
    comma unnoticed: every character inside a known remark phrase or a date, and a comma
    wherever remark texts put one (遗失经本人申请 lost its comma)."""
    dated = {k for f in find_dates(text) for k in range(f.start, f.end)}
    return phrased(text) and not any(comma_place(text, k, dated) for k in range(1, len(text)))


ROOMLESS = 0.4  # a gap narrower than this many line heights holds no character nor mark


def past_end(
    image: Image | None, line: Line, ring: Ring, right: float | None = None
) -> bool:
    """Whether the part of ``ring`` past ``line``'s end, on its band and before ``right`` (a
    box read next on the row), holds no print (its ink told from the seal's); False without
    the page or when the seal lies left of the end. A box read right after the end leaves no
    room for a character or a mark (less than ``ROOMLESS`` of the line's height)."""
    span = ring.chord(line.box[1], line.box[3])
    if image is None or span is None or span[1] <= line.box[2]:
        return False
    if right is not None and right - line.box[2] < ROOMLESS * (line.box[3] - line.box[1]):
        return True
    hi = span[1] if right is None else min(span[1], right - 2)
    return bare_after(image, line.box, hi, [ring])


def next_on_row(line: Line, lines: Sequence[Line]) -> float | None:
    """Where the first other box read on ``line``'s row after its end begins, if any."""
    x0, y0, x1, y1 = line.box
    starts = [o.box[0] for o in lines
              if o.box != line.box and o.box[0] >= x1 - 2
              and min(y1, o.box[3]) - max(y0, o.box[1]) > 0.5 * (y1 - y0)]  # fmt: skip
    return min(starts, default=None)
