"""Whether a box holds the holder's photo: a head-and-shoulders figure on the photo's background.

The background is measured where no figure ever is (beside the head, in the photo's upper corners
and down its sides) and modelled as a colour that changes evenly across the photo: a phone's glare
or a lamp lights one side of a coloured background brighter than the other (a red background
measured L 154 on its left and 116 on its right), and a studio's light darkens it towards the
bottom. Whatever differs from that lit background is the figure. A seal, a table or a block of
text never makes one (``figure_ok``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from scanning._ocr import Image
from scanning._photo_features import features_head, light_face
from scanning._photo_head import dominant_piece, head_ok

Floats = NDArray[np.float32]
_ROUND5 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))  # wider than any print stroke
_SIDES_TO = 0.45  # the background is sampled down the sides to here (share of the height)
_LIT_DE = 60.0  # Lab units two corners of one background may differ by under uneven light
_SAME_DE = 20.0  # within this, two corners are one colour whatever their chroma
_SIDE_RES = 10.0  # Lab units the background down a side may differ from its model by (median)
_ROW_STEP = 12.0  # Lab units a background's colour changes by at most from one row to the next


def corners(img: NDArray[Any], ch: int, cw: int) -> tuple[NDArray[Any], NDArray[Any]]:
    """The top-left and top-right patches beside the head, ``ch`` × ``cw``, a little in from
    the edge: a box drawn around a photo left tilted by a phone, or a frame's edge, leaves a
    sliver of paper along its very border."""
    h, w = img.shape[:2]
    my, mx = round(0.06 * h), round(0.06 * w)
    left = img[my : my + ch, mx : mx + cw]
    right = img[my : my + ch, w - mx - cw : w - mx]
    return left.reshape(-1, img.shape[2]), right.reshape(-1, img.shape[2])


def _one_background(ml: Floats, mr: Floats) -> bool:
    """Whether two corner colours are one background: alike, or one colour lit unevenly (as
    colourful as each other within a factor of two, not far apart). Paper beside a coloured
    photo, or a grey background beside white paper, is neither."""
    de = float(np.linalg.norm(ml - mr))
    if de <= _SAME_DE:
        return True
    cl, cr = (float(np.hypot(m[1] - 128, m[2] - 128)) for m in (ml, mr))
    return de <= _LIT_DE and min(cl, cr) >= 0.5 * max(cl, cr) and min(cl, cr) > 15


def _samples(lab: Floats, ch: int, cw: int) -> tuple[Floats, Floats, list[slice]]:
    """Background samples (normalised x, y of each pixel; its Lab colour): the two top corners
    and the strips below them down the sides; and the slices of the four regions in them."""
    h, w = lab.shape[:2]
    my, mx = round(0.06 * h), round(0.06 * w)
    bottom = max(my + ch, round(_SIDES_TO * h))
    regions = [(my, my + ch, x, x + cw) for x in (mx, w - mx - cw)]
    regions += [(my + ch, bottom, x, x + cw) for x in (mx, w - mx - cw)]
    pos, col, spans, n = [], [], [], 0
    for y0, y1, x0, x1 in regions:
        gy, gx = np.mgrid[y0:y1, x0:x1]
        pos.append(np.stack([gx.ravel() / w, gy.ravel() / h], 1))
        col.append(lab[y0:y1, x0:x1].reshape(-1, 3))
        spans.append(slice(n, n + gy.size))
        n += gy.size
    return np.concatenate(pos).astype(np.float32), np.concatenate(col), spans


def _fit(pos: Floats, col: Floats) -> NDArray[np.float64]:
    """A colour changing evenly in x and y fitted to the samples, twice refitted without those
    far from it (hair falling beside the face into a side strip)."""
    terms = np.column_stack([np.ones(len(pos)), pos])
    keep = np.ones(len(pos), bool)
    for _ in range(3):
        coef, *_ = np.linalg.lstsq(terms[keep], col[keep], rcond=None)
        res = np.linalg.norm(col - terms @ coef, axis=1)
        keep = res <= max(6.0, 2.5 * float(np.median(res[keep])))
    return np.asarray(coef)


def _plane(lab: Floats, ch: int, cw: int) -> tuple[Floats, Floats, list[slice]]:
    """The background as a colour changing evenly in x and y (a lamp, a studio's light), and
    the samples' residuals with the slices of the two corners in them."""
    pos, col, spans = _samples(lab, ch, cw)
    coef = _fit(pos, col)
    h, w = lab.shape[:2]
    gy, gx = np.mgrid[0:h, 0:w].astype(np.float32)
    model = coef[0] + (gx / w)[..., None] * coef[1] + (gy / h)[..., None] * coef[2]
    res = col - np.column_stack([np.ones(len(pos)), pos]) @ coef
    return np.asarray(model, np.float32), np.asarray(res, np.float32), spans


def _followed(rows: Floats) -> Floats:
    """Each side's colour down the rows, followed from the corner only while it changes
    gradually (light does); where it jumps (hair or clothes reaching the side) the last
    background row holds."""
    out = np.empty_like(rows)
    held = rows[0]
    for i, v in enumerate(rows):
        if float(np.linalg.norm(v - held)) <= _ROW_STEP:
            held = v
        out[i] = held
    return out


def _by_rows(lab: Floats, ch: int, cw: int) -> tuple[Floats, Floats, list[slice]]:
    """The background row by row from its two sides, blended across: a glare spot lights a band
    of one side and fades within a few rows, which no even change follows. Above and below
    the rows sampled, the nearest sampled row holds."""
    h, w = lab.shape[:2]
    my, mx = round(0.06 * h), round(0.06 * w)
    bottom = max(my + ch + 1, round(_SIDES_TO * h))
    sides = []
    for x0 in (mx, w - mx - cw):
        rows = np.median(lab[my:bottom, x0 : x0 + cw], axis=1).astype(np.uint8)[:, None, :]
        sides.append(_followed(cv2.medianBlur(rows, 5)[:, 0, :].astype(np.float32)))
    rows_at = np.clip(np.arange(h) - my, 0, bottom - my - 1)
    left, right = sides[0][rows_at], sides[1][rows_at]
    xl, xr = mx + cw / 2, w - mx - cw / 2
    t = np.clip((np.arange(w, dtype=np.float32) - xl) / max(1.0, xr - xl), 0, 1)[None, :, None]
    model = left[:, None, :] * (1 - t) + right[:, None, :] * t
    regions = [(my, my + ch, x) for x in (mx, w - mx - cw)]
    regions += [(my + ch, bottom, x) for x in (mx, w - mx - cw)]
    parts = [(lab[y0:y1, x0 : x0 + cw] - model[y0:y1, x0 : x0 + cw]).reshape(-1, 3)
             for y0, y1, x0 in regions]  # fmt: skip
    ends = np.cumsum([0] + [len(q) for q in parts])
    spans = [slice(int(a), int(b)) for a, b in zip(ends[:-1], ends[1:], strict=True)]
    return np.asarray(model, np.float32), np.concatenate(parts), spans


def backgrounds(lab: Floats, ch: int, cw: int) -> Iterator[tuple[Floats, float]]:
    """The photo's background colour at every pixel (Lab) and how much it varies about that,
    by the first model whose corners fit (evenly lit, else lit row by row), if the top corners
    beside the head are one plain background; none when they hold print or are two colours."""
    left, right = corners(lab, ch, cw)
    if not _one_background(np.median(left, axis=0), np.median(right, axis=0)):
        return
    # Row by row only where an even change cannot explain the corners (a glare spot): a
    # model that follows the sides row by row would also follow print crossing them (a
    # seal's ring on a page of fields) and leave what is inside for a figure.
    for make in (_plane, _by_rows):
        model, res, spans = make(lab, ch, cw)
        # Each corner plain, and where the model says the background is; down each side
        # mostly the background too (print crossing the sides, a seal's ring, is no photo's).
        norms = [np.linalg.norm(res[s], axis=1) for s in spans]
        spread = [float(np.median(n)) for n in norms[:2]]
        off = [float(np.linalg.norm(np.median(res[s], axis=0))) for s in spans[:2]]
        sides = [float(np.median(n)) for n in norms[2:]]
        if max(spread) <= 10 and max(off) <= 8 and max(sides) <= _SIDE_RES:
            yield model, max(spread)
            return


def bodies(crop: Image, trim: bool = False) -> Iterator[tuple[NDArray[np.bool_], float]]:
    """The figure's largest solid piece on the crop's plain background, by each model of the
    background, with the radius of the largest disc inside it relative to the crop width (a
    face or torso is broad; a line of text, however bold or blurred, is not); none if there is
    no plain background."""
    h, w = crop.shape[:2]
    lab = cv2.cvtColor(crop, cv2.COLOR_RGB2LAB).astype(np.float32)
    for bg, spread in backgrounds(lab, max(2, h // 10), max(2, w // 7)):
        found = _piece(lab, bg, spread, trim)
        if found is not None:
            yield found


def _piece(
    lab: Floats, bg: Floats, spread: float, trim: bool
) -> tuple[NDArray[np.bool_], float] | None:
    """The largest solid piece differing from the background ``bg`` (``bodies``)."""
    w = lab.shape[1]
    # Pale skin on a white background differs by 15–30 Lab units: on a truly flat background
    # (a clean scan) a lower threshold keeps the face; a noisy one (JPEG, texture) needs more.
    dist = np.linalg.norm(lab - bg, axis=2)
    thr = min(22.0, 14.0 + 2.0 * spread)
    fig = cv2.morphologyEx((dist > thr).astype(np.uint8) * 255, cv2.MORPH_OPEN, _ROUND5)
    # Where a light part meets a dark one (a face above dark clothes in greyscale), the blurred
    # edge passes through the background's grey and cuts the figure in two: rejoin it.
    fig = cv2.morphologyEx(fig, cv2.MORPH_CLOSE, _ROUND5)
    if trim:
        # A frameless box is an estimate: a sliver of paper along its side (a box a pixel or
        # two wider than a coloured photo) would join the figure and pass for a head as wide
        # as the photo. Anything narrower than a neck is no part of a figure. (A frame's box
        # is not trimmed: its mat must keep failing, so the photo inside it is taken.)
        k = max(5, w // 12) | 1
        neck = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
        fig = cv2.morphologyEx(fig, cv2.MORPH_OPEN, neck)
    piece = dominant_piece(fig, 0.7)
    if piece is None:
        return None  # many pieces: lines of text, not one person
    framed = cv2.copyMakeBorder(piece.astype(np.uint8), 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    return piece, float(cv2.distanceTransform(framed, cv2.DIST_L2, 5).max()) / w


def figure_ok(crop: Image, shoulders: bool = True, trim: bool = False) -> bool:
    """A head-and-shoulders figure (``whole_figure``), a head on a white background whose
    pale clothes do not show (``head_ok``), or a head told by its hair and eyes where a face
    as pale as the background is lost, or a face whose coloured background went black with the
    hair and clothes (a bitonal scan: ``features_head``, ``light_face``)."""
    return (
        whole_figure(crop, shoulders, trim)
        or head_ok(crop)
        or features_head(crop, shoulders)
        or light_face(crop)
    )


def whole_figure(crop: Image, shoulders: bool, trim: bool) -> bool:
    """A head-and-shoulders figure on a plain background: one broad, solid body (hair, face,
    neck and clothes in one piece) from the upper half down to the bottom edge, background
    above it, and a head centred over the shoulders. Where the box is already a photo-shaped
    rectangle (a frame, a coloured background), the head alone will do (``shoulders=False``):
    in greyscale, clothes can be as grey as the background."""
    h, w = crop.shape[:2]
    found = bodies(crop, trim) if h >= 40 and w >= 25 else iter(())
    return any(_figure_shape(f, h, w, shoulders) for f, radius in found if radius >= 0.12)


def _figure_shape(f: NDArray[np.bool_], h: int, w: int, shoulders: bool) -> bool:
    """The figure's piece ``f`` is a head centred over shoulders (``whole_figure``)."""
    rows = np.flatnonzero(f.any(axis=1))
    head = f[int(h * 0.2) : int(h * 0.45)]
    cols = np.flatnonzero(head.mean(axis=0) > 0.3)
    if not 0.15 < float(f.mean()) < 0.8 or cols.size == 0 or rows[0] > 0.45 * h:
        return False
    head_x = (cols[0] + cols[-1]) / 2 / w
    # A head is round on top; a body whose top is as wide as its head is a rectangle (a coloured
    # photo inside a paper margin, a page inside a desk): the photo, if any, is inside it.
    crown = f[rows[0] : rows[0] + max(2, h // 30)].any(axis=0).sum()
    return (
        crown < 0.85 * (cols[-1] - cols[0] + 1)
        and (not shoulders or float(f[-max(2, h // 10) :].mean()) > 0.35)  # down to the bottom edge
        and float(f[: max(2, h // 16)].mean()) < 0.3  # background above the head
        and 0.3 < head_x < 0.7
        and (cols[-1] - cols[0]) < 0.9 * w  # a head, not a band across the photo
    )
