"""A head on a white background: the photo standard since 2020 is a white background, and a
holder in a white or pale shirt leaves only hair, face and neck differing from it. The shoulders
then never reach the photo's bottom edge, and a studio's or a scanner's light makes the
background a shade darker towards the bottom, so the whole-figure test (``_photo_figure.figure_ok``)
finds no figure. What stays true of every such photo is the head: one solid, upright, round-topped
blob in the photo's upper part, centred, with background above it and beside it."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from scanning._ocr import Image

Floats = NDArray[np.float32]
_UPPER = 0.6  # the head lies in the photo's upper part; below it only clothes
# How much darker than the background a head's darkest print (hair, eyes, brows) is, at least:
# 97-234 on every photo of the kept runs; a photo's bleed-through on the next page: 7.
_DARK = 60
_ROUND5 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
# White, as scanned: Lab lightness (8-bit scale) at least this, chroma at most this.
WHITE_L, WHITE_CHROMA = 190.0, 15.0
# A photo whose most colourful pixels have less chroma than this holds no colour at all: a
# colour scan's face measured 19-75, a greyscale or bitonal scan's 0.
_GREY_CHROMA = 8.0
# A phone's light dims a whole page: a white background then reads darker than WHITE_L, but about
# as bright as the paper around the photo (17-26 L below it on the phone photos measured, a light
# grey one 30-33 below), where a blue or red background lies 100 or more below. Paper is judged
# only when it is page-bright: a dark table beside the photo is no measure.
PAPER_SHADE = 35.0
_PAPER_L = 170.0


def _row_background(lab: Floats) -> Floats | None:
    """The background colour of each row, from strips a little in from each side (a tilted
    photo's sliver of paper, a frame line, lie along the very border); None where the two sides
    disagree or hold print: no plain background."""
    h, w = lab.shape[:2]
    mx, sw = max(1, round(0.06 * w)), max(2, w // 8)
    left = np.median(lab[:, mx : mx + sw], axis=1)
    right = np.median(lab[:, w - mx - sw : w - mx], axis=1)
    if float(np.percentile(np.linalg.norm(left - right, axis=1), 90)) > 12:
        return None
    # Smooth down the rows: a background's shade changes slowly, a stray mark does not.
    both = cv2.GaussianBlur(((left + right) / 2)[:, None, :], (1, 9), 0)[:, 0, :]
    return np.asarray(both, np.float32)


def white(lab: Floats, paper: Floats | None = None) -> bool:
    """A white photo background, as scanned, from its Lab pixels (8-bit scale, one per row):
    bright and unsaturated by the median. A blue or red background, even one a greyscale scan
    turned grey, is darker (L 90-150 against 195-255 on every photo measured), or colourful.
    With the ``paper`` around the photo (Lab), bright and unsaturated may also be measured
    against it: the light that dimmed or tinted the background dimmed and tinted the paper alike.
    The one measure of white: the photo standard's check
    (``_photo_standard.white_background``) and the head test's background both use it."""
    light = float(np.median(lab[:, 0]))
    chroma = float(np.median(np.hypot(lab[:, 1] - 128, lab[:, 2] - 128)))
    bright = light >= WHITE_L
    if paper is not None and float(paper[0]) >= _PAPER_L:
        bright = bright or light >= float(paper[0]) - PAPER_SHADE
        tint = float(np.median(np.hypot(lab[:, 1] - paper[1], lab[:, 2] - paper[2])))
        chroma = min(chroma, tint)
    return bright and chroma <= WHITE_CHROMA


def colourless(lab: Floats) -> bool:
    """No colour anywhere in the photo (a greyscale or bitonal scan): a face always has some,
    so a background's colour cannot be judged from what is left."""
    chroma = np.hypot(lab[..., 1] - 128, lab[..., 2] - 128)
    return float(np.percentile(chroma, 99)) < _GREY_CHROMA


def _head_blob(crop: Image) -> NDArray[np.bool_] | None:
    """The largest solid piece differing from the row's background in the upper part of the
    crop, if it is most of what differs there; None otherwise."""
    h = crop.shape[0]
    upper = crop[: max(2, int(h * _UPPER))]
    lab = cv2.cvtColor(upper, cv2.COLOR_RGB2LAB).astype(np.float32)
    bg = _row_background(lab)
    if bg is None or not white(bg):
        return None
    dist = np.linalg.norm(lab - bg[:, None, :], axis=2)
    fig = cv2.morphologyEx((dist > 18).astype(np.uint8) * 255, cv2.MORPH_OPEN, _ROUND5)
    fig = cv2.morphologyEx(fig, cv2.MORPH_CLOSE, _ROUND5)
    blob = dominant_piece(fig, 0.8)  # many pieces: text, a pattern, not one head
    if blob is None or float(np.median(bg[:, 0]) - np.percentile(lab[..., 0][blob], 2)) < _DARK:
        return None  # no dark print in it: a photo's bleed-through, a faint pattern
    return blob


def dominant_piece(mask: NDArray[Any], share: float) -> NDArray[np.bool_] | None:
    """The largest connected piece of ``mask`` if it holds at least ``share`` of all that is
    set (one figure, not many marks); None otherwise."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n < 2:
        return None
    i = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    if stats[i, cv2.CC_STAT_AREA] < share * float(stats[1:, cv2.CC_STAT_AREA].sum()):
        return None
    return np.asarray(labels == i)


def head_ok(crop: Image) -> bool:
    """A head on a white background in the crop's upper part: a broad solid blob (a face, not a
    stroke or a seal's ring), round on top, centred, with background above and on both sides."""
    h, w = crop.shape[:2]
    blob = _head_blob(crop) if h >= 40 and w >= 25 else None
    if blob is None:
        return False
    rows, cols = np.flatnonzero(blob.any(axis=1)), np.flatnonzero(blob.any(axis=0))
    top, height = int(rows[0]), int(rows[-1] - rows[0] + 1)
    width = int(cols[-1] - cols[0] + 1)
    centre = (cols[0] + cols[-1]) / 2 / w
    crown = int(blob[top : top + max(2, h // 30)].any(axis=0).sum())
    framed = cv2.copyMakeBorder(blob.astype(np.uint8), 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    radius = float(cv2.distanceTransform(framed, cv2.DIST_L2, 5).max()) / w
    hull = cv2.convexHull(cv2.findNonZero(blob.astype(np.uint8)))
    solid = float(blob.sum()) / max(1.0, float(cv2.contourArea(hull)))
    return (
        0.04 * h <= top <= 0.35 * h  # background above the head, the head in the upper part
        and height >= 0.25 * h  # hair and face, not a strand or a button
        and 0.3 * w <= width <= 0.8 * w  # background beside it on both sides
        and 0.35 < centre < 0.65
        and crown < 0.85 * width  # round on top: a card or a page's edge is straight
        and radius >= 0.12  # a face is broad; a line of text is not
        and solid >= 0.8  # one solid shape: a seal's ring or a signature is hollow
    )
