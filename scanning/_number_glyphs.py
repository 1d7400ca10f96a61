"""A certificate number's digits compared with its print: each digit drawn in the type faces
on the machine and matched against the number's crop at that digit's columns.

Views of one image are not independent: a seal's stroke across a 3, or a blur that closes its
opening, reads 8 from every crop and every channel of it, each read sure (…670848 read for …670348
at 0.999 in every view). The glyphs are another witness: a digit's shape against
the ten digits drawn in the faces that best draw the rest of the number.

Geometry: a number is one run of digits at one pitch (every common face sets its figures on
one advance, so a typed number's digits are evenly spaced whatever its letter-spacing). The
red channel drops most of a red seal's ink (on paper it is as bright as the paper there); the
digits' band is the rows most inked, and the number's extent the widest piece of ink between
blank gaps wider than a digit's; that piece may run on past the last digit (a seal's stroke
joined to it), so the start and pitch are also fitted to where the rule-proven digits are
printed. A page whose seal is dark keeps its strokes in the red channel; the page with the
seal's ink divided out (``_number_unseal``) is a second view, its bands competing with the
page's. Digit ``i`` is then looked for in a window about its place,
each glyph scaled to the band's height, at every shift (``cv2.matchTemplate``). Several bands
(thresholds of the row profile) are tried, and the one whose best face draws the value's digits
best is kept: a seal's lettering or a ruled line in a band draws no digit well.

The evidence counts only when the value's own digits fit well (``QUALITY``: the cells and face
are right) and each digit a rule proves leads at its place (``ANCHOR``: a pitch misjudged by a
fraction puts windows across two digits). A digit is then *shown* when it beats every other
digit by ``LEAD`` in each of the ``VOTERS`` faces that draw the number best, and *disputed*
when some other digit beats it by ``DISSENT`` in each of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

import cv2
import numpy as np
from numpy.typing import NDArray

from scanning._name_faces import faces, glyph
from scanning._name_glyphs import drop_rules, ink_of, longest_run
from scanning._number_tight import ink_pieces
from scanning._ocr import Box, Image

DIGITS = "0123456789"
INK = 0.5  # ink darkness (0–1 of the crop's own range) that counts as print
BANDS = (0.2, 0.35, 0.5)  # row-profile levels (of its peak) tried for the digits' band
GAP = 0.6  # a blank this many band heights wide ends the number (digits stand closer)
SLACK = 0.35  # a digit's window reaches this many pitches either side of its place
PAD = 0.2  # box heights of page kept above and below the box (a box cut at a digit's top)
SIDE = 1.0  # … and either side (a box cut at the first or last digit)
# Calibrated on the tuning sets' certificate numbers (five generators, 195 numbers; 142 pass the
# anchor below): a band and face that are right draw the value's digits at a mean fit of
# 0.65–0.95, a wrong band (a seal's lettering, a motion blur the band cannot follow) 0.1–0.45.
QUALITY = 0.6
# At the 1278 unchecked places of the anchored numbers, a digit other than the printed one led
# every other by at most 0.06 in both voting faces (0.08: none); the printed one by 0.10 at 88 %.
LEAD = 0.10
# The surely read places beside a doubted one need less: 3 other digits led by 0.04 (of 1278),
# while the three wrong digits read there each trailed by 0.10 or more.
AGREE = 0.04
# The three wrong digits read there were each beaten by 0.10 or more in both faces (by 0.10,
# 0.12, 0.19), as were 6 of the 1275 right ones (a seal's stroke over them).
DISSENT = 0.10
ANCHOR = 0.0  # each digit a rule proves must lead by this: else the cells are misplaced
VOTERS = 2  # faces that must each agree, the best first
# Fitting the pitch: the number's extent is sought from SPAN of its ink piece's width (a seal's
# stroke may run the piece on by a few digits, a pale last digit end it early), its start
# within SHIFT pitches of the piece's, and a proven digit counts within PLACE pitches of its
# place (16 cells on, a pitch off by PLACE / 10 is still within SLACK).
SPAN = (0.75, 1.05)
PITCHES = 31
SHIFT = 0.3
PLACE = 0.12
MIN_ANCHORS = 3  # proven digits needed to fit a pitch to

Geometry = tuple[int, int, int, int]  # top, bottom, left, right of the number's digits


@dataclass(frozen=True)
class Fits:
    """Per position, per voting face (best first), per digit: how well it draws the print."""

    table: NDArray[np.float64]
    quality: float

    def lead(self, i: int, digit: str) -> float:
        """How far ``digit`` beats every other digit at ``i`` in the weakest voting face."""
        rows = self.table[i]
        d = int(digit)
        others = np.delete(rows, d, axis=1).max(axis=1)
        return float((rows[:, d] - others).min())

    def beaten(self, i: int, digit: str) -> str | None:
        """The other digit that beats ``digit`` at ``i`` by ``DISSENT`` in the voting face
        that favours ``digit`` least, else None: one face against it is a dispute (review)."""
        if self.lead(i, digit) > -DISSENT:
            return None
        rows = self.table[i].copy()
        d = int(digit)
        face = int(np.argmin(rows[:, d] - np.delete(rows, d, axis=1).max(axis=1)))
        rows[face, d] = -np.inf
        return DIGITS[int(np.argmax(rows[face]))]

    def anchored(self, value: str, free: Sequence[int]) -> bool:
        """Whether every digit outside ``free`` (those rules prove) leads at its place: the
        cells sit on the digits. A pitch misjudged by a fraction puts a window on two digits'
        halves, where some other digit may fit best; the proven digits show it."""
        return all(self.lead(i, value[i]) >= ANCHOR for i in range(len(value)) if i not in free)


@dataclass(frozen=True, eq=False)  # a page is no value to compare
class Printed:
    """Where a number is printed: its page (RGB or grey) and its value box there; the fits
    measured for each value are kept (a decision may ask twice), and the digits' fits at each
    geometry tried (the candidates of one number share their proven digits, so their pitch)."""

    image: Image
    box: Box
    bare: Image | None = None  # the page with a seal's ink divided out (``_number_unseal``)
    measured: dict[str, Fits | None] = field(default_factory=dict)
    tables: dict[tuple[int, Geometry, int], NDArray[np.float64]] = field(default_factory=dict)


def measure(printed: Printed, value: str, anchors: Sequence[int] = ()) -> Fits | None:
    """The digits' fits at each position of ``value`` (all digits), or None when no band and
    face draw the value's digits at ``QUALITY`` (the crop is not the number, or unreadable).
    ``anchors``: the places whose digits rules prove, to which the digits' pitch is fitted."""
    key = f"{value}@{','.join(map(str, anchors))}"
    if key not in printed.measured:
        printed.measured[key] = _measure(printed, value, anchors) if value.isdigit() else None
    return printed.measured[key]


