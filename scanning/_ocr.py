"""RapidOCR wrapper: one engine per process, red-seal removal, lines with boxes, re-reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

Image = NDArray[np.uint8]
Box = tuple[int, int, int, int]


def u8(a: Any) -> Image:
    """View an OpenCV result as the uint8 image type used throughout (no copy)."""
    return np.asarray(a, dtype=np.uint8)


_ENGINE: Any = None
DET_SIDE = 960  # longest side for text detection
SEAL_PALE = 140  # red-channel level above which reddish pixels are seal, not print
MIN_SCORE = 0.5  # RapidOCR's own default cut-off for recognised lines
_THREADS = -1


@dataclass(frozen=True)
class Line:
    """One recognised text line: text, recogniser score, axis-aligned box (x0, y0, x1, y1)."""

    text: str
    score: float
    box: Box

    @property
    def cy(self) -> float:
        """Vertical centre of the box."""
        return (self.box[1] + self.box[3]) / 2

    @property
    def height(self) -> int:
        """Box height in pixels."""
        return self.box[3] - self.box[1]


@dataclass(frozen=True)
class Reading:
    """One recognition of a crop: the text, its score, and per character of ``text`` the
    recogniser's alternatives as (character, probability), best first (empty when the engine
    gives none). Decoders choose among these candidates the one the rules allow."""

    text: str
    score: float
    alternatives: tuple[tuple[tuple[str, float], ...], ...] = ()


def configure(threads: int) -> None:
    """Set ONNX intra-op threads for the engine of this process (call before first use)."""
    global _THREADS
    _THREADS = threads


def engine() -> Any:
    """The process-wide RapidOCR engine; built on first use and then reused."""
    global _ENGINE
    if _ENGINE is None:
        from rapidocr_onnxruntime import RapidOCR

        _ENGINE = RapidOCR(intra_op_num_threads=_THREADS, inter_op_num_threads=1)
    return _ENGINE


def red_channel(img: Image) -> Image:
    """The red channel, paper stretched to white: red seal ink turns pale while black print,
    even under the seal, stays dark. Used as is for second readings."""
    red = img[..., 0]
    # Stretch only the top (paper → white); a sparse page has too little ink for a low percentile.
    hi = max(float(np.percentile(red[::4, ::4], 90)), 1.0)
    grey = (red.astype(np.float32) * (255.0 / hi)).clip(0, 255).astype(np.uint8)
    return np.repeat(grey[..., None], 3, axis=2)


def remove_red(img: Image) -> Image:
    """Drop red seal ink but keep the black print beneath it: the red channel, with what is
    left of the seal's own strokes (reddish and pale there) turned white."""
    grey = red_channel(img)
    hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV)
    inked = ((hsv[..., 0] <= 12) | (hsv[..., 0] >= 160)) & (hsv[..., 1] >= 50)
    grey[inked & (grey[..., 0] > SEAL_PALE)] = 255
    return grey


def _aabb(quad: Any) -> Box:
    pts = np.asarray(quad, dtype=np.float32)
    return (int(pts[:, 0].min()), int(pts[:, 1].min()), int(pts[:, 0].max()), int(pts[:, 1].max()))


def read(img: Image) -> list[Line]:
    """Detect every text line of an upright page on a downscaled copy (fast, and as reliable),
    then recognise each line cut from the full-resolution page."""
    quads = detect_small(img, DET_SIDE)
    if not quads:
        return []
    eng = engine()
    boxes = eng.sorted_boxes(np.array(quads, dtype=np.float32))
    crops = eng.get_crop_img_list(img, boxes)
    results, _ = eng.text_rec(crops)
    lines = [
        Line(str(text), float(score), _aabb(quad))
        for quad, (text, score, *_) in zip(boxes, results, strict=True)
        if float(score) >= MIN_SCORE
    ]
    return sorted(lines, key=lambda ln: (ln.cy, ln.box[0]))


def detect_small(img: Image, max_side: int = 640) -> list[NDArray[np.float32]]:
    """Text boxes (quadrilaterals in ``img`` coordinates) found on a downscaled copy."""
    det = engine().text_det
    scale = min(1.0, max_side / max(img.shape[:2]))
    small = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    # The default "min" limit upscales small images; for a quick look we want the opposite.
    saved = det.limit_type, det.limit_side_len
    det.limit_type, det.limit_side_len = "max", max_side
    try:
        boxes, _ = det(small)
    finally:
        det.limit_type, det.limit_side_len = saved
    if boxes is None:
        return []
    return [np.asarray(b, dtype=np.float32) / scale for b in boxes]


def crop(img: Image, box: Box, pad: int = 4) -> Image:
    """A padded crop of ``box``, clipped to the image."""
    x0, y0, x1, y1 = box
    h, w = img.shape[:2]
    return img[max(0, y0 - pad) : min(h, y1 + pad), max(0, x0 - pad) : min(w, x1 + pad)]


def upside_down_share(crops: list[Image]) -> float:
    """Share of text-line crops the angle classifier says are rotated by 180°."""
    if not crops:
        return 0.0
    _, res, _ = engine().text_cls(crops)
    votes = [float(score) if label == "180" else -float(score) for label, score in res]
    return sum(1 for v in votes if v > 0) / len(votes)


def recognise(crops: list[Image]) -> list[tuple[str, float]]:
    """Recognise ready-cut line images (no detection)."""
    if not crops:
        return []
    res, _ = engine().text_rec(crops)
    return [(str(t), float(s)) for t, s, *_ in res]


def reread(pieces: list[tuple[Image, Box]]) -> list[str]:
    """Second readings of boxes at another scale and padding, to catch unstable reads."""
    crops = []
    for img, box in pieces:
        piece = crop(img, box, pad=7)
        if piece.size == 0:
            piece = np.full((32, 32, 3), 255, np.uint8)
        crops.append(u8(cv2.resize(piece, None, fx=1.4, fy=1.4, interpolation=cv2.INTER_CUBIC)))
    return [text for text, _ in recognise(crops)]


def readings(pieces: list[tuple[Image, Box]]) -> list[list[Reading]]:
    """Several readings of each box (other scale, padding and preprocessing), best first."""
    crops = []
    for img, box in pieces:
        piece = crop(img, box, pad=7)
        if piece.size == 0:
            piece = np.full((32, 32, 3), 255, np.uint8)
        crops.append(u8(cv2.resize(piece, None, fx=1.4, fy=1.4, interpolation=cv2.INTER_CUBIC)))
    return [[Reading(text, score)] for text, score in recognise(crops)]
