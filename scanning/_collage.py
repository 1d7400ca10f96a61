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

from scanning import _collage_tiles
from scanning._ocr import Image, u8

__all__ = ["MAX_ASPECT", "pieces"]

MAX_ASPECT = 2.2
_PAGE = 205.0 / 145.0  # a booklet page's height over its width
_SIDE = 600  # the short side of the copy the bands are looked for on
_PLAIN = 14  # grey levels a row of plain background may spread over (JPEG noise, lighting)
_MIN_PIECE = 0.5  # a piece is at least this many widths long (a spread is ~0.7)
_FLAT_SHARE = 0.15  # below this share of plain rows, every plain band is a seam between photos
_FLAT = 2.0  # grey levels a row of a collage's own fill spreads over (a desk spreads over more)
_BLEND = 10.0  # grey levels by which a line blurred from a light fill outshines the photo


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
    # Cut in each band's middle, not at its ends: a band of desk can hold the tip of a page
    # tilted in its photo (too few pixels to make a row unplain); the collage's own background
    # is trimmed off each piece afterwards (see ``_trim``).
    at = [0, *((s + e) // 2 for s, e in runs if s > 0 and e < length), length]
    spans = list(zip(at, at[1:], strict=False))
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


def _spans(grey: NDArray[np.uint8]) -> tuple[list[tuple[int, int]], bool]:
    """(start, end) of each picture along the small copy's rows, and whether they are photos
    (cut at the seams between them) rather than scanned pages."""
    plain = _plain(grey)
    runs, length, width = _runs(plain), len(plain), grey.shape[1]
    seams = _seams(runs, length, width) if plain.mean() < _FLAT_SHARE else None
    if seams is not None:
        return seams, True
    at = [0, *(_pages(runs, length, width) or _cuts(runs, 0, length, width)), length]
    return list(zip(at, at[1:], strict=False)), False


def _trim(piece: Image) -> Image:
    """The piece without the collage's background round it: a narrower picture is padded to
    the strip's width with a flat fill, and a cut in a seam's middle may leave some of the fill
    and a band of the next photo's desk; the fill would pass for paper (lighter than the desk)
    and bend the booklet's outline. Only exactly flat rows and columns are fill: a desk,
    however plain, has grain, noise and a fall of light along a whole row. What lies beyond
    the innermost flat line of each outer fifth goes with it."""
    for axis in (1, 0):  # rows first: a fill band across the piece hides the fill columns
        grey = cv2.cvtColor(piece[::2, ::2], cv2.COLOR_RGB2GRAY).astype(np.float32)
        spread = np.percentile(grey, 99, axis=axis) - np.percentile(grey, 1, axis=axis)
        a, b = _kept(spread <= _FLAT, grey.mean(axis=axis))
        piece = piece[2 * a : 2 * b] if axis == 1 else piece[:, 2 * a : 2 * b]
    return piece


def _kept(flat: NDArray[np.bool_], level: NDArray[np.float32]) -> tuple[int, int]:
    """Lines of a piece to keep: the fill runs in from each edge as far as it is unbroken, and
    beyond any flat line in the outer fifth; a line or two where JPEG blurred a light fill into
    the photo (lighter than the photo's next lines) goes too."""
    n, busy = len(flat), np.flatnonzero(~flat)
    if busy.size == 0:
        return 0, n
    start, end = int(busy[0]), int(busy[-1]) + 1
    inner = np.flatnonzero(flat[: n // 5])
    outer = np.flatnonzero(flat[n - n // 5 :]) + n - n // 5
    start = max(start, int(inner[-1]) + 1 if inner.size else 0)
    end = min(end, int(outer[0]) if outer.size else n)
    for _ in range(2):
        if 0 < start < end - 3 and level[start] > level[start + 2] + _BLEND:
            start += 1
        if start + 3 < end < n and level[end - 1] > level[end - 3] + _BLEND:
            end -= 1
    return (start, end) if end > start else (0, n)


def pieces(img: Image) -> list[Image]:
    """The pictures of a stacked image or a collage, in order (photos without the collage's
    background round them); any other image as it is."""
    tiles = _collage_tiles.tiles(img)
    if tiles is not None:
        return [_trim(tile) for tile in tiles]
    h, w = img.shape[:2]
    if max(h, w) <= MAX_ASPECT * min(h, w):
        return [img]
    grey, scale = _strip(img)
    spans, photos = _spans(grey)
    out = []
    for a, b in spans:
        rows = slice(round(a / scale), round(b / scale))
        piece = img[:, rows] if w > h else img[rows]
        # A photo never holds an exactly flat row; a clean scanned page's margins may.
        out.append(_trim(piece) if photos else piece)
    return out
