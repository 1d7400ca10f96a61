"""Photos laid out on a collage app's flat fill: in a column, a row or a grid, of any size and
on any background colour, each cut out along the bands of fill between them.

A collage app pastes the photos on one exactly flat colour (white, black, a tint) and leaves a
band of it between them. A desk, a wall or a page in a photo is never that flat: it has grain,
sensor noise and a fall of light. So the fill is the flat colour that runs along the picture's
border or across it from edge to edge; rows and columns of nothing but fill cut the picture
(and each part again, as a guillotine cuts a sheet) until only photos are left. A picture is a
collage only when at least two such photos are found and nothing else but fill is left over:
a scanned page has print beside any block on it, and a page's blank stretches are paper, not a
band between photos (``_collage`` cuts scanned pages end to end by their size).

Before, photos of different widths stacked on white were cut only where the strip was too
long for one picture: the green cover and the information spread above it stayed one
"page", taken for the photo page, and none of the holder's fields was read.
"""

from __future__ import annotations

import math
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from scanning._ocr import Image, u8

__all__ = ["tiles"]

Box = tuple[int, int, int, int]  # y0, y1, x0, x1 on the strided copy

_SIDE = 1200  # the long side of the strided copy (every n-th pixel: the noise is kept)
_FLAT = 4  # colour levels a fill pixel's 3 × 3 neighbourhood spreads over at most
_TOL = 10  # colour levels a fill pixel may differ from the fill (JPEG)
_BAND = 0.98  # share of fill in a row or column that makes it part of a band of fill
_MIN_TILE = 0.04  # share of the picture a photo covers at least
_SPECK = 0.01  # parts smaller than this share are not cut further (print, a logo)
_FILL_IN_PHOTO = 0.3  # share of a photo's box the fill may take (the corners of a tilted one)
_ASPECT = 2.4  # a photo is at most this many times as long as it is wide
_LEFT_OVER = 0.002  # share of the picture outside the photos that may be other than fill
_EDGE = 3  # strided pixels round a photo's box that count as its edge (JPEG ringing)
_KEPT = 0.5  # share of its box a photo keeps once the fill along its sides is shaved off
_RING_IQR = 5.0  # grey levels a photo's edge spreads over (grain, noise, a fall of light)
_RING_STEP = 25.0  # or the grey-level step from a photo's edge to its middle (desk to paper)
_TILT = 1.0  # degrees from which a photo pasted askew is turned straight when cut out


def tiles(img: Image) -> list[Image] | None:
    """The photos of a collage, in reading order; None when the picture is no collage."""
    h, w = img.shape[:2]
    step = max(1, math.ceil(max(h, w) / _SIDE))
    small = np.ascontiguousarray(img[::step, ::step])
    colour = _fill_colour(small)
    if colour is None:
        return None
    fill = _near(small, colour, _TOL)
    boxes = _cut(fill, (0, fill.shape[0], 0, fill.shape[1]), fill.size)
    photos = [b for b in boxes if _photo_like(small, fill, b)]
    if len(photos) < 2:
        return None
    edged = np.zeros_like(fill)
    for y0, y1, x0, x1 in photos:
        edged[max(0, y0 - _EDGE) : y1 + _EDGE, max(0, x0 - _EDGE) : x1 + _EDGE] = True
    if int((~fill & ~edged).sum()) > _LEFT_OVER * fill.size:
        return None  # print beside the blocks (a heading, box lines): a page, not a collage
    cut = [_cut_out(img, fill, b, step) for b in photos]
    shaved = [_shaved(photo, colour) for photo in cut]
    if any(s.size < _KEPT * c.size for s, c in zip(shaved, cut, strict=True)):
        return None  # a "photo" that is mostly fill: tinted boxes on a page, not photos
    return shaved


