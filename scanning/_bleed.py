"""Boxes that are no print of the page: the other side showing through (mirrored) and what a
red filter left of a seal, both far paler than anything written or printed on the page.

The recogniser reads them anyway (林资秋学中爽类资 for 初级中学教师资格 seen through the
paper, 货9用 for a seal's lettering) and they joined remark entries or made new ones. A box is
dropped only when its ink is pale both absolutely and against the page's own writing, and it
holds no real date and no remark phrase: faint writing (a pale pen, glare on a photo) is still
phrased or dated, and stays.
"""

from __future__ import annotations

import numpy as np

from scanning import _ink
from scanning._datescan import find_dates
from scanning._ink import PALE, SHARE, grey
from scanning._ocr import Image, Line
from scanning._remark_phrases import coverage

__all__ = ["PALE", "SHARE", "depth", "grey", "printed", "proved"]


def depth(page: Image, line: Line) -> float:
    """How far a box's darkest ink stands from its paper (90th − 3rd percentile)."""
    return _ink.depth(page, line.box)


def proved(line: Line) -> bool:
    """A box whose words prove it is writing, however pale."""
    return bool(any(f.read.value for f in find_dates(line.text)) or coverage(line.text) >= 2)


def printed(clean: Image, lines: list[Line]) -> list[Line]:
    """``lines`` without the faint boxes (``clean``: the page with red seal ink removed)."""
    if len(lines) < 2:
        return lines
    page = grey(clean)
    depths = [depth(page, ln) for ln in lines]
    typical = float(np.median([d for d in depths if d >= PALE] or [0.0]))
    return [
        ln for ln, d in zip(lines, depths, strict=True)
        if d >= PALE or d >= SHARE * typical or proved(ln)
    ]  # fmt: skip
