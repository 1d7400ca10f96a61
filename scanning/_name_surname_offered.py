"""A name whose first character was read as no surname at all (起梅刚), where every reading
offered one and the same surname there (赵, at 6-20 %) and the crop draws that surname better
than the read character: the name is shown with that surname, and still sent to a person.

A Han name begins with its surname, so a first character that is no surname (起, 摩) is a
misread — of a surname drawn like it, most often the one the recogniser itself offered. Where
every reading offered exactly one known surname at the place (at ``_name_glyphs.OFFERED`` or
more: not a stray alternative) and, in every voting face, the crop fits that surname ahead of
the read character and of each other surname drawn like either (their twins, 越 beside 起 and
赵) by :data:`LEAD`, the surname is the likelier print. One view of a small print (a phone
photo's name is some 20 px high) is not proof enough to accept a name the readings did not
give, so the finding stays blocking: the person checking it sees the likelier name instead of
a non-name. A name of transcribed words (``_name_minority``) has no Han surname and is left as
read.
"""

from __future__ import annotations

from collections.abc import Sequence

from scanning import _name_glyphs as glyphs
from scanning import _name_minority as minority
from scanning import _vocab_names as names
from scanning._name_twins import twins
from scanning._ocr import Reading, read_as

# The surname's lead over the read character and each rival surname, in every voting face.
LEAD = 0.05


def offered(value: str, readings: Sequence[Reading]) -> str:
    """The one known surname every reading of ``value`` offered in place of its first
    character, which is no surname; "" when there is none or more than one."""
    if len(value) < 2 or names.surname_length(value) or minority.words(value):
        return ""
    same = read_as(value, readings)
    if not same or len(same) < len(readings):
        return ""
    each = [{c for c, p in r.alternatives[0] if p >= glyphs.OFFERED and names.is_surname(c)}
            for r in same]
    first = each[0]
    return next(iter(first)) if len(first) == 1 and all(s == first for s in each) else ""


def shown(row: Sequence[glyphs.Cell], value: str, surname: str) -> str:
    """A detail of the fits when, in every voting face, ``surname`` draws the name's first
    cell ahead of the read character and of the surnames drawn like either by :data:`LEAD`,
    and about as well as the name's other characters fit; "" otherwise."""
    n, read = len(value), value[0]
    agreed = [(i, value[i]) for i in range(1, n) if value[i] not in glyphs.FLAT]
    if not agreed or len(row) < n:
        return ""
    windows = [(glyphs.rank_faces(row[s : s + n], agreed), s) for s in range(len(row) - n + 1)]
    ranked, start = max(windows, key=lambda w: w[0][0][0])
    if ranked[0][0] < glyphs.AGREED:
        return ""
    rivals = {read} | {c for c in twins(read) | twins(surname) if names.is_surname(c)}
    rivals.discard(surname)
    cell, parts = row[start], []
    for score, face in ranked[: glyphs.VOTERS]:
        own = glyphs.fit(cell, surname, face)
        best = max((glyphs.fit(cell, c, face), c) for c in rivals)
        if own < score - glyphs.SHORTFALL or own - best[0] < LEAD:
            return ""
        parts.append(f"{face}:{own:.3f}/{best[1]}{best[0]:.3f}")
    return f"0:{surname} " + " ".join(parts)
