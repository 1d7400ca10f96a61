"""What a picture of a booklet holds, before any text is read: a cover (cloth, not paper), a
blank page, or an open spread to cut at its binding."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from scanning._ocr import Image, u8

__all__ = ["SPREAD_ASPECT", "binding", "is_blank", "is_cover", "opens_on_a_page", "split"]

SPREAD_ASPECT = 1.15  # width / height from which a picture is an open spread, not one page
_RISE = 3.0  # grey levels the paper must rise on both sides of a binding shadow
_STEP = 6.0  # grey levels by which two facing pages' paper must differ for their edge to count
_GUTTER = 30.0  # grey levels a thin full-height line stands below the paper beside it
_CLOTH_S = 90  # HSV saturation from which a pixel may be cover cloth (tinted paper is paler)
_CLOTH_V = 200  # HSV value above which a pixel is too bright for cloth (paper under warm light)
_PRINT = 0.02  # share of a picture darker than half its middle tone that makes it print
_HUE_BAND = 10  # hue steps (of 180) either side of a cloth's commonest hue


def binding(img: Image) -> int:
    """Column of the binding in a spread, near the middle: where the paper itself is darkest
    (a high percentile of each column ignores print, so a column of text is no valley; valleys
    thinner than a binding shadow, fold creases, are closed first; a slight pull to the middle
    decides when there is no shadow at all), or where a dark cover meets a light page."""
    h, w = img.shape[:2]
    scale = min(1.0, 800 / w)
    small = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    gray = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
    sh, sw = gray.shape
    paper = np.percentile(gray[int(sh * 0.1) : int(sh * 0.9)], 80, axis=0).astype(np.float32)
    k = max(3, sw // 70) | 1
    closed = cv2.erode(cv2.dilate(paper[None, :], np.ones((1, k))), np.ones((1, k)))[0]
    smooth = np.convolve(closed, np.ones(k) / k, mode="same")
    lo, hi = int(sw * 0.4), int(sw * 0.6)
    if abs(float(np.median(paper[: sw // 2])) - float(np.median(paper[sw // 2 :]))) > 60:
        # A dark cover beside a light page: cut where one meets the other.
        at = lo + k // 2 + int(np.argmax(np.abs(smooth[lo + k : hi] - smooth[lo : hi - k])))
    else:
        # Columns dark over nearly the whole height: the gutter's printed or creased line
        # (a table's rule or a column of print stops short of the page's head and foot).
        line = np.percentile(gray[int(sh * 0.05) : int(sh * 0.95)], 97, axis=0)
        at = _valley_or_step(smooth, lo, hi, k, line.astype(np.float64))
    return int(min(w - 1, max(1, round(at / scale))))


def _valley_or_step(
    smooth: NDArray[np.float64], lo: int, hi: int, k: int, line: NDArray[np.float64] | None = None
) -> int:
    """The binding on a spread of light pages: the darkest column where the paper rises again
    on both sides (a shadow, a crease); where it only darkens towards one end (light falling
    off across a phone photo) that is no binding: then a thin line down the whole height
    (``line``: each column's tone over nearly all its rows) nearest the middle — glare can
    flatten the paper round the gutter, and the light's fall past it is no page edge — else
    the edge where one page's paper tone gives way to the other's, else the middle (both
    pages of a spread are one size)."""
    sw = len(smooth)
    xs = np.arange(lo, hi, dtype=np.float32)
    at = lo + int(np.argmin(smooth[lo:hi] + 30.0 * np.abs(xs - sw / 2) / sw))
    rise = min(smooth[lo : at + 1].max(), smooth[at:hi].max()) - smooth[at]
    if rise >= _RISE:
        return at
    if line is not None and (dark := np.flatnonzero(smooth[lo:hi] - line[lo:hi] >= _GUTTER)).size:
        return lo + int(dark[np.argmin(np.abs(dark + lo - sw / 2))])
    steps = np.abs(smooth[lo + k : hi] - smooth[lo : hi - k])
    if steps.size and float(steps.max() - np.median(steps)) > _STEP:
        return lo + k // 2 + int(np.argmax(steps))
    return sw // 2


def split(img: Image) -> list[Image]:
    """One page, or the two pages of a spread cut at the binding."""
    h, w = img.shape[:2]
    if w / h < SPREAD_ASPECT:
        return [img]
    cut = binding(img)
    return [img[:, :cut], img[:, cut:]]


def is_cover(img: Image) -> bool:
    """Cover pages are mostly saturated red/brown, mostly cloth of one other colour (green,
    blue, brown, dark red) or, in greyscale, mostly dark with little fine print: a page of
    paper is light, whatever is printed on it."""
    small = cv2.resize(img, (64, 64), interpolation=cv2.INTER_AREA)
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    red = ((hsv[..., 0] <= 12) | (hsv[..., 0] >= 165)) & (hsv[..., 1] > 100)
    if float(red.mean()) > 0.5 or _red_booklet(red):
        return True
    cloth = _cloth(u8(hsv))
    # The inner 80 %: a phone photo's desk or a scanner lid around the page does not count.
    inner = hsv[6:-6, 6:-6]
    if cloth is not None and not _printed(img):
        paper = (inner[..., 2] >= 150) & (inner[..., 1] < 50)
        if float(cloth[6:-6, 6:-6].mean()) > 0.6 and float(paper.mean()) < 0.1:
            return True
        if _red_booklet(cloth):
            return True
    return float((inner[..., 2] < 110).mean()) > 0.6 and float(np.median(inner[..., 2])) < 100


def _printed(img: Image) -> bool:
    """Whether the picture holds lines of dark print, as a page does (on paper however warmly
    tinted or lit): a cover's title is gold or light on the cloth, never darker than it."""
    scale = 256 / max(img.shape[:2])
    small = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = small.shape[:2]
    value = small.max(axis=2)[h // 10 : h - h // 10, w // 10 : w - w // 10].astype(np.float32)
    return float((value < 0.55 * float(np.median(value))).mean()) > _PRINT


def _cloth(hsv: NDArray[np.uint8]) -> NDArray[np.bool_] | None:
    """Pixels of the picture's one cloth colour: saturated, darker than any paper, in a band of
    hues round the commonest saturated hue (a cover's gold title and a glare spot are not);
    None when too little of the picture is saturated for a cover."""
    hue = hsv[..., 0].astype(np.int16)
    sat = (hsv[..., 1] >= _CLOTH_S) & (hsv[..., 2] <= _CLOTH_V) & (hsv[..., 2] >= 40)
    if float(sat.mean()) < 0.25:
        return None
    hist = np.bincount(hue[sat], minlength=180).astype(np.float64)
    wrapped = np.concatenate([hist[-_HUE_BAND:], hist, hist[:_HUE_BAND]])
    top = int(np.argmax(np.convolve(wrapped, np.ones(2 * _HUE_BAND + 1), "valid")))
    off = np.abs(hue - top)
    return np.asarray(sat & (np.minimum(off, 180 - off) <= _HUE_BAND))


def _red_booklet(red: np.ndarray) -> bool:
    """A closed booklet lying on a desk or in a scanner bed that was not cut out of the picture
    (``red``: the mask of its cloth, red or another colour): one solid region filling most of
    its own box, a quarter of the picture or more, and not running round every edge (a desk of
    that colour around a page would)."""
    if float(red.mean()) < 0.25:
        return False
    _, _, stats, _ = cv2.connectedComponentsWithStats(red.astype(np.uint8))
    _, _, w, h, area = stats[1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))]
    side = red.shape[0]
    spans_all = w >= side - 2 and h >= side - 2
    return area >= 0.25 * red.size and area >= 0.65 * w * h and not spans_all


def is_blank(img: Image) -> bool:
    """Almost no print: no stroke stands clearly darker than the paper right around it. A local
    paper level ignores binding shadows and uneven light; faint show-through and pale patterns
    are too light to count; light-grey print still does."""
    scale = 400 / img.shape[0]
    gray = cv2.cvtColor(
        cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), cv2.COLOR_RGB2GRAY
    )
    paper = cv2.dilate(gray, np.ones((15, 15), np.uint8))
    ink = (paper.astype(np.int16) - gray.astype(np.int16)) > 50
    return float(ink.mean()) < 0.0003


def opens_on_a_page(img: Image) -> bool:
    """A spread-shaped picture one half of which is a page of print, not cloth (the
    registration page beside the red back cover): split and read, never taken whole for a
    cover, or the page's entries would be lost without a word."""
    h, w = img.shape[:2]
    if max(h, w) < SPREAD_ASPECT * min(h, w):
        return False
    halves = (img[:, : w // 2], img[:, w // 2 :]) if w > h else (img[: h // 2], img[h // 2 :])
    return any(not is_cover(half) and not is_blank(half) for half in halves)
