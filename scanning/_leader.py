"""Dotted leaders between a label and its value (姓　名 ………… 邓勇祥).

The recogniser reads a line of leader dots and the value's first characters as dots, and drops
them together (名勇祥 for 名……邓勇祥, 2424… for ……222424…): every re-read of the whole line
loses the same characters, so no vote among readings can bring them back. The value is read
from right of the leader instead: the leader is a chain of small marks, evenly spaced, low on
the line, and where the chain ends the value begins.
"""

from __future__ import annotations

import cv2
import numpy as np

from scanning._ocr import REREAD_PAD, Box, Image

_DOTS = 6  # marks a leader has at least
_DOT = 0.25  # a dot's larger side, at most, in line heights
_STEP = 0.6  # the widest step between two dots of a leader, in line heights
_RUN = 5  # a mark of dots run together is this many times as wide as high, at most
_FLAT = 0.12  # … and this high, in line heights (a stroke of a character is taller)
_COVERED = 0.5  # dots under strokes over this share of their span belong to characters
_LOST = 3  # most pitches a step of a leader spans where faded dots are missing


def _marks(page: Image, box: Box) -> list[tuple[int, int, int, int]] | None:
    x0, y0, x1, y1 = box
    crop = page[max(0, y0) : y1, max(0, x0) : x1]
    if crop.size == 0:
        return None
    gray = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY) if crop.ndim == 3 else crop
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    return [tuple(int(v) for v in s[:4]) for s in stats[1:]]  # type: ignore[misc]


Dot = tuple[float, float, float, float]


def _split(x: int, y: int, w: int, hh: int) -> list[Dot]:
    """A mark as the dots it holds: itself when round, else the two or three dots run
    together (so the chain's spacing stays even), not counted as round."""
    if w <= 2 * hh + 1:
        return [(x + w / 2, float(x + w), y + hh / 2, 1.0)]
    n = max(2, min(3, round((w + 1) / (hh + 2))))
    return [(x + (i + 0.5) * w / n, float(x + w), y + hh / 2, 0.0) for i in range(n)]


def _round(chain: list[Dot]) -> int:
    """How many marks of a chain are dots (as wide as two of their heights at most)."""
    return sum(1 for d in chain if d[3])


def _chains(dots: list[Dot], h: int) -> list[list[Dot]]:
    """Runs of dots (centre x, right edge, centre y, round) left to right, each close to the last
    and on its baseline."""
    chains: list[list[Dot]] = []
    for d in dots:
        last = chains[-1][-1] if chains else None
        if last is not None and d[0] - last[0] <= _STEP * h and abs(d[2] - last[2]) <= 0.12 * h:
            chains[-1].append(d)
        else:
            chains.append([d])
    return chains


def _even(chain: list[Dot]) -> bool:
    """A printed leader's dots are evenly spaced. A photo's glare or blur fades a dot or two
    below a mark's size (the leader reads …… …, the value's lone 女 dropped with it): a step of
    two or three pitches where dots are missing keeps the chain, as long as most steps are one
    pitch. Strokes of characters are not a run of even steps with a few exact multiples."""
    steps = np.diff([d[0] for d in chain])
    mid = float(np.median(steps))
    if mid <= 0:
        return False
    single = (steps >= 0.5 * mid) & (steps <= 1.6 * mid)
    ratio = steps / mid
    lost = (ratio > 1.6) & (ratio <= _LOST + 0.3) & (np.abs(ratio - np.round(ratio)) <= 0.3)
    return bool(np.all(single | lost)) and int(lost.sum()) <= len(steps) // 4


def _dotlike(w: int, hh: int, h: int) -> bool:
    """A mark the size of a leader's dot, or of a few run together (as high as a dot, flat)."""
    if w <= 2 * hh + 1:
        return max(w, hh) <= _DOT * h
    return hh <= _FLAT * h and w <= min(_RUN * hh + 1, 2 * _DOT * h)


def _dense(chain: list[Dot], marks: list[tuple[int, int, int, int]], h: int) -> bool:
    """A leader whose dots ran together (close-set dots at a low resolution: flat dashes on
    the baseline, hardly a round dot among them): as many dots as a leader, on the print's
    baseline, alone in a gap with print ending just left of it (the label) and starting just
    right of it (the value). A ruling broken where print crosses it runs under the print, not
    in a gap of its own, and lies below the print's baseline."""
    if len(chain) < _DOTS:
        return False
    first, end = min(d[0] for d in chain) - _DOT * h, max(d[1] for d in chain)
    tall = [(x, x + w, y + hh) for x, y, w, hh in marks if not _dotlike(w, hh, h)]
    if not tall or any(a < end and b > first for a, b, _ in tall):
        return False
    base = float(np.median([bottom for _, _, bottom in tall]))
    on_base = all(base - 0.35 * h <= d[2] <= base + 0.05 * h for d in chain)
    left = any(0 <= first - b <= h for _, b, _ in tall)
    right = any(0 <= a - end <= h for a, _, _ in tall)
    return on_base and left and right


