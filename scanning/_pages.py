"""Page geometry: booklet outline in photos, orientation, deskew, spread splitting, roles."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import cv2
import numpy as np
from numpy.typing import NDArray

from scanning import _ocr
from scanning._ocr import Image, u8

# Normalised page height in pixels (≈ 190 dpi for a 145 mm page): OCR is accurate and fast here.
PAGE_HEIGHT = 1100
SPREAD_ASPECT = 1.15
SPREAD_MM = (205.0, 145.0)


class Role(StrEnum):
    """What a booklet page is."""

    COVER = "cover"
    PHOTO = "photo"
    INFORMATION = "information"
    REMARKS = "remarks"
    REGISTRATION = "registration"
    OTHER = "other"


def _order(pts: NDArray[np.float32]) -> NDArray[np.float32]:
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    corners = [pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]]
    return np.array(corners, dtype=np.float32)


def booklet_quad(img: Image) -> NDArray[np.float32] | None:
    """Corners (tl, tr, br, bl) of a bright, low-saturation booklet on a darker background."""
    scale = 800 / max(img.shape[:2])
    small = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    paper = ((hsv[..., 2] > 150) & (hsv[..., 1] < 70)).astype(np.uint8) * 255
    paper = u8(cv2.morphologyEx(paper, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8)))
    contours, _ = cv2.findContours(paper, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    big = max(contours, key=cv2.contourArea)
    share = cv2.contourArea(big) / (small.shape[0] * small.shape[1])
    if not 0.2 < share < 0.85:
        return None  # nothing framed, or the page fills the image (a scan)
    hull = cv2.convexHull(big)
    approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    if len(approx) != 4:
        return None
    return _order(approx.reshape(4, 2).astype(np.float32) / scale)


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
    boxes = sorted(quads, key=lambda q: -float(np.ptp(q[:, 0]) * np.ptp(q[:, 1])))[:limit]
    crops = []
    for q in boxes:
        x0, y0 = q.min(axis=0).astype(int)
        x1, y1 = q.max(axis=0).astype(int)
        c = img[max(0, y0) : y1, max(0, x0) : x1]
        if c.size and c.shape[1] > c.shape[0]:
            crops.append(c)
    return crops


def _skew(quads: list[np.ndarray]) -> float:
    """Median angle (degrees) of the top edges of wide boxes."""
    angles = []
    for q in quads:
        dx, dy = q[1] - q[0]
        if abs(dx) > 2 * float(np.ptp(q[:, 1])) and abs(dx) > 40:
            angles.append(float(np.degrees(np.arctan2(dy, dx))))
    return float(np.median(angles)) if len(angles) >= 3 else 0.0


def upright(img: Image) -> tuple[Image, int]:
    """Turn text upright (0/90/180/270) and remove skew; returns the image and the turn used."""
    quads = _ocr.detect_small(img)
    if not quads:
        return img, 0
    # Only clearly elongated boxes are text lines; faces, seals and photos give roundish boxes.
    wide = sum(float(np.ptp(q[:, 0])) for q in quads if np.ptp(q[:, 0]) > 2.2 * np.ptp(q[:, 1]))
    tall = sum(float(np.ptp(q[:, 1])) for q in quads if np.ptp(q[:, 1]) > 2.2 * np.ptp(q[:, 0]))
    turns = 1 if tall > 1.5 * wide else 0
    if turns:
        img = _quarter(img, 1)
        quads = _ocr.detect_small(img)
    if _ocr.upside_down_share(_line_crops(img, quads)) > 0.5:
        img, turns = _quarter(img, 2), turns + 2
        size = np.array([img.shape[1], img.shape[0]], dtype=np.float32)
        quads = [size - q for q in quads]
    angle = _skew([_order(q) for q in quads])
    if abs(angle) > 0.15:
        img = _rotate(img, angle)
    return img, turns % 4


def split(img: Image) -> list[Image]:
    """One page, or the two pages of a spread cut at the binding (darkest central column)."""
    h, w = img.shape[:2]
    if w / h < SPREAD_ASPECT:
        return [img]
    gray = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY).astype(np.float32)
    lo, hi = int(w * 0.42), int(w * 0.58)
    cols = cv2.blur(gray[int(h * 0.1) : int(h * 0.9), lo:hi].mean(axis=0)[None, :], (15, 1))[0]
    cut = lo + int(np.argmin(cols))
    return [img[:, :cut], img[:, cut:]]


def to_height(img: Image, height: int = PAGE_HEIGHT) -> Image:
    """Scale to the normalised page height."""
    scale = height / img.shape[0]
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    return u8(cv2.resize(img, None, fx=scale, fy=scale, interpolation=interp))


def is_cover(img: Image) -> bool:
    """Cover pages are mostly saturated red/brown."""
    small = cv2.resize(img, (64, 64), interpolation=cv2.INTER_AREA)
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    red = ((hsv[..., 0] <= 12) | (hsv[..., 0] >= 165)) & (hsv[..., 1] > 100)
    return float(red.mean()) > 0.5


def is_blank(img: Image) -> bool:
    """Almost no dark ink at all."""
    gray = cv2.cvtColor(cv2.resize(img, (200, 280)), cv2.COLOR_RGB2GRAY)
    return float((gray < 110).mean()) < 0.0002


def normalise(images: list[Image]) -> list[Image]:
    """Every page upright, deskewed, unwarped from a photo and split from a spread, at the
    normalised height."""
    pages: list[Image] = []
    for img in images:
        quad = booklet_quad(img)
        if quad is not None:
            img = unwarp(img, quad)
        if not is_cover(img):
            img, _ = upright(img)
        pages.extend(to_height(part) for part in split(img))
    return pages
