"""The holder's photo: locate it on the photo page, check it against the standard, save it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from scanning._ocr import Box, Image, u8
from scanning._validate import Value

# Upload standard (DOMAIN.md): 1-inch colour, white background, JPG < 200 KB, ≈ 295 × 413 px.
STANDARD_SIZE = (295, 413)
STANDARD_ASPECT = 25 / 35
MAX_BYTES = 200 * 1024
_BRIDGE = 5


@dataclass
class Photo:
    """A cropped photo, where it was found and what the standard check said."""

    image: Image
    box: Box
    findings: list[str] = field(default_factory=list)


def _straight_lines(gray: Image) -> Image:
    """Edge pixels on long horizontal or vertical runs: frame lines, not rings or faces."""
    edges = cv2.Canny(cv2.GaussianBlur(gray, (3, 3), 0), 40, 120)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    run = max(15, gray.shape[1] // 12)
    horiz = cv2.morphologyEx(edges, cv2.MORPH_OPEN, np.ones((1, run), np.uint8))
    vert = cv2.morphologyEx(edges, cv2.MORPH_OPEN, np.ones((run, 1), np.uint8))
    return u8(cv2.bitwise_or(horiz, vert))


def locate(page: Image) -> Box | None:
    """The largest upright rectangle with a photo-like aspect (w/h 0.55–0.9) on the page."""
    lines = _straight_lines(u8(cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)))
    # Bridge short gaps where dark clothing meets a dark frame line.
    lines = u8(cv2.dilate(lines, np.ones((2 * _BRIDGE + 1, 2 * _BRIDGE + 1), np.uint8)))
    contours, _ = cv2.findContours(lines, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    page_area = page.shape[0] * page.shape[1]
    best: Box | None = None
    best_area = 0
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        area = w * h
        if not 0.05 * page_area < area < 0.4 * page_area or not 0.55 < w / h < 0.9:
            continue
        if area > best_area:
            b = _BRIDGE
            best, best_area = (x + b, y + b, x + w - b, y + h - b), area
    return best


def check(img: Image) -> list[str]:
    """Findings against the photo standard: aspect, size, white background."""
    findings = []
    h, w = img.shape[:2]
    aspect = w / h
    if abs(aspect - STANDARD_ASPECT) > 0.06:
        findings.append(
            f"photo_aspect [photo] 照片宽高比 {aspect:.2f}，标准为 25:35（{STANDARD_ASPECT:.2f}）"
        )
    if w < STANDARD_SIZE[0] * 0.6 or h < STANDARD_SIZE[1] * 0.6:
        findings.append(f"photo_size [photo] 照片分辨率过低（{w}×{h}，标准约 295×413）")
    border = np.concatenate(
        [img[: h // 8, : w // 6].reshape(-1, 3), img[: h // 8, -w // 6 :].reshape(-1, 3)]
    )
    hsv = cv2.cvtColor(border[None, ...], cv2.COLOR_RGB2HSV)[0]
    if float(np.median(hsv[:, 1])) > 40 or float(np.median(hsv[:, 2])) < 185:
        findings.append("photo_background [photo] 照片背景不是白色")
    return findings


def extract(page: Image) -> Photo | None:
    """Locate, crop (inside the frame line) and check the photo; None if there is none."""
    box = locate(page)
    if box is None:
        return None
    x0, y0, x1, y1 = box
    inset = max(2, (x1 - x0) // 60)
    img = page[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
    return Photo(img, box, check(img))


def save(photo: Photo, path: Path) -> None:
    """Save as JPEG at the standard size, lowering quality until it is under 200 KB."""
    img = cv2.resize(photo.image, STANDARD_SIZE, interpolation=cv2.INTER_AREA)
    path.parent.mkdir(parents=True, exist_ok=True)
    for quality in (92, 85, 75, 60, 45):
        ok, buf = cv2.imencode(".jpg", img[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, quality])
        if ok and len(buf) <= MAX_BYTES:
            path.write_bytes(buf.tobytes())
            return
    path.write_bytes(buf.tobytes())


def photo_value(photo: Photo | None) -> Value:
    """The photo as a record value: missing, or found with the standard's findings."""
    if photo is None:
        return Value(None, 0.0, ["photo_missing [photo] 未找到持证人照片"])
    return Value(None, 1.0, list(photo.findings))
