"""One image holding several pages stacked (a collage app's or a scanner's "one long image").

A page is 145 × 205 mm and an open spread 290 × 205 mm, so no single page or spread is more
than about 1.5 times as long as it is wide, whatever way it was turned. An image more than
``MAX_ASPECT`` times as long as it is wide holds several pictures laid end to end; collage apps
and long-image scanners leave a band of plain background between them. Cutting there gives
pictures each of which goes through the usual normalisation (unwarping a photo, turning it
upright, cutting a spread at its binding); before, the whole strip was taken for one page and
nothing on it was read.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from scanning._ocr import Image, u8

__all__ = ["MAX_ASPECT", "pieces"]

MAX_ASPECT = 2.2
_PAGE = 205.0 / 145.0  # a booklet page's height over its width
_SIDE = 600  # the short side of the copy the bands are looked for on
_PLAIN = 14  # grey levels a row of plain background may spread over (JPEG noise, lighting)
_MIN_PIECE = 0.5  # a piece is at least this many widths long (a spread is ~0.7)
_FLAT_SHARE = 0.15  # below this share of plain rows, every plain band is a seam between photos


def _strip(img: Image) -> tuple[NDArray[np.uint8], float]:
    """A small grey copy with the long side down the rows; and its scale."""
    h, w = img.shape[:2]
    scale = min(1.0, _SIDE / min(h, w))
    small = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    grey = u8(cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY), (3, 3), 0))
    return (grey.T if w > h else grey), float(scale)


def _plain(grey: NDArray[np.uint8]) -> NDArray[np.bool_]:
    """Whether each row is plain background."""
    spread = np.percentile(grey, 98, axis=1) - np.percentile(grey, 2, axis=1)
    return np.asarray(spread <= _PLAIN)


def _runs(plain: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """(start, end) of each run of plain rows."""
    edges = np.diff(np.concatenate(([0], plain.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True))


def _cuts(runs: list[tuple[int, int]], lo: int, hi: int, width: int) -> list[int]:
    """Where to cut rows ``lo``..``hi``: at the middle of the widest plain band that leaves a
    picture-sized piece on each side, again in each piece still too long for one picture."""
    if hi - lo <= MAX_ASPECT * width:
        return []
    least = _MIN_PIECE * width
    fits = [(e - s, (s + e) // 2) for s, e in runs if (s + e) // 2 - lo >= least
            and hi - (s + e) // 2 >= least]  # fmt: skip
    if not fits:
        return []
    mid = max(fits)[1]
    return [*_cuts(runs, lo, mid, width), mid, *_cuts(runs, mid, hi, width)]


def _seams(runs: list[tuple[int, int]], length: int, width: int) -> list[tuple[int, int]] | None:
    """Photos end to end: a photo's rows hold desk, light and shadow, so on a strip that is
    hardly ever plain every plain band is a seam between two photos: the spans between them;
    None when a piece would be shorter than any photo of a page or spread (a blank stretch
    inside a scanned page)."""
    bounds = [0, *(x for s, e in runs if s > 0 and e < length for x in (s, e)), length]
    spans = list(zip(bounds[::2], bounds[1::2], strict=True))
    if any(b - a < _MIN_PIECE * width for a, b in spans):
        return None
    return spans


def _pages(runs: list[tuple[int, int]], length: int, width: int) -> list[int] | None:
    """Scanned pages of one size end to end (the page fills the width): cuts in the plain
    bands nearest each page's expected end, or None when the strip is no whole number of pages
    or a page end falls in no plain band (a blank stretch inside a page is no page end)."""
    n = round(length / (_PAGE * width))
    if n < 2 or abs(length / (n * _PAGE * width) - 1) > 0.12:
        return None
    reach, cuts = 0.1 * width, []
    for k in range(1, n):
        want = k * length / n
        near = [(s, e) for s, e in runs if s - reach <= want <= e + reach]
        if not near:
            return None
        s, e = min(near, key=lambda r: min(abs(want - r[0]), abs(want - r[1])))
        cuts.append(int(min(max(want, s), e - 1)))
    return cuts


def _spans(grey: NDArray[np.uint8]) -> list[tuple[int, int]]:
    """(start, end) of each picture along the small copy's rows."""
    plain = _plain(grey)
    runs, length, width = _runs(plain), len(plain), grey.shape[1]
    seams = _seams(runs, length, width) if plain.mean() < _FLAT_SHARE else None
    if seams is not None:
        return seams
    at = [0, *(_pages(runs, length, width) or _cuts(runs, 0, length, width)), length]
    return list(zip(at, at[1:], strict=False))


def pieces(img: Image) -> list[Image]:
    """The pictures of a stacked image, in order; any other image as it is."""
    h, w = img.shape[:2]
    if max(h, w) <= MAX_ASPECT * min(h, w):
        return [img]
    grey, scale = _strip(img)
    out = []
    for a, b in _spans(grey):
        rows = slice(round(a / scale), round(b / scale))
        out.append(img[:, rows] if w > h else img[rows])
    return out
