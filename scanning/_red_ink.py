"""A page's red ink, seen apart from the print: the views a stamp or a seal is read in.

- ``red_view``: red minus the stronger of green and blue, inverted, so red ink is dark on
  white and black print is gone (a pink paper's own redness taken off first);
- ``green_view``: the green channel, paper stretched to white: red ink dark by another route
  (and pale pink strokes of a worn stamp kept, which the red view drops);
- ``frames``: the framed boxes of a stamp's or a sticker's size (all that is left of a stamp's
  border on a greyscale scan).

A registration page asks for these several times (its red stamps, the seals beside its printed
stickers, whether a grey stamp stands alone): ``RedInk`` makes each once a page, the seal rings
found in the red view and each ring's reading too.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import cv2
import numpy as np

from scanning import _seal_ring, _seal_shape
from scanning._ocr import Box, Image
from scanning._seal_ring import RingName
from scanning._seal_shape import Ring

__all__ = ["RedInk", "frames", "green_view", "of", "red_share", "red_view", "redness"]

RED_INK = 60  # red minus the stronger other channel (8-bit) above which a pixel is red ink
MIN_INK = 0.0008  # share of the page's pixels that must be red ink outside seals (a stamp)
DARK = 160  # a green-channel pixel darker than this (paper stretched to 255) is ink
# A framed box of a stamp or a sticker, as shares of the page: a page border or a whole
# sticker column is no stamp frame.
_FRAME_W = (0.15, 0.92)
_FRAME_H = (0.03, 0.45)


def _stretched(channel: Any) -> Image:
    """A channel with the paper stretched to white, as three equal channels."""
    hi = max(float(np.percentile(channel[::4, ::4], 90)), 1.0)
    grey = (channel.astype(np.float32) * (255.0 / hi)).clip(0, 255).astype(np.uint8)
    return np.repeat(grey[..., None], 3, axis=2)


def redness(image: Image) -> Any:
    """Per pixel, how much redder than green and blue it is (0 for black print and paper)."""
    px = image.astype(np.int16)
    return (px[..., 0] - np.maximum(px[..., 1], px[..., 2])).clip(0, 255)


def red_view(image: Image) -> Image | None:
    """The page with red ink dark on white and everything else white; None on a page without
    colour or without red ink."""
    if _seal_shape.is_grey(image):
        return None
    diff = redness(image)
    # a pink paper's own redness is no ink: kept, it made the paper grey and black print
    # (no redness at all) white, light letters the recogniser read as a stamp's rows
    diff = (diff - int(np.median(diff[::4, ::4]))).clip(0, 255)
    if float((diff > RED_INK).mean()) < MIN_INK:
        return None
    hi = max(float(np.percentile(diff[diff > RED_INK], 90)), float(RED_INK))
    ink = (diff.astype(np.float32) * (255.0 / hi)).clip(0, 255)
    return np.repeat((255 - ink).astype(np.uint8)[..., None], 3, axis=2)


def green_view(image: Image) -> Image:
    """The green channel, paper stretched to white: red ink is dark here as in ``red_view``,
    but by another route, so one misreading is unlikely to repeat in both."""
    return _stretched(image[..., 1])


def red_share(image: Image, box: Box) -> float:
    """Of the dark pixels of ``box`` in the green channel, the share that is red ink."""
    x0, y0, x1, y1 = box
    piece = image[y0:y1, x0:x1]
    dark = _stretched(piece[..., 1])[..., 0] < DARK
    red = redness(piece) > RED_INK // 2  # pale pink strokes of a worn stamp count
    return float((dark & red).sum()) / max(int(dark.sum()), 1)


def frames(image: Image) -> list[tuple[int, int, int, int]]:
    """Framed boxes of a stamp's or a sticker's size on the page (x0, y0, x1, y1)."""
    grey = image if image.ndim == 2 else image[..., 1]
    h, w = grey.shape[:2]
    _, ink = cv2.threshold(
        np.ascontiguousarray(grey), 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU
    )
    return framed(ink)


def framed(lines: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The outlines in a mask of ruled lines that are of a stamp's or a sticker's size on the
    page (x0, y0, x1, y1)."""
    h, w = lines.shape[:2]
    contours, _ = cv2.findContours(lines, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    out = []
    for c in contours:
        x, y, bw, bh = cv2.boundingRect(c)
        if _FRAME_W[0] * w <= bw <= _FRAME_W[1] * w and _FRAME_H[0] * h <= bh <= _FRAME_H[1] * h:
            out.append((x, y, x + bw, y + bh))
    return out


class RedInk:
    """One page's red ink, each view made when first asked for and kept: the red view, the
    seal rings found in it, the green view, the page's frames, and each ring's reading (the
    same page image always gives the same views, so a kept one is the one made again)."""

    def __init__(self, image: Image) -> None:
        self.image = image
        self._names: dict[Ring, RingName] = {}

    @cached_property
    def view(self) -> Image | None:
        """``red_view`` of the page."""
        return red_view(self.image)

    @cached_property
    def rings(self) -> tuple[Ring, ...]:
        """The round seals found in the red view (a seal's ring; none without a red view)."""
        return () if self.view is None else tuple(_seal_shape.rings(self.view))

    @cached_property
    def green(self) -> Image:
        """``green_view`` of the page."""
        return green_view(self.image)

    @cached_property
    def frames(self) -> tuple[Box, ...]:
        """``frames`` of the page."""
        return tuple(frames(self.image))

    def name(self, ring: Ring) -> RingName:
        """What ``ring`` (one of ``rings``) says, read in the red view once."""
        if self.view is None:  # no red view: no ring of it
            return RingName(None, ())
        if ring not in self._names:
            self._names[ring] = _seal_ring.read_name(self.view, ring)
        return self._names[ring]


def of(source: Image | RedInk) -> RedInk:
    """``source``'s red ink (a page image's, made afresh; a ``RedInk`` as it is)."""
    return source if isinstance(source, RedInk) else RedInk(source)
