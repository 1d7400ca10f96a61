"""The booklet's outline in a photo of it on a desk, and the page unwarped from its perspective.

The outline is found by brightness (paper lighter than the desk, whatever the desk's colour), by
brightness again with one side of the page allowed to run off the picture, and by the page's
edges (``_phone_outline``) where uneven light leaves no threshold between paper and desk. Every
side of an outline must separate paper from desk. A scan (the page fills the image, or a
scanner's white lid surrounds it) has no outline.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

from scanning import _phone_outline
from scanning._ocr import Image, u8

SPREAD_MM = (205.0, 145.0)
_LID_L = 215.0  # 8-bit Lab lightness (grey ≈ 210) above which an image border is a scanner lid
_WHITE_LID = 235.0  # the same for the edges' outline, which asks the paper to be lighter still
_CAMERA = 0.012  # opposite sides this unequal: a camera's perspective (a scan's are within 0.3 %)


def order(pts: NDArray[np.float32]) -> NDArray[np.float32]:
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    corners = [pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]]
    return np.array(corners, dtype=np.float32)


def _paper_mask(small: Image, off_edge: bool = False) -> Image | None:
    """Pixels of the booklet in a photo: brighter than the desk and unlike it in colour. The
    desk's colour is read from the image border, so any desk colour works as long as the paper
    is lighter; a bright, unsaturated area counts too (the old rule, for dark desks). None when
    the border is nearly white: a scanner lid, or a desk no page would stand out from.
    ``off_edge``: the page may run off one side of the photo (that side holds paper)."""
    if _lid(small):  # the desk's lightness below, from the border alone: no page to convert
        return None
    lab = cv2.cvtColor(small, cv2.COLOR_RGB2LAB).astype(np.float32)
    h, w = lab.shape[:2]
    b = max(2, min(h, w) // 30)
    sides = [lab[:b].reshape(-1, 3), lab[-b:].reshape(-1, 3), lab[:, :b].reshape(-1, 3),
             lab[:, -b:].reshape(-1, 3)]
    border = np.concatenate(sides)
    desk = np.median(border, axis=0)
    if desk[0] > _LID_L:
        return None
    spread = float(np.median(np.linalg.norm(border - desk, axis=1)))
    far = np.linalg.norm(lab - desk, axis=2) > max(18.0, 3 * spread)
    # Lighter than nearly all of the desk: light wood grain or stripes are not paper. With
    # ``off_edge`` the brightest side does not count: the page may run off the photo there.
    top = sorted(float(np.percentile(side[:, 0], 99)) for side in sides)[-1 - off_edge]
    lighter = lab[..., 0] > max(float(desk[0]) + 12, top + 6)
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    bright = (hsv[..., 2] > 150) & (hsv[..., 1] < 70)
    paper = (lighter & (far | bright)).astype(np.uint8) * 255
    # Specks first (noise, a light grain), which closing would otherwise join into an area.
    paper = cv2.medianBlur(paper, 5)
    paper = cv2.morphologyEx(paper, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    # Then cut thin bridges: a light streak of wood grain or a glare spot touching the page
    # would otherwise join the outline and give it a fifth corner.
    k = max(5, min(h, w) // 35)
    return u8(cv2.morphologyEx(paper, cv2.MORPH_OPEN, np.ones((k, k), np.uint8)))


def _corners(contour: NDArray[np.int32]) -> NDArray[np.float32] | None:
    """Four corners of the outline: a polygon approximation when one has four vertices, else
    the outline's extreme points (a glare spot or a curled corner adds vertices)."""
    hull = cv2.convexHull(contour)
    for eps in (0.02, 0.03, 0.045):
        approx = cv2.approxPolyDP(hull, eps * cv2.arcLength(hull, True), True)
        if len(approx) == 4:
            return approx.reshape(4, 2).astype(np.float32)
    return None