def _fill_colour(small: Image) -> NDArray[np.int16] | None:
    """The flat colour along the picture's border or across it from edge to edge, if any."""
    grown = cv2.dilate(small, np.ones((3, 3), np.uint8))
    shrunk = cv2.erode(small, np.ones((3, 3), np.uint8))
    flat = _channel_max(cv2.subtract(grown, shrunk)) <= _FLAT  # grown >= shrunk: no clipping
    seen = np.zeros_like(flat)
    seen[:2], seen[-2:], seen[:, :2], seen[:, -2:] = True, True, True, True
    seen |= flat.mean(axis=1, keepdims=True) >= _BAND
    seen |= flat.mean(axis=0, keepdims=True) >= _BAND
    mask = flat & seen
    # Each pixel's colour box (8 levels a side) worked out on the whole copy as one number:
    # picking it for the masked pixels is far cheaper than picking their three channels.
    boxes = _colour_boxes(small)
    keys = boxes[mask]
    if len(keys) < min(small.shape[:2]) // 2:
        return None
    top = int(np.argmax(np.bincount(keys, minlength=1)))  # the first of the most frequent
    chosen = mask & (boxes == top)
    return _median_levels(np.stack([small[..., c][chosen] for c in range(small.shape[2])], 1))


def _colour_boxes(small: Image) -> NDArray[np.int32]:
    """Each pixel's box of 8 × 8 × 8 colour levels as one number (r // 8 · 1024 + g // 8 · 32
    + b // 8)."""
    bins = (small >> 3).astype(np.int32)
    return (bins[..., 0] << 10) | (bins[..., 1] << 5) | bins[..., 2]


def _near(img: Image, colour: NDArray[np.int16], tol: int) -> NDArray[np.bool_]:
    """Pixels whose every channel is within ``tol`` levels of ``colour`` (levels 0–255)."""
    near = np.ones(img.shape[:2], bool)
    for c in range(img.shape[2]):
        level = int(colour[c])
        lo, hi = max(0, level - tol), min(255, level + tol)
        channel = img[..., c]
        near &= (channel >= lo) & (channel <= hi)
    return near


