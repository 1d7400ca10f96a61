"""Confirm a read name place by place, where the crop settles each doubted character on its own
or the recogniser read a rare character against its own prior.

``_name_glyphs.judge`` decides every doubted place of a name at once and stops at the first it
cannot settle; here each place is judged alone (the other places standing as read), so a name
whose two doubts are each settled clearly is confirmed.

A place the glyph fits leave close may still be confirmed when the recogniser's language prior
was against what it read: every reading put a rare character (贾宇昊: 昊) first over common ones
it looks like (吴). A recogniser misreads the other way (printed 昊, 湉, 淼 read 吴, 活, 森, each
time), so reading the rare one is evidence of its own; the crop must still agree in every way it
can: the character first in every voting face, by at least :data:`LEAD`, fitting about as well
as the agreed characters, and read so in its cell alone. Only the read value is confirmed this
way, never a character no reading put first.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.rules import is_han
from scanning import _name_glyphs as glyphs
from scanning import _vocab_names as names
from scanning._name_twins import twins
from scanning._ocr import Reading

# The read character's lead over its best rival in each voting face (in fit).
LEAD = 0.02


def confirmed(
    row: Sequence[glyphs.Cell], places: Sequence[set[str]], value: str,
    readings: Sequence[Reading],
) -> str:
    """A detail of the evidence when every place of ``places`` holding more than one character
    is settled as ``value`` reads it, each on its own (:func:`_one`); "" otherwise."""
    if len(places) != len(value):
        return ""
    parts = []
    for i, offered in enumerate(places):
        if len(offered) < 2:
            continue
        alone = [{ch} for ch in value]
        alone[i] = set(offered) | {value[i]}
        why = _one(row, alone, i, value, readings)
        if not why:
            return ""
        parts.append(why)
    return " ".join(parts)


def _one(
    row: Sequence[glyphs.Cell], places: Sequence[set[str]], i: int, value: str,
    readings: Sequence[Reading],
) -> str:
    """The detail when place ``i`` (the only doubted one of ``places``) is settled as ``value``
    has it: by the glyph judge, or against the prior (:func:`against_prior`); else ""."""
    verdict = glyphs.judge(row, places)
    if verdict.chosen:
        return verdict.detail if verdict.chosen.get(i) == value[i] else ""
    if verdict.reason != "close" or not against_prior(value, i, places[i], readings):
        return ""
    return _shown(row, places, i, value[i])


def against_prior(value: str, i: int, offered: set[str], readings: Sequence[Reading]) -> bool:
    """Whether the character read at place ``i`` is a rare one every reading of ``value`` put
    first, over rivals that are all common Chinese characters (the prior's favourites)."""
    ch = value[i]
    rivals = offered - {ch}
    if names.common(ch) or not rivals or not all(
        is_han(c) and names.common(c) for c in rivals
    ):
        return False
    if any(len(r.text) == len(value) and r.text[i] != ch for r in readings):
        return False  # a reading that put another character there
    same = [r for r in readings if r.text == value and len(r.alternatives) == len(value)]
    return len(same) >= 2 and all(
        r.alternatives[i] and max(r.alternatives[i], key=lambda a: a[1])[0] == ch for r in same
    )


def _shown(row: Sequence[glyphs.Cell], places: Sequence[set[str]], i: int, ch: str) -> str:
    """The detail when the crop draws ``ch`` at place ``i`` first in every voting face, ahead
    of the offered characters, its twins and the cell read alone by :data:`LEAD`, about as well
    as the agreed characters fit, and the recogniser reads the cell alone as ``ch``; else ""."""
    n = len(places)
    if len(row) < n:
        return ""
    agreed = [(k, next(iter(s))) for k, s in enumerate(places) if len(s) == 1]
    windows = [(glyphs.rank_faces(row[s : s + n], agreed), s) for s in range(len(row) - n + 1)]
    faces, start = max(windows, key=lambda w: w[0][0][0])
    if faces[0][0] < glyphs.AGREED or len(faces) < glyphs.VOTERS:
        return ""
    cell = row[start + i]
    alone = glyphs.read_alone(cell)
    if alone != ch:
        return ""
    wider = places[i] | twins(ch)
    parts, best = [], 0.0
    for _, face in faces[: glyphs.VOTERS]:
        ranked = sorted(((glyphs.fit(cell, c, face), c) for c in wider), reverse=True)
        (s1, c1), (s2, c2) = ranked[0], ranked[1]
        if c1 != ch or s1 - s2 < LEAD:
            return ""
        best = best or s1
        parts.append(f"{s1:.3f}/{c2}{s2:.3f}")
    if best < faces[0][0] - glyphs.SHORTFALL:
        return ""  # it fits no better than a character the print does not hold
    return f"{i}:{ch} " + " ".join(parts) + f" agreed {faces[0][0]:.3f} alone {alone} 先验相反"
