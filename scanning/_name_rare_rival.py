"""Places of an accepted name where a blurred crop leaves a rare character the engine offered in
play: agreeing readings of one blurred image are no independent evidence there.

A recogniser's language prior holds rare name characters down, and blur takes away the strokes
that would lift them: printed 赜 was read 颐 at 95-98 % in every reading of a 130 dpi phone photo
(JPEG quality 37), with 赜 offered at under 1 %. Readings of the same pixels agree because they see
the same blur, so where the crop is blurred (:func:`sharpness` under :data:`BLURRED`) a place where
any reading offered a rare character a name could hold there, at any probability worth listing,
must be shown by the glyph check (``_name_evidence.confirm``), as a doubted place is.

The same holds on a sharp crop at a place the readings waver on (``unsure``: some reading of it
was not sure): printed in a handwriting-like face (楷体), 湉 was read 活 at 69 % in one reading
and 98 % in two re-reads of the same box, with 湉 offered at 0.2 %. The re-reads' certainty is
the engine's prior, not the print's, once one reading of the same pixels doubted the place.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import cv2
import numpy as np
from numpy.typing import NDArray

from core.rules import is_han
from scanning import _vocab_names as names
from scanning._ocr import Reading, read_as

# A rival offered this likely is in play (the engine lists alternatives down to about 0.1 %).
FLOOR = 0.001
# Stroke edges this steep, at the least, are sharp: the 99th percentile of the grey gradient
# (Sobel) over the ink's contrast. On the 440 calibration names' crops (the tuning booklets of five
# generators), 7 of the 9 names read wrong lie under 3.0, with 72 of 431 right ones.
BLURRED = 3.0


def sharpness(grey: NDArray[np.uint8]) -> float:
    """How steep the crop's stroke edges are, in parts of the ink's contrast per pixel (about
    1 / the edge's width): a sharp print's edges rise in a pixel or two, a blurred one's in
    several."""
    g = grey.astype(np.float32)
    paper, dark = float(np.percentile(g, 90)), float(np.percentile(g, 2))
    contrast = max(1.0, paper - dark)
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0)
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1)
    return float(np.percentile(np.hypot(gx, gy) / contrast, 99))


def in_play(value: str, readings: Sequence[Reading], grey: NDArray[np.uint8] | None,
            unsure: Collection[int] = ()) -> list[int]:
    """Places of ``value`` where some reading of it offered a rare character a name could hold
    there, when the crop ``grey`` is blurred or the place is one of ``unsure`` (some reading
    doubted it); [] where there is no crop."""
    if grey is None or grey.size == 0:
        return []
    blurred = sharpness(grey) < BLURRED
    same = read_as(value, readings)
    return [i for i in range(len(value)) if (blurred or i in unsure)
            and any(_rare_rival(value, i, r.alternatives[i]) for r in same)]


def _rare_rival(value: str, i: int, alternatives: Sequence[tuple[str, float]]) -> bool:
    return any(c != value[i] and p >= FLOOR and is_han(c) and not names.common(c)
               and names.weight(value, i, c) > 0 and not _no_surname(value, i, c)
               for c, p in alternatives)


def _no_surname(value: str, i: int, ch: str) -> bool:
    """Whether ``ch`` in place ``i`` of ``value`` turns the read surname, a known one, into no
    known surname (瘳 beside 廖, 堇 beside 董, 藓 beside 薛). What keeps a rare character in play
    is a prior held down against characters people are named with; a surname nobody in the
    rankings or the 百家姓 bears is held down by no such mistake, and the engine's own
    probability for it (under 1 % at any place that is not doubted) stands."""
    if i >= names.surname_length(value):
        return False
    return not names.surname_length(value[:i] + ch + value[i + 1 :])
