"""The holder's photo: locate it on the photo page, crop it, check it against the standard.

Two locators: a rectangle of straight frame lines (precise where the booklet prints a frame), and
a frameless one that starts from the head-and-shoulders figure itself (a white background on pale
paper has no edge worth the name), or, last, from a head alone. Every candidate must hold a
head-and-shoulders figure (``_photo_figure.figure_ok``): a seal, a table or a block of text never
does. The standard's findings and the saved copy are ``_photo_standard``'s.
"""

from __future__ import annotations

import cv2
import numpy as np

from core.rules import Finding
from scanning._layout import shared
from scanning._ocr import Box, Image, scaled, u8
from scanning._page_marks import TEXT_ROWS, marks_beside, rows
from scanning._photo_blobs import Blob, frameless
from scanning._photo_edges import refine
from scanning._photo_features import around_head, features_head, head_boxes
from scanning._photo_figure import figure_ok
from scanning._photo_mat import unmatted
from scanning._photo_standard import CHECKED, check, paper_around
from scanning._photo_standard import MAX_BYTES as MAX_BYTES  # re-exported, as the rest
from scanning._photo_standard import STANDARD_ASPECT as STANDARD_ASPECT
from scanning._photo_standard import STANDARD_SIZE as STANDARD_SIZE
from scanning._photo_standard import WHITE_STANDARD_FROM as WHITE_STANDARD_FROM
from scanning._photo_standard import Photo as Photo  # re-exported, as the rest
from scanning._photo_standard import era_findings as era_findings
from scanning._photo_standard import photo_value as photo_value
from scanning._photo_standard import save as save
from scanning._photo_standard import standard_crop as standard_crop
from scanning._photo_standard import white_background as white_background

# More character-sized marks than this beside a photo: a page of fields (or text) that also holds
# the photo, which must still be read; a photo page's only print is the signature line.
PHOTO_PAGE_MARKS = 60
_BRIDGE = 5
_MAX_PHOTO_H = 0.5  # of the page's height
_WORK_HEIGHT = 550  # the page is analysed at half the normalised height: blobs, not strokes


