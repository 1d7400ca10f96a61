"""Seals found by their shape, for pages where their colour is gone (greyscale scans).

On a colour scan a seal is red and the red channel pales it, so what lies under it can be read
again and checked. A greyscale scan keeps the seal as grey ink like the print: nothing removes
it, a re-read sees the same image, and a comma or a digit under the ring can vanish with no
reading doubting it. Such a seal is found by its shape instead: a ring of ink (round or oval)
of a seal's size relative to the page. A text line it crosses is then in doubt until its text
is proved by other means.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from scanning._ocr import Box, Image

WORK_WIDTH = 400  # the page is searched at this width (px); a seal's ring stays a few px thick
RADIUS = (0.05, 0.22)  # a seal's radius as a share of the page width (booklet pages: 0.1–0.18)
GREY_SPREAD = 18  # channel spread (8-bit) under which a page has no colour
INK = 40  # darker than the paper by this much is ink (a lightly pressed seal is ~60 below)
RING = 0.65  # share of the rim that must carry one smooth ring for a circle to be a seal
_STEPS = 90  # points sampled along the rim
_THIN = 6  # a ring's line is at most this many of the 25 samples across the rim band


@dataclass(frozen=True)
class Ring:
    """A seal found by its ring: centre and radius in page pixels."""

    cx: float
    cy: float
    r: float

    def holds(self, box: Box, radii: float) -> bool:
        """Whether ``box``'s centre lies within ``radii`` of the seal's radius from its centre."""
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        return math.hypot(cx - self.cx, cy - self.cy) <= radii * self.r

    def chord(self, top: float, bottom: float) -> tuple[float, float] | None:
        """The x span the seal covers between two heights (a text line's band), if any."""
        dy = 0.0 if top <= self.cy <= bottom else min(abs(top - self.cy), abs(bottom - self.cy))
        if dy >= self.r:
            return None
        half = math.sqrt(self.r**2 - dy**2)
        return self.cx - half, self.cx + half

    def crosses(self, box: Box) -> tuple[float, float] | None:
        """The part of ``box``'s x span the seal covers, if it covers any."""
        span = self.chord(box[1], box[3])
        if span is None:
            return None
        lo, hi = max(span[0], box[0]), min(span[1], box[2])
        return (lo, hi) if hi > lo else None


def is_grey(image: Image) -> bool:
    """Whether the page carries no colour (a greyscale scan kept as three equal channels)."""
    if image.ndim != 3:
        return True
    small = image[::8, ::8].astype(np.int16)
    spread = small.max(axis=2) - small.min(axis=2)
    return float(np.percentile(spread, 99.5)) < GREY_SPREAD


def rings(image: Image) -> list[Ring]:
    """Seal rings on a page without colour (none on a colour page: its seals are red and
    checked through the red channel)."""
    if not is_grey(image):
        return []
    grey = image if image.ndim == 2 else image[..., 0]
    scale = WORK_WIDTH / grey.shape[1]
    small: Image = np.asarray(cv2.resize(np.ascontiguousarray(grey), None, fx=scale, fy=scale,
                                         interpolation=cv2.INTER_AREA), dtype=np.uint8)  # fmt: skip
    blurred = cv2.GaussianBlur(small, (0, 0), 1.0)
    lo, hi = (int(v * WORK_WIDTH) for v in RADIUS)
    found = cv2.HoughCircles(
        blurred, cv2.HOUGH_GRADIENT_ALT, 1.5, minDist=lo, param1=80, param2=0.4,
        minRadius=lo, maxRadius=hi,
    )  # fmt: skip
    if found is None:
        return []
    paper = float(np.percentile(small, 90))
    out: list[Ring] = []
    for cx, cy, r in found[0]:
        share, (x, y, rr) = _fitted(small, paper, float(cx), float(cy), float(r))
        ring = Ring(x / scale, y / scale, rr / scale)
        if share >= RING and not any(_same(ring, o) for o in out):
            out.append(ring)
    return out


def _same(a: Ring, b: Ring) -> bool:
    """Two circles of one seal (its outer and inner ring, or the rim found twice)."""
    return math.hypot(a.cx - b.cx, a.cy - b.cy) < 0.5 * max(a.r, b.r)


def _fitted(
    small: Image, paper: float, cx: float, cy: float, r: float
) -> tuple[float, tuple[float, float, float]]:
    """Share of the rim that carries one smooth ring, with the circle moved onto the ring
    (the finder's centre is rough, most of all for an oval): the better of the ring traced
    at the darkest point of each ray (a well-inked ring) and at its outermost ink (a mottled,
    lightly pressed ring whose own lettering inside is darker than it)."""
    fits = [_moved(small, paper, cx, cy, r, outer) for outer in (False, True)]
    return max(fits, key=lambda fit: fit[0])


def _moved(
    small: Image, paper: float, cx: float, cy: float, r: float, outer: bool
) -> tuple[float, tuple[float, float, float]]:
    share = 0.0
    for _ in range(3):
        share, coef = _rim(small, paper, cx, cy, r, outer)
        if coef is None or not 0.5 * r < coef[0] < 1.5 * r:
            break
        cx, cy, r = cx + float(coef[1]), cy + float(coef[2]), float(coef[0])
    return share, (cx, cy, r)


def _rim(
    small: Image, paper: float, cx: float, cy: float, r: float, outer: bool = False
) -> tuple[float, NDArray[np.float64] | None]:
    """The share of the rim that carries one smooth ring, and that ring, found along each ray
    across a band wide enough for an oval seal (axes 1 : 0.72), at the darkest point or
    (``outer``) at the outermost ink."""
    h, w = small.shape[:2]
    t = np.linspace(0, 2 * math.pi, _STEPS, endpoint=False)[:, None]
    radii = np.linspace(0.7 * r, 1.3 * r, 25)[None, :]
    xs = np.clip((cx + radii * np.cos(t)).astype(int), 0, w - 1)
    ys = np.clip((cy + radii * np.sin(t)).astype(int), 0, h - 1)
    values = small[ys, xs].astype(np.float32)
    ink = values < paper - INK
    if not outer:
        return _curve(t, ink.any(axis=1), radii[0, values.argmin(axis=1)], r)
    # The outermost ink of a ray, with paper beyond it inside the band (ink up to the band's
    # edge is a text block or a table) and paper again just inside it: a seal's ring is a thin
    # line, a face or a filled shape is ink all the way in.
    n = ink.shape[1]
    last = n - 1 - np.argmax(ink[:, ::-1], axis=1)
    steps = np.arange(n)[None, :]
    inside = (steps < last[:, None]) & (steps >= last[:, None] - _THIN)
    bounded = ink.any(axis=1) & (last < n - 2) & (inside & ~ink).any(axis=1)
    return _curve(t, bounded, radii[0, last], r)


def _curve(
    t: NDArray[np.float64], inked: NDArray[np.bool_], rho: NDArray[np.float64], r: float
) -> tuple[float, NDArray[np.float64] | None]:
    """The share of angles whose point (``rho``, where ``inked``) lies on one curve ρ = a +
    b·cos θ + c·sin θ + d·cos 2θ + e·sin 2θ (a centre off by a little, an oval), and that
    curve. Table rules and text lines darken a circle's rim here and there, but not along one
    smooth curve."""
    model = np.hstack([np.ones_like(t), np.cos(t), np.sin(t), np.cos(2 * t), np.sin(2 * t)])
    fits, coef = inked.copy(), None
    for _ in range(3):  # refit on the points near the curve (text crossing the rim is off it)
        if fits.sum() < 8:
            return 0.0, None
        coef, *_ = np.linalg.lstsq(model[fits], rho[fits], rcond=None)
        fits = inked & (np.abs(model @ coef - rho) <= max(0.06 * r, 1.5))
    return float(fits.mean()), coef