def _median_levels(pixels: NDArray[np.integer[Any]]) -> NDArray[np.int16]:
    """``np.median(pixels, axis=0)`` as int16, for pixels of levels 0–255, counted by level
    instead of sorted (the same values: the middle one, or the mean of the middle two)."""
    n = len(pixels)
    mid = [(n - 1) // 2, n // 2]  # the order statistics the median is made of
    out = []
    for c in range(pixels.shape[1]):
        below = np.cumsum(np.bincount(pixels[:, c], minlength=256))
        lo, hi = (int(np.searchsorted(below, k, side="right")) for k in mid)
        out.append(np.mean(np.array([lo, hi], np.float64)))
    return np.asarray(out, np.int16)


def _channel_max(img: NDArray[Any]) -> NDArray[Any]:
    """The largest of each pixel's channels: ``img.max(axis=2)``, at a fraction of the
    CPU (numpy's reduction over a last axis of three or four runs pixel by pixel)."""
    out = img[..., 0]
    for c in range(1, img.shape[2]):
        out = np.maximum(out, img[..., c])
    return out


def _trimmed(fill: NDArray[np.bool_], box: Box) -> Box | None:
    """The box without the bands of fill along its edges; None when it holds only fill."""
    for _ in range(2):  # the columns' share counts the rows' fill until those are gone
        y0, y1, x0, x1 = box
        sub = fill[y0:y1, x0:x1]
        rows = np.flatnonzero(sub.mean(axis=1) < _BAND)
        cols = np.flatnonzero(sub.mean(axis=0) < _BAND)
        if rows.size == 0 or cols.size == 0:
            return None
        box = (y0 + int(rows[0]), y0 + int(rows[-1]) + 1, x0 + int(cols[0]), x0 + int(cols[-1]) + 1)
    return box


def _cut(fill: NDArray[np.bool_], box: Box, total: int, depth: int = 0) -> list[Box]:
    """The parts of ``box`` between bands of fill across it, each cut again (a guillotine's
    cuts: rows first, then columns), in reading order."""
    trimmed = _trimmed(fill, box)
    if trimmed is None:
        return []
    y0, y1, x0, x1 = trimmed
    if depth >= 6 or (y1 - y0) * (x1 - x0) < _SPECK * total:
        return [trimmed]
    sub = fill[y0:y1, x0:x1]
    for axis, start in ((1, y0), (0, x0)):
        band = sub.mean(axis=axis) >= _BAND
        if not band.any():
            continue
        edges = np.diff(np.concatenate(([1], band.astype(np.int8), [1])))
        spans = zip(np.flatnonzero(edges == -1), np.flatnonzero(edges == 1), strict=True)
        parts: list[Box] = []
        for a_, b_ in spans:
            a, b = start + int(a_), start + int(b_)
            part: Box = (a, b, x0, x1) if axis == 1 else (y0, y1, a, b)
            parts.extend(_cut(fill, part, total, depth + 1))
        return parts
    return [trimmed]


def _photo_like(small: Image, fill: NDArray[np.bool_], box: Box) -> bool:
    """A block that is a photo: large, photo-shaped, little fill inside, and an edge of desk
    (grain, a fall of light) or one unlike its middle (desk round a page). A tinted sticker or
    a table on a scanned page is flat from edge to middle."""
    y0, y1, x0, x1 = box
    bh, bw = y1 - y0, x1 - x0
    if bh * bw < _MIN_TILE * fill.size or max(bh, bw) > _ASPECT * min(bh, bw):
        return False
    if float(fill[y0:y1, x0:x1].mean()) > _FILL_IN_PHOTO:
        return False
    grey = cv2.cvtColor(small[y0:y1, x0:x1], cv2.COLOR_RGB2GRAY).astype(np.float32)
    r = max(2, min(bh, bw) // 30)
    ring = np.zeros((bh, bw), bool)
    ring[:r], ring[-r:], ring[:, :r], ring[:, -r:] = True, True, True, True
    edge = grey[ring & ~fill[y0:y1, x0:x1]]
    if edge.size == 0:
        return False
    q1, q3 = np.percentile(edge, (25, 75))
    middle = grey[bh // 4 : bh - bh // 4, bw // 4 : bw - bw // 4]
    step = abs(float(np.median(edge)) - float(np.median(middle)))
    return float(q3 - q1) >= _RING_IQR or step >= _RING_STEP


def _cut_out(img: Image, fill: NDArray[np.bool_], box: Box, step: int) -> Image:
    """The photo at the file's resolution: its box, or, pasted askew, its turned rectangle."""
    y0, y1, x0, x1 = box
    h, w = img.shape[:2]
    mask = (~fill[y0:y1, x0:x1]).astype(np.uint8)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if contours:
        largest = max(contours, key=cv2.contourArea)
        (cx, cy), (rw, rh), angle = cv2.minAreaRect(largest)
        tilt = (angle + 45.0) % 90.0 - 45.0
        if abs(tilt) > _TILT and cv2.contourArea(largest) > 0.9 * rw * rh:
            centre = ((x0 + cx) * step, (y0 + cy) * step)
            return _straightened(img, centre, (rw * step, rh * step), angle)
    return img[max(0, y0 * step - step) : min(h, y1 * step + step),
               max(0, x0 * step - step) : min(w, x1 * step + step)]  # fmt: skip


def _shaved(photo: Image, colour: NDArray[np.int16]) -> Image:
    """The photo without the lines of fill left along its sides (the strided copy's rounding,
    and JPEG ringing that kept a line or two from counting as fill): lines most of which are
    the fill's colour."""
    near = _near(photo[::2, ::2], colour, 2 * _TOL)
    keep = []
    for share in (near.mean(axis=1), near.mean(axis=0)):
        busy = np.flatnonzero(share < 0.5)
        keep.append((2 * int(busy[0]), 2 * int(busy[-1]) + 2) if busy.size else (0, len(share) * 2))
    (y0, y1), (x0, x1) = keep
    return photo[y0:y1, x0:x1]


def _straightened(
    img: Image, centre: tuple[float, float], size: tuple[float, float], angle: float
) -> Image:
    """The turned rectangle cut out upright (the turn under 45°: a photo is not fed sideways)."""
    w, h = size
    if angle > 45.0:
        w, h, angle = h, w, angle - 90.0
    mat = cv2.getRotationMatrix2D(centre, angle, 1.0)
    mat[:, 2] += np.array([w / 2 - centre[0], h / 2 - centre[1]])
    return u8(cv2.warpAffine(img, mat, (int(round(w)), int(round(h))), flags=cv2.INTER_LINEAR,
                             borderMode=cv2.BORDER_REPLICATE))
