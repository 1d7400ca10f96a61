"""Page geometry: orientation, deskew, roles; the whole normalisation (the booklet's outline in a
photo, collage pieces, covers and spreads come from their own modules)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np
from numpy.typing import NDArray

from core.errors import InvalidInput
from scanning import _collage, _ocr
from scanning._booklet_outline import booklet_quad as booklet_quad  # re-exported, as unwarp
from scanning._booklet_outline import order
from scanning._booklet_outline import unwarp as unwarp
from scanning._deblur import Smear, restore
from scanning._ocr import Image, u8
from scanning._sideways import photo_turn
from scanning._spreads import is_blank as is_blank  # re-exported, as the next two
from scanning._spreads import is_cover as is_cover
from scanning._spreads import opens_on_a_page
from scanning._spreads import split as split
from scanning._turns import quarter_turn

# Normalised page height in pixels (≈ 190 dpi for a 145 mm page): OCR is accurate and fast here.
PAGE_HEIGHT = 1100
MAX_WIDTH = 8  # page heights: the widest normalised page (a spread is 1.4, a row of pages ~6)
MAX_SKEW = 5.0  # degrees; scans come skewed up to 4°
_LINE_ASPECT = 1.6  # width / height from which a detected box is a line of text, not a glyph
_COVER_SIDE = 400  # px, longest side of the copy a cover's title lines are found on
_CLEAR_VOTE = 0.25  # the classifier decides alone when ≥ 75 % (or ≤ 25 %) of lines vote 180°
_SURE_UPRIGHT = 0.95  # mean upright score above which the turned lines cannot outread it
LOOK_SIDE = 800  # px, longest side of the one small copy a picture's layout is looked at on


class Role(StrEnum):
    """What a booklet page is."""

    COVER = "cover"
    PHOTO = "photo"
    INFORMATION = "information"
    REMARKS = "remarks"
    REGISTRATION = "registration"
    NOTICE = "notice"  # printed instructions (说明 / 注意事项): no holder data, nothing to read
    OTHER = "other"


def _rotate(img: Image, degrees: float) -> Image:
    h, w = img.shape[:2]
    mat = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return u8(
        cv2.warpAffine(img, mat, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    )


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
    upright_ = float(np.mean([s for _, s in _ocr.recognise(crops)]))
    if upright_ > _SURE_UPRIGHT and (share is None or share <= 0.5):
        # The turned reads would have to beat this mean by 0.05, beyond any score's 1.0,
        # and the vote does not say upside down: the answer is upright whatever they read.
        return False
    upside = float(np.mean([s for _, s in _ocr.recognise([quarter_turn(c, 2) for c in crops])]))
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


def look_copy(img: Image) -> Image:
    """``img`` shrunk by area to ``LOOK_SIDE`` px on its longest side: made once a picture, it
    serves every look that needs no fine print (the booklet's outline, a cover's cloth, where
    the lines of text lie and how they slope) instead of a shrink of the full picture each."""
    scale = LOOK_SIDE / max(img.shape[:2])
    return u8(cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))


def _look(img: Image, small: Image | None) -> Image | None:
    """``small`` (``img``'s look copy) where it is no larger than ``img``: a picture smaller
    than the copy is looked at as it is."""
    return small if small is not None and max(img.shape[:2]) >= LOOK_SIDE else None


def _ink_points(img: Image, small: Image | None = None) -> NDArray[np.float32]:
    """Coordinates of ink and edge pixels on a copy at most ``LOOK_SIDE`` px (the slope is the
    same); ``small``: that copy when the caller has it (``look_copy``, the same values)."""
    look = _look(img, small)
    if look is None:
        scale = min(1.0, LOOK_SIDE / max(img.shape[:2]))
        look = u8(cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
    gray = np.ascontiguousarray(look[..., 0])  # red channel: red seal rings fade, print stays
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


def profile_skew(img: Image, around: float = 0.0, span: float = 5.0,
                 small: Image | None = None) -> float:
    """Skew (degrees, text-line slope in image coordinates) at which the ink's row profile is
    sharpest: text lines, table rules and frame edges all line up. Works on sparse pages where
    a text detector finds too few lines, and is finer than box edges on dense ones (``small``:
    ``img``'s look copy, when the caller has it)."""
    pts = _ink_points(img, small)
    if len(pts) < 200:
        return 0.0
    best = around
    for step in (0.5, 0.1, 0.025):
        grid = np.arange(best - span, best + span + step / 2, step)
        scores = np.array([_sharpness(pts, float(a)) for a in grid])
        best = float(np.median(grid[scores >= scores.max() * 0.999]))  # the middle of a tie
        span = step
    return best


def upright(img: Image, small: Image | None = None) -> tuple[Image, int]:
    """Turn text upright (0/90/180/270) and remove skew; returns the image and the turn used
    (``small``: ``img``'s look copy, when the caller has made it)."""
    # Not on the look copy: a box a pixel off moves the rough slope the fine search starts
    # from, and with it the angle found (by hundredths of a degree, but every page changes).
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
            img, turns = quarter_turn(img, 1), 1
        if _upside_down(_line_crops(img, quads)):
            img, turns = quarter_turn(img, 2), turns + 2
            size = np.array([img.shape[1], img.shape[0]], dtype=np.float32)
            quads = [size - q for q in quads]
    rough = _skew([order(q) for q in quads])
    angle = profile_skew(img, rough or 0.0, 1.0 if rough is not None else MAX_SKEW,
                         small if turns == 0 else None)
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
    page = quarter_turn(img, 1)
    # Big title type: a small detection copy finds it, and more cheaply.
    if _upside_down(_line_crops(page, _ocr.detect_small(page, _COVER_SIDE), 4)):
        page = quarter_turn(page, 2)
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
    normalised height (a clear motion smear undone)."""
    return [n.page for n in normalise_pages(images)]


@dataclass(frozen=True)
class Normalised:
    """A normalised page, the same page at the file's own resolution (what the holder's
    photo is cut from: the normalised height is far below a scan's), and the motion smear
    undone on ``page`` (None when it was read as photographed)."""

    page: Image
    full: Image
    smear: Smear | None = None


def normalise_full(
    images: list[Image], max_pages: int | None = None
) -> list[tuple[Image, Image]]:
    """Each normalised page with the same page at the file's own resolution."""
    return [(n.page, n.full) for n in normalise_pages(images, max_pages)]


def normalise_pages(images: list[Image], max_pages: int | None = None) -> list[Normalised]:
    """Every page normalised (see :class:`Normalised`). More than ``max_pages`` pictures cut
    from the images (a long strip cut at every plain band) are refused before any is
    normalised: each would cost a page's memory and reading."""
    pieces: list[Image] = []
    for image in images:
        pieces += _collage.pieces(image)
        if max_pages is not None and len(pieces) > max_pages:
            raise InvalidInput(f"图像切分后超过 {max_pages} 页 too many pages in the images "
                               f"(limit {max_pages})", field="source", rule="too_many_pages")
    pages: list[Normalised] = []
    for img in pieces:
        small = look_copy(img)
        quad = booklet_quad(img, small)
        if quad is not None:
            img = unwarp(img, quad)
            small = look_copy(img)
        # A cover is known by its cloth and few lines: the look copy shows them.
        seen = _look(img, small)
        if is_cover(img if seen is None else seen) and not opens_on_a_page(
                img if seen is None else seen):
            page = cover_upright(img)
            pages.append(Normalised(to_height(page), page))
            continue
        img, _ = upright(img, small)
        # A photo page has no text to right it: lying sideways it is one page, not a spread.
        turns = photo_turn(img, small)
        # A phone photo smeared by a moving hand is undone on the page the reader sees.
        for part in [quarter_turn(img, turns)] if turns else split(img):
            page, smear = restore(to_height(part))
            pages.append(Normalised(page, part, smear))
    return pages
