"""A head told by its dark parts: hair over a face whose features (the eyes) show.

On a bitonal (1-bit) scan, a threshold turns a face as pale as its background into paper: what is
left of a head is the hair, the eyes, the mouth, and the clothes if dark. A greyscale scan of a
pale face on a white background does much the same. The tone tests (``_photo_figure.whole_figure``,
``_photo_head.head_ok``) then find no solid figure. What stays true of every such photo is its
layout: a broad solid dark cap (hair), round on top, centred, with background above it; below
it a face lighter than the hair, with two dark marks side by side (the eyes) inside the hair's
width; and, where the box is only an estimate, dark shoulders reaching the bottom edge. A
dithered photo is blurred to its density first, so its dots count as the tone they print.
A seal is a hollow ring, text a row of separate strokes, a printed pattern a field of thin lines:
none has the solid cap and the two eyes under it.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from scanning._ocr import Image

Mask = NDArray[np.bool_]
_CROWN = 0.4  # the hair's crown, above the brow, is at most this share of its width tall
_FACE_BAND = 0.4  # a face and neck below the hair take at most this share of the photo's height
_INSET = 0.04  # share of a box's width (height) a face on a dark background is measured inside


def _dark(crop: Image, k: int = 0) -> Mask:
    """Print clearly darker than the crop's background, by density: dither dots are blurred to
    the tone they stand for (over ``k`` pixels; by default a 40th of the crop) before the
    threshold."""
    k = (k or max(3, crop.shape[1] // 40)) | 1
    gray = np.asarray(
        cv2.GaussianBlur(cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY).astype(np.float32), (k, k), 0)
    )
    paper = float(np.percentile(gray, 90))
    return np.asarray(gray < paper - 0.45 * max(paper, 1.0))


def _pieces(mask: Mask) -> tuple[int, NDArray[np.int32], NDArray[np.int32]]:
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    return n, np.asarray(labels, np.int32), np.asarray(stats, np.int32)


def _solid(piece: Mask) -> float:
    hull = cv2.convexHull(cv2.findNonZero(piece.astype(np.uint8)))
    return float(piece.sum()) / max(1.0, float(cv2.contourArea(hull)))


def _hair(dark: Mask) -> tuple[int, int, int, int] | None:
    """The hair: the largest dark piece starting in the upper part, broad, solid, centred and
    round on top, with background above it; its box (x0, y0, x1, y1) or None."""
    h, w = dark.shape
    n, labels, stats = _pieces(dark)
    if n < 2:
        return None
    tops = stats[1:, cv2.CC_STAT_TOP]
    areas = np.where((tops >= 0.04 * h) & (tops <= 0.35 * h), stats[1:, cv2.CC_STAT_AREA], 0)
    i = 1 + int(np.argmax(areas))
    if areas[i - 1] == 0:
        return None
    x, y, pw, ph = (int(v) for v in stats[i, :4])
    # Long hair falls beside the face: only its crown, down to the brow, is one solid dome.
    ph = min(ph, round(_CROWN * pw))
    piece = labels == i
    piece[y + ph :] = False
    framed = cv2.copyMakeBorder(piece.astype(np.uint8), 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    radius = float(cv2.distanceTransform(framed, cv2.DIST_L2, 5).max()) / w
    crown = int(piece[y : y + max(2, h // 30)].any(axis=0).sum())
    centre = (x + pw / 2) / w
    above = float(dark[: max(1, y - 1)].mean())
    ok = (
        0.3 * w <= pw <= 0.8 * w
        and 0.35 < centre < 0.65
        and ph >= 0.08 * h
        and radius >= 0.07
        and crown < 0.85 * pw
        and _solid(piece) >= 0.8
        and above < 0.02
    )
    return (x, y, x + pw, y + ph) if ok else None


def _eyes(dark: Mask, hair: tuple[int, int, int, int]) -> bool:
    """Below the hair and inside its width, a face lighter than the hair holding two small dark
    marks at one height, one each side of the hair's centre line."""
    h, w = dark.shape
    x0, _, x1, y1 = hair
    hw = x1 - x0
    face = dark[y1 : min(h, y1 + round(0.9 * hw)), x0:x1].copy()
    # Hair falling beside the face reaches the sides of this window: not part of the face.
    n, labels, stats = _pieces(face)
    for k in range(1, n):
        if stats[k, 0] == 0 or stats[k, 0] + stats[k, 2] >= hw or stats[k, 1] == 0:
            face[labels == k] = False
    if face.shape[0] < 0.3 * hw or float(face.mean()) > 0.5:
        return False
    n, _, stats = _pieces(face)
    marks = [
        (x + mw / 2, y + mh / 2)
        for x, y, mw, mh, area in stats[1:]
        if 2 <= area and max(mw, mh) <= 0.3 * hw
    ]
    mid = hw / 2
    return any(
        a[0] < mid < b[0] and abs(a[1] - b[1]) <= 0.08 * hw and b[0] - a[0] >= 0.15 * hw
        for a in marks
        for b in marks
    )