def _straight_lines(gray: Image) -> Image:
    """Edge pixels on long horizontal or vertical runs: frame lines, not rings or faces."""
    edges = cv2.Canny(cv2.GaussianBlur(gray, (3, 3), 0), 40, 120)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    run = max(15, gray.shape[1] // 12)
    horiz = cv2.morphologyEx(edges, cv2.MORPH_OPEN, np.ones((1, run), np.uint8))
    vert = cv2.morphologyEx(edges, cv2.MORPH_OPEN, np.ones((run, 1), np.uint8))
    return u8(cv2.bitwise_or(horiz, vert))


def _framed(page: Image) -> list[Box]:
    """Upright rectangles of frame lines with a photo-like aspect (w/h 0.55–0.9), largest first."""
    lines = _straight_lines(u8(cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)))
    # Bridge short gaps where dark clothing meets a dark frame line.
    lines = u8(cv2.dilate(lines, np.ones((2 * _BRIDGE + 1, 2 * _BRIDGE + 1), np.uint8)))
    contours, _ = cv2.findContours(lines, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    page_area = page.shape[0] * page.shape[1]
    found: list[Box] = []
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        # No booklet photo (up to 小2寸, 48 mm, on a page of 128 mm or more) is taller than
        # half the page: a taller rectangle is a page seen on a desk, not a photo frame.
        tall = h > _MAX_PHOTO_H * page.shape[0]
        if 0.05 * page_area < w * h < 0.4 * page_area and 0.55 < w / h < 0.9 and not tall:
            b = _BRIDGE
            found.append((x + b, y + b, x + w - b, y + h - b))
    return sorted(found, key=lambda b: -(b[2] - b[0]) * (b[3] - b[1]))


def _work(page: Image) -> tuple[Image, float]:
    scale = min(1.0, _WORK_HEIGHT / page.shape[0])
    return u8(cv2.resize(page, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)), scale


def _clip(box: Box, shape: tuple[int, ...]) -> Box:
    h, w = shape[:2]
    return (max(0, box[0]), max(0, box[1]), min(w, box[2]), min(h, box[3]))


def _photo_in(small: Image, box: Box, shoulders: bool, trim: bool = False) -> Box | None:
    """The photo in ``box`` (work scale): the box without its paper margin where that holds
    the figure, else the box itself; None if neither holds a figure."""
    tight = unmatted(small, box)
    if tight != box and figure_ok(_crop(small, tight), shoulders, trim):
        return tight
    return box if figure_ok(_crop(small, box), shoulders, trim) else None


def _framed_found(page: Image, small: Image, scale: float) -> list[Box]:
    """Frame rectangles that hold a figure (the photo inside the frame's paper margin), the
    largest of overlapping ones."""
    ok = []
    for b in _framed(page):
        work = _clip(scaled(b, scale), small.shape)
        found = _photo_in(small, work, shoulders=False)
        if found is not None:  # the frame's own box keeps its full-resolution precision
            ok.append(b if found == work else scaled(found, 1 / scale))
    return _distinct(ok)


def _frameless_found(small: Image, scale: float) -> list[Box]:
    """Frameless figure boxes that hold a head-and-shoulders, the largest of overlapping ones."""
    ok: list[Box] = []
    for blob in frameless(small):
        # A blob that fills its box is the photo itself (a coloured background): its edge is
        # the photo's, and a faint-edge search would only move it onto the paper.
        box = _clip(blob.box, small.shape)
        box = box if blob.filled else refine(small, box, blob.top)
        found = _photo_in(small, box, shoulders=not blob.filled, trim=True)
        if found is None and not blob.filled:
            found = _photo_in(small, _around_head(small, blob), shoulders=True, trim=True)
        if found is not None:
            ok.append(found)
    return [scaled(b, 1 / scale) for b in _distinct(ok)]


def _around_head(small: Image, blob: Blob) -> Box:
    """The photo around a blob taken for a head: a white shirt on a pale background leaves
    only the hair, face and neck solid, and the box estimated from the blob ends at the neck;
    the photo a head that wide has (``around_head``) holds the shoulders below it."""
    return _clip(around_head(blob.x, blob.top, blob.width), small.shape)


def candidates(page: Image) -> list[Box]:
    """Every separate region of ``page`` that holds a head-and-shoulders photo, largest first:
    framed rectangles where the booklet prints a frame, else frameless figures."""
    small, scale = _work(page)
    return (
        _framed_found(page, small, scale)
        or _frameless_found(small, scale)
        or _heads_found(small, scale)
    )


def _heads_found(small: Image, scale: float) -> list[Box]:
    """Boxes estimated around a head alone (hair and eyes: a bitonal scan of a white photo of a
    holder in a white shirt) that hold one."""
    ok = [b for b in head_boxes(small) if features_head(_crop(small, b), shoulders=False)]
    return [scaled(b, 1 / scale) for b in _distinct(ok)]


def locate(page: Image) -> Box | None:
    """The holder's photo on ``page`` (the largest candidate); None on pages without one."""
    found = candidates(page)
    return found[0] if found else None


def _distinct(boxes: list[Box]) -> list[Box]:
    """The largest box of each group of overlapping boxes, largest first."""
    kept: list[Box] = []
    for b in sorted(boxes, key=_area, reverse=True):
        if all(shared(b, k) <= 0.3 for k in kept):
            kept.append(b)
    return kept


def _area(box: Box) -> int:
    return (box[2] - box[0]) * (box[3] - box[1])


def _crop(img: Image, box: Box) -> Image:
    x0, y0, x1, y1 = _clip(box, img.shape)
    return img[y0:y1, x0:x1]


def extract(page: Image) -> Photo | None:
    """Locate, crop (inside the frame line) and check the photo; None if there is none. Two
    separate photo-like regions are never resolved silently: the larger is kept for the clerk
    and the record goes to review (``photo_ambiguous``). A photo page holds no text that could
    right it, so it may come upside down: where no upright figure is found, the page turned
    half a turn is searched too (a figure is found only upright: head above shoulders)."""
    found = candidates(page)
    if found:
        return photo_from(page, found)
    turned = _half_turn(page)
    found = candidates(turned)
    if not found:
        return None
    photo = photo_from(turned, found)
    box = _turned_box(photo.box, page.shape)
    # Only a page with no rows of print beside the figure (a photo page): a page of text is
    # righted by its text, and a figure found on it upside down is none.
    tops, heights = marks_beside(page, box)
    if len(tops) > PHOTO_PAGE_MARKS or rows(tops, heights) >= TEXT_ROWS:
        return None
    return Photo(photo.image, box, photo.findings, turned=True, paper=photo.paper)


def _half_turn(img: Image) -> Image:
    return np.ascontiguousarray(img[::-1, ::-1])


def _turned_box(box: Box, shape: tuple[int, ...]) -> Box:
    """``box`` on an image of ``shape`` turned half a turn (and back)."""
    h, w = shape[:2]
    return (w - box[2], h - box[3], w - box[0], h - box[1])


def photo_from(page: Image, found: list[Box]) -> Photo:
    """The photo in the first of ``found`` (largest first), cropped and checked; a second
    candidate makes it ``photo_ambiguous``."""
    img = _inside(page, found[0])
    doubt = [] if len(found) == 1 else [_ambiguous(found)]
    paper = paper_around(page, found[0])
    return Photo(img, found[0], check(img, paper) + doubt, paper=paper)


def _inside(img: Image, box: Box) -> Image:
    """The photo inside its box, a small inset off the edge so no frame line or paper shows."""
    x0, y0, x1, y1 = box
    inset = max(2, (x1 - x0) // 60)
    return img[max(0, y0 + inset) : y1 - inset, max(0, x0 + inset) : x1 - inset]


def _ambiguous(found: list[Box]) -> Finding:
    msg = f"照片页上有 {len(found)} 处像持证人照片的区域，已取最大的一处，请核对照片"
    return Finding("photo_ambiguous", "photo", msg, "warning", {"boxes": [list(b) for b in found]})


def at_resolution(photo: Photo, page: Image, full: Image) -> Photo:
    """The photo cut from the page at the file's own resolution (the same box, scaled from the
    normalised ``page``), so that the saved photo is not an upscaled thumbnail; unchanged when
    the file is no sharper than the normalised page."""
    k = full.shape[0] / max(1, page.shape[0])
    if k <= 1.0:
        return photo
    box = scaled(photo.box, k)
    if photo.turned:
        full, box = _half_turn(full), _turned_box(box, full.shape)
    img = _inside(full, box)
    if img.size == 0:
        return photo
    # The standard is checked again on what the file holds: the size above all.
    kept = [f for f in photo.findings if f.code not in CHECKED]
    return Photo(img, photo.box, check(img, photo.paper) + kept, photo.turned, photo.paper)


def text_beside(page: Image, box: Box) -> int:
    """Character-sized marks of dark print outside the photo: a few on the photo page (the
    signature line), many where the photo sits on a page of fields, which must still be read."""
    return len(marks_beside(page, box)[0])


