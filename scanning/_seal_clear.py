"""A remark date read again with a grey seal's ink cleared away, where the print is darker.

On a greyscale scan a seal's ring cannot be filtered by colour, and where its stroke runs
through a digit every view may read the same wrong digit (``_remark_ring``). But stamp ink is
usually a thin film, lighter than print: where the ring's ink is lighter than the line's
print by a clear margin (``_sealcomma.SEPARATE``), every pixel lighter than the midpoint is
made paper, the ring's stroke vanishes and the print stays whole. A reading of that view
that holds the same date proves the stroke changed no digit. Where the seal is as dark as the
print (a bitonal scan, a heavy stamp) no view is made and the date stays in doubt.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from scanning import _ocr, _sealcomma
from scanning._datescan import find_dates
from scanning._ocr import Box, Image, Line
from scanning._seal_shape import Ring

__all__ = ["cleared", "same_dates"]

SURE = 0.9  # the cleared view's reading score that proves its date


def cleared(image: Image, box: Box, rings: Sequence[Ring]) -> Image | None:
    """The crop of ``box`` with every pixel lighter than the midpoint between its print and
    the crossing seals' ink made paper; None when no seal crosses it or the inks are too close."""
    grey = _sealcomma._grey(image)  # noqa: SLF001 - the package's own helper
    seals = [r for r in rings if r.crosses(box)]
    inks = [v for r in seals if (v := _sealcomma._seal_ink(grey, r)) is not None]  # noqa: SLF001
    x0, y0, x1, y1 = box
    if not inks or x1 <= x0 or y1 <= y0:
        return None
    core = float(np.percentile(grey[y0:y1, x0:x1], 2))
    if min(inks) - core < _sealcomma.SEPARATE:
        return None
    piece = _ocr.crop(grey, box, pad=_ocr.REREAD_PAD)
    return np.where(piece < (core + min(inks)) / 2, piece, 255).astype(np.uint8)


def _dates(text: str) -> set[str]:
    return {f.read.value for f in find_dates(text) if f.read.value}


def same_dates(image: Image, lines: Sequence[Line], rings: Sequence[Ring]) -> bool:
    """Whether every line a seal crosses that holds a real date reads, with the seal's ink
    cleared, the same dates, surely (``SURE``)."""
    dated = [ln for ln in lines if _dates(ln.text) and any(r.crosses(ln.box) for r in rings)]
    views = [cleared(image, ln.box, rings) for ln in dated]
    if not dated or any(v is None for v in views):
        return False
    scale = _ocr.REREAD_SCALE
    big = [_ocr.u8(cv2.resize(v, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC))
           for v in views if v is not None]  # fmt: skip
    got = _ocr.recognise_all(big)
    return all(
        r.score >= SURE and _dates(r.text) == _dates(ln.text)
        for ln, r in zip(dated, got, strict=True)
    )
