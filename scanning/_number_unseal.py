"""A number's box with a red seal's ink taken out of the print beneath it.

A seal stamped over the end of a certificate number hides digits from every view the reader
has: the page with the seal dropped (``_ocr.remove_red``) whitens only the seal's pale
pixels, so a crimson or dark-red seal stays as strokes over the digits, and the red channel
keeps it as grey strokes. Ink on paper multiplies: a pixel's colour over the paper's is the
seal's transmittance (where the seal is) times the print's, and the print is grey, the same
in every channel. So how far a pixel's colour leans towards the seal's hue says how much seal
it holds, whatever the print under it; the print's darkness is then what the red channel
shows with the seal's own darkening divided out. A greyscale page holds no hue to tell them
apart: there is no such view (None).
"""

from __future__ import annotations

import numpy as np

from scanning._ocr import Box, Image

REDNESS = 60  # red minus the stronger other channel (8-bit) above which a pixel is seal ink
MIN_SEAL = 40  # seal pixels near the box needed to measure the seal's colour
NEAR = 4.0  # box heights around the box where the seal's colour is measured
GAIN = 1.6  # a pixel leaning this share of the way to the seal's hue counts as all seal
# (a stroke's blurred or compressed edge leans only part of the way)


def _window(shape: tuple[int, ...], box: Box, grow: float) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    g = int(round(grow * (y1 - y0)))  # twice as far along the line: digits beyond its ends
    return max(0, x0 - 2 * g), max(0, y0 - g), min(shape[1], x1 + 2 * g), min(shape[0], y1 + g)


def unsealed(image: Image, box: Box) -> Image | None:
    """The page (a copy, as three equal channels) with the seal's ink divided out of the print
    around ``box``; None on a page without colour or without a seal near the box."""
    if image.ndim != 3:
        return None
    a0, b0, a1, b1 = _window(image.shape, box, NEAR)
    near = image[b0:b1, a0:a1].astype(np.float32) + 1.0
    red = near[..., 0] - np.maximum(near[..., 1], near[..., 2])
    seal = red > REDNESS
    if int(seal.sum()) < MIN_SEAL:
        return None
    paper = np.percentile(near[::2, ::2].reshape(-1, 3), 90, axis=0)
    log = np.log(np.clip(near / paper, 1e-3, 1.0))
    tint = np.median(log[seal], axis=0)  # the seal's log transmittance per channel
    hue = tint - tint.mean()
    if float(hue @ hue) < 1e-3:
        return None
    lean = log - log.mean(axis=2, keepdims=True)
    share = np.clip(GAIN * (lean @ hue) / float(hue @ hue), 0.0, 1.0)
    print_ = np.exp(log[..., 0] - share * tint[0])
    grey = np.clip(print_ * 255.0, 0, 255).astype(np.uint8)
    out = np.full(image.shape[:2], 255, np.uint8)
    out[b0:b1, a0:a1] = grey
    return np.repeat(out[..., None], 3, axis=2)