def features_head(crop: Image, shoulders: bool = True) -> bool:
    """A head told by its hair and eyes (module doc); with ``shoulders``, dark clothes also reach
    the bottom edge (a box that is only an estimate must hold a whole figure)."""
    h, w = crop.shape[:2]
    if h < 40 or w < 25:
        return False
    dark = _dark(crop)
    hair = _hair(dark)
    if hair is None or not _eyes(dark, hair):
        return False
    return not shoulders or float(dark[-max(2, h // 10) :].mean()) > 0.35


def _filled(piece: Mask) -> Mask:
    """The piece with its holes filled (a face with its eyes)."""
    contours, _ = cv2.findContours(piece.astype(np.uint8), cv2.RETR_EXTERNAL,
                                   cv2.CHAIN_APPROX_SIMPLE)  # fmt: skip
    out = np.zeros(piece.shape, np.uint8)
    cv2.drawContours(out, contours, -1, 1, -1)
    return out.astype(bool)


def light_face(crop: Image) -> bool:
    """A face on a dark background: a blue or red background, thresholded to black with the
    hair and clothes, leaves the face and neck as one light piece, centred in the photo's upper
    part, clear of its top and sides, with two dark holes side by side (the eyes). A white
    shirt joins the neck and runs out at the photo's bottom edge: only the head's part of the
    piece (its top ``_FACE_BAND`` of the photo's height) is measured."""
    h, w = crop.shape[:2]
    if h < 40 or w < 25:
        return False
    # A frame's box holds a sliver of paper along its sides, which would join a white shirt
    # running out at the bottom edge to the crop's sides: measured a little in from them.
    mx, my = round(_INSET * w), round(_INSET * h)
    crop = crop[my:, mx : w - mx]
    h, w = crop.shape[:2]
    dark = _dark(crop)
    ch, cw = max(2, h // 10), max(2, w // 7)
    if min(float(dark[:ch, :cw].mean()), float(dark[:ch, -cw:].mean())) < 0.8:
        return False  # the background is not dark
    n, labels, stats = _pieces(~dark)
    heads = [_head_band(labels == i, int(stats[i, cv2.CC_STAT_TOP]), h)
             for i in range(1, n) if stats[i, cv2.CC_STAT_TOP] > 0]  # fmt: skip
    inner = [f for f in heads if not (f[:, 0].any() or f[:, -1].any())]
    if not inner:
        return False
    face = max(inner, key=lambda f: int(f.sum()))
    rows, cols = np.flatnonzero(face.any(axis=1)), np.flatnonzero(face.any(axis=0))
    x, y = int(cols[0]), int(rows[0])
    pw, ph = int(cols[-1]) - x + 1, int(rows[-1]) - y + 1
    full = _filled(face)
    centre = (x + pw / 2) / w
    ok = (
        0.2 * w <= pw <= 0.7 * w
        and 0.35 < centre < 0.65
        and 0.05 * h <= y <= 0.45 * h
        and ph >= 0.2 * h
        and _solid(full) >= 0.7
    )
    return ok and _eyes_in(full & ~face, x, x + pw)


def _head_band(piece: Mask, top: int, h: int) -> Mask:
    """The head's part of a light piece: its rows from its top down ``_FACE_BAND`` of ``h``."""
    piece[top + round(_FACE_BAND * h) :] = False
    return piece


def _eyes_in(holes: Mask, x0: int, x1: int) -> bool:
    """Two holes at one height, one each side of the face's centre line."""
    n, _, stats = _pieces(holes)
    fw = x1 - x0
    marks = [(x + mw / 2, y + mh / 2) for x, y, mw, mh, area in stats[1:] if area >= 2
             and max(mw, mh) <= 0.4 * fw]  # fmt: skip
    mid = (x0 + x1) / 2
    return any(
        a[0] < mid < b[0] and abs(a[1] - b[1]) <= 0.1 * fw and b[0] - a[0] >= 0.15 * fw
        for a in marks
        for b in marks
    )


# A printed photo is 0.17-0.30 of the page's width (25-40 mm of a 130-150 mm page), its head
# about half the photo's width, its top about an eighth of the photo's height below the edge.
_PHOTO_W = (0.17, 0.30)
_HEAD_SHARE, _HEAD_TOP = 0.55, 0.12


def head_boxes(small: Image) -> list[tuple[int, int, int, int]]:
    """Photo boxes estimated from heads alone: on a bitonal scan of a white photo of a holder in
    a white shirt only the hair and eyes remain, too small to be taken for a figure. Each solid
    dark round-topped piece the size of a head's hair gives a box the photo would have around
    it; the caller keeps those that hold a head (``features_head``)."""
    ph, pw = small.shape[:2]
    dark = _dark(small, 3)
    n, labels, stats = _pieces(dark)
    out = []
    for i, (x, y, w, h, _) in enumerate(stats[1:], 1):
        box_w = w / _HEAD_SHARE
        if not _PHOTO_W[0] * pw <= box_w <= _PHOTO_W[1] * pw or h < 0.15 * w:
            continue
        # Solid in its crown (down to the brow): long hair falling beside the face leaves the
        # piece hollow below it, a seal's ring or a row of text is hollow all through.
        crown = labels[y : y + min(h, round(_CROWN * w)), x : x + w] == i
        if float(crown.mean()) < 0.5:
            continue
        x0, y0, x1, y1 = around_head(x, y, w)
        if x0 >= 0 and y0 >= 0 and x1 <= pw and y1 <= ph:
            out.append((x0, y0, x1, y1))
    return out


def around_head(x: float, top: float, width: float) -> tuple[int, int, int, int]:
    """The photo box a head ``width`` wide whose hair's top is at ``top`` would have, at a
    photo's proportions (25:35, the head about half its width, an eighth of its height above
    the hair)."""
    box_w = width / _HEAD_SHARE
    box_h = box_w * 35 / 25
    x0, y0 = round(x + width / 2 - box_w / 2), round(top - _HEAD_TOP * box_h)
    return x0, y0, round(x0 + box_w), round(y0 + box_h)