def _measure(printed: Printed, value: str, anchors: Sequence[int]) -> Fits | None:
    idx = np.array([int(c) for c in value])
    best: Fits | None = None
    for view, image in enumerate(_views(printed)):
        ink = _ink(image, printed.box)
        mask = drop_rules(ink > INK, max(12, int(0.75 * ink.shape[0])))
        for band in _with_pitch(ink, _geometries(mask, len(value)), value, anchors):
            if (view, band, len(value)) not in printed.tables:
                printed.tables[view, band, len(value)] = _table(ink, band, len(value))
            table = printed.tables[view, band, len(value)]
            quality = table[np.arange(len(value)), :, idx].mean(axis=0)
            order = np.argsort(-quality)[:VOTERS]
            if best is None or quality[order[0]] > best.quality:
                best = Fits(table[:, order, :], float(quality[order[0]]))
    return best if best is not None and best.quality >= QUALITY else None


def _views(printed: Printed) -> list[Image]:
    """The page, and the page with a seal's ink divided out when there is one: a dark seal's
    stroke stays in the red channel as grey ink across a digit, and the unsealed view takes
    it out (each view's bands compete on how well the value's digits draw them)."""
    return [printed.image, *([printed.bare] if printed.bare is not None else [])]


def shown(fits: Fits, value: str, free: Sequence[int], doubted: Sequence[int] = ()) -> bool:
    """Whether the print shows each digit of ``value`` at the unchecked places ``free``, the
    proven digits anchoring the cells: at a ``doubted`` place (every place, when none is
    named) it beats every other digit by ``LEAD``; at the others, which sure readings read
    alike, by ``AGREE``."""
    need = doubted or free
    return fits.anchored(value, free) and all(
        fits.lead(i, value[i]) >= (LEAD if i in need else AGREE) for i in free)


def disputed(fits: Fits, value: str, free: Sequence[int]) -> dict[int, str]:
    """Per unchecked place of ``free``, the other digit the print shows instead of value's
    (none when the proven digits do not anchor the cells)."""
    if not fits.anchored(value, free):
        return {}
    return {i: d for i in free if (d := fits.beaten(i, value[i])) is not None}


def _ink(image: Image, box: Box) -> NDArray[np.float32]:
    """The box's ink from the red channel (a red seal drops out), with a margin around it."""
    x0, y0, x1, y1 = box
    h, w = image.shape[:2]
    pad, side = int(round(PAD * (y1 - y0))), int(round(SIDE * (y1 - y0)))
    part = image[max(0, y0 - pad) : min(h, y1 + pad), max(0, x0 - side) : min(w, x1 + side)]
    grey = part[:, :, 0] if part.ndim == 3 else part
    return ink_of(np.ascontiguousarray(grey, dtype=np.uint8))


def _geometries(mask: NDArray[np.bool_], n: int) -> Iterator[Geometry]:
    """Candidate (top, bottom, left, right) of the number's digits in ``mask``."""
    profile = mask.sum(axis=1).astype(np.float64)
    if not len(profile) or profile.max() <= 0:
        return
    seen = set()
    for level in BANDS:
        band = longest_run(profile >= level * profile.max())
        if band is None or band[1] - band[0] < 6 or band in seen:
            continue
        seen.add(band)
        top, bottom = band
        cols = mask[top:bottom].sum(axis=0) >= 1
        pieces = ink_pieces(cols, max(2, int(round(GAP * (bottom - top)))))
        if not pieces:
            continue
        left, right = max(pieces, key=lambda p: p[1] - p[0])
        if right - left >= 0.3 * (bottom - top) * n:  # narrower cannot hold n digits
            yield top, bottom, left, right


