"""Page geometry: booklet outline in photos, orientation, deskew, roles; the whole normalisation
(collage pieces, covers and spreads come from their own modules)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import cv2
import numpy as np
from numpy.typing import NDArray

from core.errors import InvalidInput
from scanning import _collage, _ocr, _phone_outline
from scanning._ocr import Image, u8
from scanning._spreads import is_blank as is_blank  # re-exported, as the next two
from scanning._spreads import is_cover as is_cover
from scanning._spreads import opens_on_a_page
from scanning._spreads import split as split

# Normalised page height in pixels (≈ 190 dpi for a 145 mm page): OCR is accurate and fast here.
PAGE_HEIGHT = 1100
SPREAD_MM = (205.0, 145.0)
MAX_WIDTH = 8  # page heights: the widest normalised page (a spread is 1.4, a row of pages ~6)
MAX_SKEW = 5.0  # degrees; scans come skewed up to 4°
_LID_L = 215.0  # 8-bit Lab lightness (grey ≈ 210) above which an image border is a scanner lid
_LINE_ASPECT = 1.6  # width / height from which a detected box is a line of text, not a glyph
_COVER_SIDE = 400  # px, longest side of the copy a cover's title lines are found on
_CLEAR_VOTE = 0.25  # the classifier decides alone when ≥ 75 % (or ≤ 25 %) of lines vote 180°


class Role(StrEnum):
    """What a booklet page is."""

    COVER = "cover"
    PHOTO = "photo"
    INFORMATION = "information"
    REMARKS = "remarks"
    REGISTRATION = "registration"
    NOTICE = "notice"  # printed instructions (说明 / 注意事项): no holder data, nothing to read
    OTHER = "other"


def _order(pts: NDArray[np.float32]) -> NDArray[np.float32]:
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    corners = [pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]]
    return np.array(corners, dtype=np.float32)


def _paper_mask(small: Image, off_edge: bool = False) -> Image | None:
    """Pixels of the booklet in a photo: brighter than the desk and unlike it in colour. The
    desk's colour is read from the image border, so any desk colour works as long as the paper
    is lighter; a bright, unsaturated area counts too (the old rule, for dark desks). None when
    the border is nearly white: a scanner lid, or a desk no page would stand out from.
    ``off_edge``: the page may run off one side of the photo (that side holds paper)."""
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


def booklet_quad(img: Image) -> NDArray[np.float32] | None:
    """Corners (tl, tr, br, bl) of a booklet lying on a darker desk; None for a scan (the page
    fills the image) or when no four-cornered outline stands out. Where none does, the page
    may run off one side of the photo (a collage's pictures are often cut close): then the
    outline is sought again with that side's paper not taken for desk; and last from the
    page's edges, where uneven light on a pale desk leaves no threshold between the two."""
    scale = 800 / max(img.shape[:2])
    small = u8(cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
    found = next((q for e in (False, True) if (q := _outline(small, e)) is not None), None)
    edges = _by_edges(small)
    if edges is not None and (found is None or _holds_more(edges, found)):
        found = edges  # a page in shadow beside a lit one is paper the brightness missed
    return None if found is None else _order(found / scale)


def _lid(small: Image) -> bool:
    """Whether the picture's border is nearly white (a scanner lid), as ``_paper_mask`` says."""
    h, w = small.shape[:2]
    b = max(2, min(h, w) // 30)
    strips = [small[:b], small[-b:], small[:, :b], small[:, -b:]]
    border = np.concatenate([s.reshape(-1, 3) for s in strips])[None]
    return float(np.median(cv2.cvtColor(border, cv2.COLOR_RGB2LAB)[0, :, 0])) > _LID_L


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
    photo (a desk round it, no scanner lid) and only where the paper is lighter than the desk
    just across every side."""
    if _lid(small):
        return None
    contour = _phone_outline.edge_outline(small)
    if contour is None:
        return None
    for corners in (_corners(contour), _straight_sides(contour)):
        if corners is not None and _sides_visible(small, _order(corners), lighter=True):
            return _order(corners)
    return None


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
    if corners is None or not _sides_visible(small, _order(corners), off_edge):
        # A glare spot on the desk against the booklet is as light as paper and bulges the
        # hull: the booklet's four straight sides still show on the outline itself.
        corners = _straight_sides(np.asarray(max(pieces, key=cv2.contourArea), np.int32))
        if corners is None or not _sides_visible(small, _order(corners), off_edge):
            return None
    return _order(corners)


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


def _rotate(img: Image, degrees: float) -> Image:
    h, w = img.shape[:2]
    mat = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return u8(
        cv2.warpAffine(img, mat, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    )


def _quarter(img: Image, turns: int) -> Image:
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return img if turns % 4 == 0 else u8(cv2.rotate(img, codes[turns % 4]))


def _line_crops(img: Image, quads: Iterable[np.ndarray], limit: int = 12) -> list[Image]:
    """The largest text-line crops, printed ones first: faint lines (the other side showing
    through, mirrored) would vote at random on which way up the page is. Only elongated boxes
    count: a roundish box is one character or a seal's star, which reads as well either way up
    and so votes at random; they serve only when a page holds nothing else."""
    crops: list[tuple[bool, bool, float, Image]] = []
    for q in quads:
        x0, y0 = q.min(axis=0).astype(int)
        x1, y1 = q.max(axis=0).astype(int)
        c = img[max(0, y0) : y1, max(0, x0) : x1]
        if c.size and c.shape[1] > c.shape[0]:
            faint = float(np.percentile(c[..., 0], 5)) > 150  # red channel: seals are faint too
            round_ = c.shape[1] < _LINE_ASPECT * c.shape[0]
            crops.append((round_, faint, -float(c.shape[0] * c.shape[1]), c))
    crops.sort(key=lambda t: t[:3])
    # Printed lines; else hand-written or faint lines; else printed glyphs; else anything.
    for tier in ((False, False), (False, True), (True, False), (True, True)):
        chosen = [c for r, f, _, c in crops if (r, f) <= tier]
        if chosen:
            return chosen[:limit]
    return []


def _upside_down(crops: list[Image]) -> bool:
    """Whether the page is upside down. The angle classifier's majority decides when many lines
    agree clearly; otherwise (a sparse remarks page, hand-written entries under seals, a split
    vote) the lines are read both ways and the way that reads better wins: a printed heading or
    a seal's legend reads with near certainty one way up and as noise the other."""
    if not crops:
        return False
    share = _ocr.upside_down_share(crops) if len(crops) >= 4 else None
    if share is not None and abs(share - 0.5) >= _CLEAR_VOTE:
        return share > 0.5
    turned = [u8(cv2.rotate(c, cv2.ROTATE_180)) for c in crops]
    scores = [s for _, s in _ocr.recognise(crops + turned)]
    upright_, upside = float(np.mean(scores[: len(crops)])), float(np.mean(scores[len(crops) :]))
    if share is None or abs(upside - upright_) > 0.05:
        return upside > upright_ + 0.05
    return share > 0.5


def _skew(quads: list[np.ndarray]) -> float | None:
    """Length-weighted median angle (degrees) of the top edges of wide boxes; None if too few."""
    angles, weights = [], []
    for q in quads:
        dx, dy = q[1] - q[0]
        if abs(dx) > 2 * float(np.ptp(q[:, 1])) and abs(dx) > 40:
            angles.append(float(np.degrees(np.arctan2(dy, dx))))
            weights.append(float(abs(dx)))
    if len(angles) < 3:
        return None
    order = np.argsort(angles)
    cum = np.cumsum(np.array(weights)[order])
    return float(np.array(angles)[order][np.searchsorted(cum, cum[-1] / 2)])


def _ink_points(img: Image, side: int = 800) -> NDArray[np.float32]:
    """Coordinates of ink and edge pixels on a copy at most ``side`` px (the slope is the same)."""
    scale = min(1.0, side / max(img.shape[:2]))
    small = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    gray = np.ascontiguousarray(small[..., 0])  # red channel: red seal rings fade, print stays
    ink = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 20
    )
    ys, xs = np.nonzero(ink)
    if xs.size > 60000:  # a fixed subsample: the profile needs shape, not every pixel
        pick = np.random.default_rng(0).choice(xs.size, 60000, replace=False)
        xs, ys = xs[pick], ys[pick]
    return np.stack([xs, ys], 1).astype(np.float32)


def _sharpness(pts: NDArray[np.float32], degrees: float) -> float:
    """How sharply ink piles up in rows when lines are taken to slope by ``degrees``."""
    t = np.float32(np.tan(np.radians(degrees)))
    total = 0.0
    # Rows and columns: text-line edges and rules, left margins, frame and page sides.
    for v in (pts[:, 1] - pts[:, 0] * t, pts[:, 0] + pts[:, 1] * t):
        step = np.diff(np.bincount((v - v.min()).astype(np.int64)).astype(np.float64))
        total += float(np.dot(step, step))
    return total


def profile_skew(img: Image, around: float = 0.0, span: float = 5.0) -> float:
    """Skew (degrees, text-line slope in image coordinates) at which the ink's row profile is
    sharpest: text lines, table rules and frame edges all line up. Works on sparse pages where
    a text detector finds too few lines, and is finer than box edges on dense ones."""
    pts = _ink_points(img)
    if len(pts) < 200:
        return 0.0
    best = around
    for step in (0.5, 0.1, 0.025):
        grid = np.arange(best - span, best + span + step / 2, step)
        scores = np.array([_sharpness(pts, float(a)) for a in grid])
        best = float(np.median(grid[scores >= scores.max() * 0.999]))  # the middle of a tie
        span = step
    return best


def upright(img: Image) -> tuple[Image, int]:
    """Turn text upright (0/90/180/270) and remove skew; returns the image and the turn used."""
    quads = _ocr.detect_small(img)
    turns = 0
    if quads:
        # Only clearly elongated boxes are text lines; faces, seals and photos give roundish boxes.
        wide = sum(float(np.ptp(q[:, 0])) for q in quads if np.ptp(q[:, 0]) > 2.2 * np.ptp(q[:, 1]))
        tall = sum(float(np.ptp(q[:, 1])) for q in quads if np.ptp(q[:, 1]) > 2.2 * np.ptp(q[:, 0]))
        if tall > 1.5 * wide:
            # A clockwise quarter turn maps (x, y) to (h - y, x): no second detection needed.
            height = float(img.shape[0])
            quads = [np.stack([height - q[:, 1], q[:, 0]], 1) for q in quads]
            img, turns = _quarter(img, 1), 1
        if _upside_down(_line_crops(img, quads)):
            img, turns = _quarter(img, 2), turns + 2
            size = np.array([img.shape[1], img.shape[0]], dtype=np.float32)
            quads = [size - q for q in quads]
    rough = _skew([_order(q) for q in quads])
    angle = profile_skew(img, rough or 0.0, 1.0 if rough is not None else MAX_SKEW)
    if abs(angle) > 0.15:
        img = _rotate(img, angle)
    return img, turns % 4


def cover_upright(img: Image) -> Image:
    """A cover as one page however it lies (fed sideways, or the booklet's outside opened
    flat). Fed sideways, either quarter turn may be the right one, so its few title lines are
    read both ways (a cover shown upside down on the review page looks like a wrong file). A
    cover fed upright is left as it is: nearly all are, and reading it would cost a detection
    and a recognition pass per booklet for a page that holds no field."""
    if img.shape[1] <= img.shape[0]:
        return img
    page = _quarter(img, 1)
    # Big title type: a small detection copy finds it, and more cheaply.
    if _upside_down(_line_crops(page, _ocr.detect_small(page, _COVER_SIDE), 4)):
        page = _quarter(page, 2)
    return page


def to_height(img: Image, height: int = PAGE_HEIGHT) -> Image:
    """Scale to the normalised page height; a strip far wider than any page or spread is
    scaled to ``MAX_WIDTH`` times that height instead (at the page height it could take
    gigabytes, and it holds no page to read at that size)."""
    h, w = img.shape[:2]
    scale = min(height / h, MAX_WIDTH * height / max(1, w))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    if min(round(h * scale), round(w * scale)) < 1:  # a line of pixels stays one
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        return u8(cv2.resize(img, size, interpolation=interp))
    return u8(cv2.resize(img, None, fx=scale, fy=scale, interpolation=interp))


def normalise(images: list[Image]) -> list[Image]:
    """Every page upright, deskewed, unwarped from a photo and split from a spread, at the
    normalised height."""
    return [page for page, _ in normalise_full(images)]


def normalise_full(
    images: list[Image], max_pages: int | None = None
) -> list[tuple[Image, Image]]:
    """Each normalised page with the same page at the file's own resolution (what the holder's
    photo is cut from: the normalised height is far below a scan's). More than ``max_pages``
    pictures cut from the images (a long strip cut at every plain band) are refused before
    any is normalised: each would cost a page's memory and reading."""
    pieces: list[Image] = []
    for image in images:
        pieces += _collage.pieces(image)
        if max_pages is not None and len(pieces) > max_pages:
            raise InvalidInput(f"图像切分后超过 {max_pages} 页 too many pages in the images "
                               f"(limit {max_pages})", field="source", rule="too_many_pages")
    pages: list[tuple[Image, Image]] = []
    for img in pieces:
        quad = booklet_quad(img)
        if quad is not None:
            img = unwarp(img, quad)
        if is_cover(img) and not opens_on_a_page(img):
            page = cover_upright(img)
            pages.append((to_height(page), page))
            continue
        img, _ = upright(img)
        pages.extend((to_height(part), part) for part in split(img))
    return pages
