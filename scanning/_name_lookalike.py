"""Whether a name's own crop shows its rare surname rather than the common one it looks like
(阙 / 阎, 郦 / 郝): the one doubt the surname look-alike rule raises.

The readings agreed on the rare surname; the rule only asks whether a common surname drawn much
like it was misread as it. That is a question between two glyphs, so the crop answers it when,
in every voting face (the faces that draw the name's other characters best), the read surname
fits its cell better than the common one by a large part of what tells the two apart (1 − the
fit of one drawn as the other) and by :data:`LEAD` at least. Other rivals are the readings'
business, as for any rare surname the rule does not name.
"""

from __future__ import annotations

from collections.abc import Sequence

from scanning import _name_glyphs as glyphs
from scanning import _vocab_names as names

# Calibrated leave-one-face-out on the 60 rare surnames the rule names a common look-alike for,
# each printed both ways in 11 faces (each left out of the judge in turn), clean, blurred, JPEG,
# greyed and bitonal at 20-24 px: of 3 300 prints of the common surname none passed; of the
# rare one about a quarter do (the rest stay for a person, as before).
APART = 0.35
LEAD = 0.08
# The read surname fits at most this much worse than the name's other characters (a cell cut
# wrong, or a face unlike the print, says nothing).
SHORTFALL = 0.3


def shown(row: Sequence[glyphs.Cell], name: str) -> str:
    """A detail of the fits when the cells ``row`` show ``name``'s rare surname and not the
    common surname it looks like; "" when they do not clearly."""
    alike = names.commoner_lookalikes(name)
    n = len(name)
    if not alike or n < 2 or len(row) < n:
        return ""
    # A flat 一 is a stroke no glyph's fit measures: it cannot show the print's face. A name
    # with nothing else (廉一) finds it by the surname's own cell, drawn as either candidate,
    # so the face is chosen by neither and the two are then weighed in it.
    agreed = [(i, name[i]) for i in range(1, n) if name[i] not in glyphs.FLAT]
    agreed = agreed or [(0, name[0] + "".join(alike))]
    windows = [(glyphs.rank_faces(row[s : s + n], agreed), s) for s in range(len(row) - n + 1)]
    ranked, start = max(windows, key=lambda w: w[0][0][0])
    if ranked[0][0] < glyphs.AGREED:
        return ""
    cell = row[start]
    parts = []
    for score, face in ranked[: glyphs.VOTERS]:
        own = glyphs.fit(cell, name[0], face)
        if own < score - SHORTFALL:
            return ""
        for common in alike:
            lead = own - glyphs.fit(cell, common, face)
            unlike = 1.0 - glyphs.alike(name[0], common, face, cell.ink.shape)
            if lead < LEAD or lead < APART * unlike:
                return ""
            parts.append(f"{common}{lead:.3f}/{unlike:.3f}")
    return f"0:{name[0]} " + " ".join(parts)