def _with_pitch(ink: NDArray[np.float32], bands: Iterable[Geometry], value: str,
                anchors: Sequence[int]) -> Iterator[Geometry]:
    """Each band as found and, given ``anchors`` enough, again with the digits' start and
    pitch fitted to where the proven digits are printed (``_fit_pitch``)."""
    for band in bands:
        yield band
        fitted = _fit_pitch(ink, band, value, anchors) if len(anchors) >= MIN_ANCHORS else None
        if fitted is not None and fitted != band:
            yield fitted


def _fit_pitch(ink: NDArray[np.float32], band: Geometry, value: str, anchors: Sequence[int]
               ) -> Geometry | None:
    """``band``'s number placed by its own print: the start and pitch at which each proven
    digit's glyph is found closest to its place. The ink piece a band takes for the number
    may run on past its last digit (a seal's stroke or the next mark joined to it), which
    stretches every cell after the first by a share of a digit until the last ones straddle
    two digits; the proven digits (year, province, qualification) span most of the number
    and fix its pitch, independently of the digits left to check."""
    top, bottom, left, right = band
    n, strip = len(value), ink[max(0, top - 3) : bottom + 3]
    rows = {ch: _response(strip, ch, bottom - top) for ch in {value[i] for i in anchors}}
    base = (right - left) / n
    best, where, step = -np.inf, None, max(1.0, base / 20)
    for pitch in np.linspace(SPAN[0] * base, SPAN[1] * base, PITCHES):
        half = max(1, int(round(PLACE * pitch)))
        for start in np.arange(left - SHIFT * pitch, left + SHIFT * pitch + 1e-6, step):
            score = sum(_near(rows[value[i]], start + (i + 0.5) * pitch, half) for i in anchors)
            if score > best:
                best, where = score, (start, pitch)
    if where is None:
        return None
    start, pitch = where
    return top, bottom, int(round(start)), int(min(ink.shape[1], round(start + n * pitch)))


def _near(row: NDArray[np.float64], centre: float, half: int) -> float:
    """The best fit in ``row`` within ``half`` columns of ``centre`` (-1 off the row)."""
    c = int(round(centre))
    part = row[max(0, c - half) : max(0, c + half + 1)]
    return float(part.max()) if len(part) else -1.0


def _response(strip: NDArray[np.float32], ch: str, height: int) -> NDArray[np.float64]:
    """Per column of ``strip``, how well ``ch`` (any face, sharp or blurred) is drawn centred
    there: the best correlation down the column."""
    row = np.full(strip.shape[1], -1.0)
    for face in faces():
        for sigma in (0.0, 1.0):
            tpl = _template(ch, face, height, sigma)
            if tpl is None or tpl.shape[0] > strip.shape[0] or tpl.shape[1] > strip.shape[1]:
                continue
            got = cv2.matchTemplate(strip, tpl, cv2.TM_CCOEFF_NORMED).max(axis=0)
            c = tpl.shape[1] // 2
            row[c : c + len(got)] = np.maximum(row[c : c + len(got)], got)
    return row


def _table(ink: NDArray[np.float32], geometry: Geometry, n: int
           ) -> NDArray[np.float64]:
    """Fits of every digit in every face at each of the ``n`` places of ``geometry``."""
    top, bottom, left, right = geometry
    height, pitch = bottom - top, (right - left) / n
    out = np.full((n, len(faces()), len(DIGITS)), -1.0)
    for i in range(n):
        x0 = int(max(0, left + (i - SLACK) * pitch))
        x1 = int(min(ink.shape[1], left + (i + 1 + SLACK) * pitch))
        window = ink[max(0, top - 3) : bottom + 3, x0:x1]
        for face in faces():
            for d, ch in enumerate(DIGITS):
                out[i, face, d] = _fit(window, ch, face, height)
    return out


def _fit(window: NDArray[np.float32], ch: str, face: int, height: int) -> float:
    """The best correlation of ``ch`` drawn ``height`` high (sharp, and blurred as a scan
    softens print) anywhere in ``window``."""
    best = -1.0
    for sigma in (0.0, 1.0):
        tpl = _template(ch, face, height, sigma)
        if tpl is None or tpl.shape[0] > window.shape[0] or tpl.shape[1] > window.shape[1]:
            continue
        best = max(best, float(cv2.matchTemplate(window, tpl, cv2.TM_CCOEFF_NORMED).max()))
    return best


@cache
def _template(ch: str, face: int, height: int, sigma: float) -> NDArray[np.float32] | None:
    g = glyph(ch, face)
    if g is None or g.shape[0] < 2:
        return None
    width = max(2, int(round(g.shape[1] * height / g.shape[0])))
    small = cv2.resize(g, (width, height), interpolation=cv2.INTER_AREA)
    out = cv2.GaussianBlur(small, (0, 0), sigma) if sigma else small
    return None if float(out.std()) < 1e-6 else np.asarray(out, dtype=np.float32)
