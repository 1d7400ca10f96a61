"""Whether a two-character name whose first character is more often a given name's (左墨, 海婷)
really starts where it was read: the label's last character, 名, stands right before it.

Such a name may be a three-character one whose surname the box lost; but where the crop holds
the label too (姓名：左墨, 姓  名……左墨) and the character cell right before the name — past
a colon or a leader's dots — is 名 and no surname, nothing was lost between label and name.
The recogniser must read the cell on its own as 名 (a surname printed there reads as itself), and
the cell must draw 名 better than each character drawn most like it (its twins) by a clear
margin in every voting face.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scanning import _name_glyphs as glyphs
from scanning._name_twins import twins

LABEL_END = "名"
# A mark between label and name (a colon, a leader's dots) is this small beside the name's
# characters: lower than MARK_HIGH of their height, or narrower than MARK_WIDE of it.
MARK_HIGH = 0.6
MARK_WIDE = 0.35
# 名 must fit its cell this much better than any of its twins, in each voting face.
MARGIN = 0.1


def before(row: Sequence[glyphs.Cell], name: str) -> str:
    """A detail of the fits when the cell right before ``name`` in ``row`` (past marks) is the
    label's 名; "" when there is none or it may be a character of the name."""
    found = glyphs.locate(row, name)
    if found is None:
        return ""
    start = found[0]
    height = float(np.median([c.ink.shape[0] for c in row[start : start + len(name)]]))
    k = start - 1
    while k >= 0 and _mark(row[k], height):
        k -= 1
    if k < 0 or row[k].ink.shape[0] < MARK_HIGH * height:
        return ""
    cell = row[k]
    ranked = glyphs.rank_faces([cell], [(0, LABEL_END)])
    if ranked[0][0] < glyphs.AGREED:
        return ""
    rivals = sorted(twins(LABEL_END) - {LABEL_END})
    parts = []
    for score, face in ranked[: glyphs.VOTERS]:
        best = max((glyphs.fit(cell, c, face), c) for c in rivals)
        if score - best[0] < MARGIN:
            return ""
        parts.append(f"{score:.3f}/{best[1]}{best[0]:.3f}")
    if glyphs.read_alone(cell) != LABEL_END:
        return ""
    return f"{LABEL_END} " + " ".join(parts)


def _mark(cell: glyphs.Cell, height: float) -> bool:
    h, w = cell.ink.shape[:2]
    return bool(h < MARK_HIGH * height or w < MARK_WIDE * height)
