"""Confirm a read name character in the face the name is printed in, when the crop shows that
face clearly.

The judge of ``_name_glyphs`` weighs several faces because a booklet's face is seldom one of
ours: a lead in one face only may be that face's quirk. But where one face draws the name's
other characters far better than every other face (at :data:`PRINT` or more, ahead of the next
face by :data:`STANDS_OUT`), the crop shows the very design it was printed in — or one drawn
the same — and the other faces are only rougher drawings of it; their doubt is theirs, not the
print's. There a read character is confirmed when, in that face, it draws its cell better than
each rival (the characters offered there, its look-alikes, the common surname it looks like)
by :data:`LEAD`, about as well as the other characters fit, and the recogniser reads the cell
alone as it. Only the read character is ever confirmed: a rival that fits better is never
chosen, and a name no face stands out for stays for a person.

A flat 一 takes no part in finding the face: its cell is a single stroke that no glyph's fit
measures (``_name_stroke`` checks it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from scanning import _name_glyphs as glyphs
from scanning._name_twins import twins

# Calibrated on look-alike pairs (the 84 rare/common surname pairs of ``_vocab_names`` and three
# twins each of 60 given-name characters) printed in each face at 20 and 28 px, clean, blurred,
# JPEG 35 and bitonal, the print's face held and left out in turn (2 196 prints of the rival):
# no print of the rival confirmed the read character; where a face stood out at all, the read
# character led the printed rival by 0.024 at most. Of the prints of the read character, 27 %
# were confirmed with the face held, 1.5 % with it left out (the rest stay for a person).
PRINT = 0.85
STANDS_OUT = 0.06
LEAD = 0.12
SHORTFALL = 0.1
_FLAT = frozenset("一")


def face(row: Sequence[glyphs.Cell], value: str, doubted: Iterable[int]) -> tuple[int, int, float]:
    """The face the name stands out in (its number), the name's first cell and the agreed
    characters' fit there; face -1 when no face stands out."""
    n = len(value)
    skip = set(doubted)
    agreed = [(k, ch) for k, ch in enumerate(value) if k not in skip and ch not in _FLAT]
    if not agreed or len(row) < n:
        return -1, 0, 0.0
    windows = [(glyphs.rank_faces(row[s : s + n], agreed), s) for s in range(len(row) - n + 1)]
    ranked, start = max(windows, key=lambda w: w[0][0][0])
    if len(ranked) < 2:
        return -1, 0, 0.0
    (best, number), (second, _) = ranked[0], ranked[1]
    if best < PRINT or best - second < STANDS_OUT:
        return -1, 0, 0.0
    return number, start, best


def shown(row: Sequence[glyphs.Cell], value: str, i: int, rivals: Iterable[str],
          alone: bool = True) -> str:
    """A detail of the fits when the face the name stands out in draws ``value[i]`` clearly
    ahead of ``rivals`` and its look-alikes (and the cell read alone is it, when ``alone``);
    "" otherwise."""
    number, start, agreed = face(row, value, [i])
    if number < 0:
        return ""
    cell, ch = row[start + i], value[i]
    own = glyphs.fit(cell, ch, number)
    if own < agreed - SHORTFALL:
        return ""
    others = (set(rivals) | twins(ch)) - {ch}
    if not others:
        return ""
    lead, rival = min((own - glyphs.fit(cell, c, number), c) for c in others)
    if lead < LEAD or (alone and glyphs.read_alone(cell) != ch):
        return ""
    return f"{i}:{ch} face {number} agreed {agreed:.3f} fit {own:.3f} lead {lead:.3f} over {rival}"