def booklet_quad(img: Image, small: Image | None = None) -> NDArray[np.float32] | None:
    """Corners (tl, tr, br, bl) of a booklet lying on a darker desk; None for a scan (the page
    fills the image) or when no four-cornered outline stands out. Where none does, the page
    may run off one side of the photo (a collage's pictures are often cut close): then the
    outline is sought again with that side's paper not taken for desk; and last from the
    page's edges, where uneven light on a pale desk leaves no threshold between the two.
    ``small``: this very copy when the caller has made it already (the same values)."""
    scale = 800 / max(img.shape[:2])
    if small is None:
        small = u8(cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
    found = next((q for e in (False, True) if (q := _outline(small, e)) is not None), None)
    edges = _by_edges(small)
    if edges is not None and (found is None or _holds_more(edges, found)):
        found = edges  # a page in shadow beside a lit one is paper the brightness missed
    return None if found is None else order(found / scale)


def _lid(small: Image, level: float = _LID_L) -> bool:
    """Whether the picture's border is nearly white (a scanner lid), as ``_paper_mask`` says
    (lighter than ``level``, 8-bit Lab lightness)."""
    return _border_light(small) > level


def _border_light(small: Image) -> float:
    """The median 8-bit Lab lightness of the picture's border (a strip a thirtieth wide)."""
    h, w = small.shape[:2]
    b = max(2, min(h, w) // 30)
    strips = [small[:b], small[-b:], small[:, :b], small[:, -b:]]
    border = np.concatenate([s.reshape(-1, 3) for s in strips])[None]
    return float(np.median(cv2.cvtColor(border, cv2.COLOR_RGB2LAB)[0, :, 0]))


def _holds_more(outer: NDArray[np.float32], inner: NDArray[np.float32]) -> bool:
    """Whether the outline ``outer`` holds ``inner`` (its corners within 2 % of the picture)
    and a quarter more: a lit page found by brightness inside the spread found by its edges."""
    size = float(np.ptp(np.concatenate([outer, inner]), axis=0).max())
    contour = outer.reshape(-1, 1, 2).astype(np.float32)
    inside = all(cv2.pointPolygonTest(contour, (float(x), float(y)), True) > -0.02 * size
                 for x, y in inner)
    return inside and cv2.contourArea(contour) > 1.25 * cv2.contourArea(inner.reshape(-1, 1, 2))


def _by_edges(small: Image) -> NDArray[np.float32] | None:
    """The booklet's corners from the outline of its edges (``_phone_outline``), only in a
    photo (no white scanner lid round it) and only where the paper is lighter than the desk
    just across every side. A border as light as a grey scanner lid may be a pale grey desk:
    there the outline must also show a camera's perspective (a scanner images the bed
    straight on, so a page on a grey lid, already read well, is left as scanned)."""
    if _lid(small, _WHITE_LID):
        return None
    contour = _phone_outline.edge_outline(small)
    if contour is None:
        return None
    grey_lid = _lid(small)
    for corners in (_corners(contour), _straight_sides(contour)):
        if corners is None or not _sides_visible(small, order(corners), lighter=True):
            continue
        if not grey_lid or (perspective(order(corners)) >= _CAMERA
                             and not _paper_beyond(small, order(corners))):
            return order(corners)
    return None


def _paper_beyond(small: Image, quad: NDArray[np.float32]) -> bool:
    """Whether paper lies outside the outline: pixels lighter than the border (the lid or
    desk) over a fifth of the outline's own area. A spread scanned on a grey lid with a deep
    binding shadow outlines one page only, its inner side along the shadow; the facing page
    is then left outside, and the outline is not the booklet's."""
    light = cv2.cvtColor(small, cv2.COLOR_RGB2LAB)[..., 0].astype(np.float32)
    inside = np.zeros(light.shape, np.uint8)
    cv2.fillConvexPoly(inside, quad.astype(np.int32), 1)
    beyond = (light > _border_light(small) + 12) & (inside == 0)
    return int(beyond.sum()) > 0.2 * int(inside.sum())


def perspective(quad: NDArray[np.float32]) -> float:
    """How unequal the outline's opposite sides are (0 for a rectangle, however rotated): the
    larger relative difference of the two pairs."""
    tl, tr, br, bl = (np.asarray(p, np.float64) for p in quad)
    pairs = ((tr - tl, br - bl), (bl - tl, br - tr))
    out = 0.0
    for a, b in pairs:
        la, lb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
        out = max(out, abs(la - lb) / max(la, lb, 1e-6))
    return out


def _outline(small: Image, off_edge: bool) -> NDArray[np.float32] | None:
    """The booklet's four corners on the small copy, or None."""
    mask = _paper_mask(small, off_edge)
    if mask is None:
        return None
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    # A deep binding shadow cuts the booklet in two: take both pages (and only large pieces).
    largest = max(cv2.contourArea(c) for c in contours)
    pieces = [c for c in contours if cv2.contourArea(c) > 0.15 * largest]
    hull = cv2.convexHull(np.concatenate(pieces))
    share = cv2.contourArea(hull) / (small.shape[0] * small.shape[1])
    if not 0.2 < share < 0.85:
        return None  # nothing framed, or the page fills the image (a scan)
    corners = _corners(np.asarray(hull, np.int32))
    if corners is None or not _sides_visible(small, order(corners), off_edge):
        # A glare spot on the desk against the booklet is as light as paper and bulges the
        # hull: the booklet's four straight sides still show on the outline itself.
        corners = _straight_sides(np.asarray(max(pieces, key=cv2.contourArea), np.int32))
        if corners is None or not _sides_visible(small, order(corners), off_edge):
            return None
    return order(corners)


def _straight_sides(contour: NDArray[np.int32]) -> NDArray[np.float32] | None:
    """Corners where the lines of the outline's four longest straight runs meet (in their order
    round the outline); None unless those runs make up most of the outline."""
    poly = cv2.approxPolyDP(contour, 0.01 * cv2.arcLength(contour, True), True).reshape(-1, 2)
    if len(poly) < 4:
        return None
    ends = np.roll(poly, -1, axis=0).astype(np.float64)
    lengths = np.linalg.norm(ends - poly, axis=1)
    longest = np.sort(np.argsort(lengths)[-4:])
    if lengths[longest].sum() < 0.6 * lengths.sum():
        return None
    corners = []
    for i, j in zip(longest, np.roll(longest, -1), strict=True):
        p, r = poly[i].astype(np.float64), ends[i] - poly[i]
        q, t = poly[j].astype(np.float64), ends[j] - poly[j]
        cross = r[0] * t[1] - r[1] * t[0]
        if abs(cross) < 1e-6 * float(np.linalg.norm(r) * np.linalg.norm(t)) + 1e-9:
            return None  # two parallel sides in a row: not a quadrilateral
        u = ((q - p)[0] * t[1] - (q - p)[1] * t[0]) / cross
        corners.append(p + u * r)
    quad = np.array(corners, np.float32)
    return quad if cv2.isContourConvex(quad.reshape(-1, 1, 2)) else None


def _sides_visible(
    small: Image, quad: NDArray[np.float32], off_edge: bool = False, gap: float = 6.0,
    lighter: bool = False,
) -> bool:
    """Every side of the outline separates paper from desk: just inside and just outside it the
    brightness differs. An outline of the print on a white desk (margins lost) fails this.
    ``off_edge``: one side may instead lie along the photo's edge, where the page runs off.
    ``lighter``: the inside must be the lighter (paper on a desk, not a frame's dark rule)."""
    gray = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY).astype(np.float32)
    h, w = gray.shape
    centre = quad.mean(axis=0)
    spare = int(off_edge)
    for a, b in zip(quad, np.roll(quad, -1, axis=0), strict=True):
        if spare and _on_edge(a, b, h, w):
            spare -= 1
            continue
        t = np.linspace(0.1, 0.9, 24)[:, None]
        pts = a + (b - a) * t
        normal = np.array([b[1] - a[1], a[0] - b[0]], np.float32)
        normal /= max(float(np.linalg.norm(normal)), 1e-6)
        if np.dot(pts.mean(axis=0) - centre, normal) < 0:
            normal = -normal  # pointing out of the booklet
        inside, outside = pts - gap * normal, pts + gap * normal
        pairs = zip(inside, outside, strict=True)
        diffs = [gray[_at(p, h, w)] - gray[_at(q, h, w)] for p, q in pairs]
        if float(np.median(diffs if lighter else np.abs(diffs))) < 12:
            return False
    return True


def _on_edge(a: NDArray[np.float32], b: NDArray[np.float32], h: int, w: int) -> bool:
    """Whether the side from ``a`` to ``b`` runs along one edge of an h × w image."""
    near = 0.015 * max(h, w)
    return any(
        bool(abs(a[i] - edge) < near and abs(b[i] - edge) < near)
        for i, edge in ((0, 0.0), (0, w - 1.0), (1, 0.0), (1, h - 1.0))
    )


def _at(p: NDArray[np.float32], h: int, w: int) -> tuple[int, int]:
    return min(h - 1, max(0, int(p[1]))), min(w - 1, max(0, int(p[0])))


def unwarp(img: Image, quad: NDArray[np.float32]) -> Image:
    """Rectify the quadrilateral to a rectangle with its mean side lengths."""
    tl, tr, br, bl = quad
    w = int((np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2)
    h = int((np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2)
    # Side lengths under perspective misstate the aspect; an open 25开 booklet is 205 × 145 mm.
    for aspect in (SPREAD_MM[0] / SPREAD_MM[1], SPREAD_MM[1] / SPREAD_MM[0]):
        if abs(w / h - aspect) < 0.2 * aspect:
            w = int(h * aspect)
    dst = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    mat = cv2.getPerspectiveTransform(quad.astype(np.float32), dst)
    return u8(
        cv2.warpPerspective(
            img, mat, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
        )
    )