def _under_print(chain: list[Dot], marks: list[tuple[int, int, int, int]], h: int) -> bool:
    """Dots that are strokes of characters, not a leader: the dots of 心 or 灬 at the foot of
    思想 or 照熊 (coarse print breaks them off as marks of their own, evenly spaced and low on
    the line) stand under the characters' other strokes over most of their span, while a
    leader runs through an empty stretch of the line."""
    first, end = min(d[0] for d in chain), max(d[1] for d in chain)
    top = min(d[2] for d in chain)
    covered = np.zeros(max(1, int(end - first) + 1), bool)
    for x, y, w, hh in marks:
        if not _dotlike(w, hh, h) and y + hh <= top + _FLAT * h:  # a stroke standing above
            covered[max(0, int(x - first)) : max(0, int(x + w - first))] = True
    return float(covered.mean()) >= _COVERED


def _leader(page: Image, box: Box) -> tuple[Box, list[Box]] | None:
    """The part of a field's line right of a dotted leader and the leader's marks (page
    coordinates), or None when the line has none."""
    marks = _marks(page, box)
    h = box[3] - box[1]
    if not marks or h < 8:
        return None
    # A dot is about as tall as wide: a ruling under the line, broken into flat pieces where
    # the print crosses it or a photo blurs it, is evenly spaced too. A phone photo at a
    # page's reading size runs some neighbouring dots together (a flat mark two dots wide):
    # they belong to a chain, but only round dots make one a leader (as many as flat marks).
    dots = sorted(d for x, y, w, hh in marks
                  if _dotlike(w, hh, h) and y + hh / 2 > 0.45 * h and w * hh >= 2
                  for d in _split(x, y, w, hh))  # fmt: skip
    leaders = [c for c in _chains(dots, h) if (
        _round(c) >= max(_DOTS, (len(c) - _round(c)) / 2) or _dense(c, marks, h))
        and _even(c) and not _under_print(c, marks, h)]
    if not leaders:
        return None
    first, end = min(d[0] for d in leaders[-1]), max(d[1] for d in leaders[-1])
    # The value starts at the first mark past the leader; the cut leaves a re-read's padding
    # clear of the last dot where the gap allows.
    start = min((x for x, _, w, _ in marks if x >= end), default=None)
    if start is None or box[2] - (box[0] + start) < h:
        return None
    x0, y0 = max(0, box[0]), max(0, box[1])
    chain = [(x0 + x, y0 + y, x0 + x + w, y0 + y + hh) for x, y, w, hh in marks
             if first - 1 <= x + w / 2 and x + w <= end and _dotlike(w, hh, h)]
    return (box[0] + int(min(end + REREAD_PAD + 1, start - 1)), box[1], box[2], box[3]), chain


def value_box(page: Image, box: Box) -> Box | None:
    """The part of a field's line right of a dotted leader, or None when the line has none."""
    found = _leader(page, box)
    return None if found is None else found[0]


def erased(page: Image, box: Box, clean: Image | None = None) -> tuple[Image, Box] | None:
    """A copy of ``clean`` (the page as it is read; default the page) with the line's leader
    painted over in the paper's colour, and the value's box, or None when the line has none.
    Where a photo leaves the value closer to the leader than a re-read's padding, the padding
    would catch the last dots (.197月26日 for ……1970年7月26日); painted over, they are gone."""
    found = _leader(page, box)
    if found is None:
        return None
    cut, chain = found
    page = page if clean is None else clean
    x0, y0, x1, y1 = (max(0, v) for v in box)
    line = page[y0:y1, x0:x1].reshape(-1, page.shape[2] if page.ndim == 3 else 1)
    light = line[line.mean(axis=1) >= np.percentile(line.mean(axis=1), 60)]
    paper = np.median(light, axis=0).astype(page.dtype)
    out = page.copy()
    for a, b, c, d in chain:
        out[max(0, b - 1) : d + 1, max(0, a - 1) : c + 1] = paper if page.ndim == 3 else paper[0]
    return out, cut
