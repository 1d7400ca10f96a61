"""A seal's ring read with a few characters garbled, matched against the booklet's own offices.

A hand-written registration entry names its office only in the round seal stamped over it, and
there the handwriting, a printed box's side or the next entry's seal cross the lettering: the
recogniser takes one character for a look-alike (舞 for 彝, 清 for 治), loses one (夹江县教局),
and reads the other seal's arc as marks before or after the name (曾翼藝袋昆明市禄劝…). No
vocabulary rule can name such a ring; the booklet can, when it already holds the office (the
issuing authority read on the information page, another entry's office). The ring names the
booklet office ``C`` when

- at least two readings each hold a stretch that is ``C`` but for at most ``len(C) // 5``
  characters (one for a short name), every one a look-alike of ``C``'s but at most one (a
  character lost, added or unlike);
- every other office, of the booklet or of the vocabulary (GB/T 2260 place chains + 教育局 …),
  that is not the same office by its end, fits the readings at least one character worse a
  reading, each office charged for its whole name (marks the stretch leaves out count
  against it: 育局 after 教育体 is 教育体育局): a ring of a neighbouring county, or of the same
  county's 教育体育局, is not pulled to the booklet's office; and no stretch is the whole
  name of another office;
- when a longer name of another office may end with ``C`` (夹江县教育局: 乐山市夹江县教育局
  is not known to be the same), every reading is that stretch alone and spreads over the arc a
  whole seal name fills (``_seal_ring.MIN_SPREAD``): nothing was lost before it.

The rule holds for real booklets because a registering office's seal is most often the
issuing county's own, and a garbled reading is taken only when it cannot be any other office
the vocabulary knows; anything else stays flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from core.rules import NOT_HAN
from scanning._office_match import fold, vocabulary_fits
from scanning._office_tail import other_office_ends
from scanning._seal_ring import MIN_SPREAD
from scanning._vocab import is_authority
from scanning._vocab_glyphs import SIMILAR, similarity

__all__ = ["Stretch", "office", "stretch"]

MIN_READS = 2


@dataclass(frozen=True)
class Stretch:
    """Where a reading holds an office's name: characters changed (``edits``), of them not
    look-alikes (``unlike``), and the stretch's ends in the reading."""

    edits: int
    unlike: int
    start: int
    end: int


def _alike(a: str, b: str) -> bool:
    """Two Chinese characters a recogniser may take one for the other (彝/舞, 治/清)."""
    sim = similarity(a, b)
    return sim is not None and sim >= SIMILAR


def stretch(read: str, name: str) -> Stretch:
    """The stretch of ``read`` closest to the whole of ``name`` (marks before and after it
    are free), the fewest characters changed first, then the fewest unlike ones."""
    n = len(read)
    # cost[j]: (edits, unlike, start) of name[:i] ending before read[j]
    cost = [(0, 0, j) for j in range(n + 1)]
    for i, ch in enumerate(name, 1):
        new = [(i, i, 0)]
        for j in range(1, n + 1):
            e, u, s = cost[j - 1]
            same = read[j - 1] == ch
            sub = (e + (not same), u + (not same and not _alike(read[j - 1], ch)), s)
            lost = (cost[j][0] + 1, cost[j][1] + 1, cost[j][2])
            added = (new[j - 1][0] + 1, new[j - 1][1] + 1, new[j - 1][2])
            new.append(min(sub, lost, added))
        cost = new
    j = min(range(n + 1), key=lambda k: (cost[k][0], cost[k][1], -k))
    e, u, s = cost[j]
    return Stretch(e, u, s, j)


def _allowed(name: str) -> int:
    return max(1, len(name) // 5)


def _cjk(read: str) -> str:
    return NOT_HAN.sub("", fold(read))


def office(
    reads: Sequence[str], offices: Sequence[str], spreads: Sequence[float] = (),
    year: int | None = None,
) -> str | None:
    """The one booklet office the ring's readings spell (see the module's rules), or None
    (``spreads``: each reading's spread over the ring in degrees, when known; ``year``: the
    booklet's earliest, before which a longer name that ceased is no other office)."""
    said = [r for r in (_cjk(x) for x in reads) if r]
    own = sorted({fold(o) for o in offices if o and is_authority(fold(o))}, key=len)
    if len(said) < MIN_READS:
        return None
    fits = [o for o in own if _fits(said, o)]
    if len(fits) != 1:
        return None
    name = fits[0]
    if other_office_ends(name, year) and not _whole(said, name, reads, spreads):
        return None
    return name if _clear(said, name, own) else None


def _fits(said: Sequence[str], name: str) -> bool:
    got = [stretch(r, name) for r in said]
    return all(g.edits <= _allowed(name) and g.unlike <= 1 for g in got)


def _whole(said: Sequence[str], name: str, reads: Sequence[str], spreads: Sequence[float]) -> bool:
    """Every reading is the name's stretch alone and spreads as a whole name does."""
    if len(spreads) != len(reads) or len(said) != len(reads):
        return False
    got = [stretch(r, name) for r in said]
    alone = all(g.start == 0 and g.end == len(r) for g, r in zip(got, said, strict=True))
    return alone and min(spreads) >= MIN_SPREAD


def _clear(said: Sequence[str], name: str, own: Sequence[str]) -> bool:
    """Every other office fits the readings at least one character worse a reading, and no
    stretch is another office's whole name."""
    got = [stretch(r, name) for r in said]
    parts = [r[g.start : g.end] for r, g in zip(said, got, strict=True)]
    if any(is_authority(p) and not _same(p, name) for p in parts):
        return False
    # a rival that blocks fits some reading within what the office is charged there, over
    # the stretch or over the stretch and what follows it (育局 after 教育体: 教育体育局)
    limit = max(1, *(g.edits for g in got))
    spans = {*parts, *(r[g.start :] for r, g in zip(said, got, strict=True))}
    rivals = set(own).union(*(vocabulary_fits(p, limit) for p in spans))
    best = sum(_cost(r, name, limit) for r in said)
    return all(_same(o, name) or sum(_cost(r, o, limit) for r in said) >= best + len(said)
               for o in rivals)  # fmt: skip


@lru_cache(maxsize=1 << 14)  # thousands of rivals share one reading
def _cost(read: str, name: str, limit: int) -> int:
    """The characters ``read`` differs by from the whole of ``name`` (marks around it free;
    the same charge for every office, so a lost head never favours a shorter rival), at most
    ``limit + 1``."""
    cost = [0] * (len(read) + 1)
    for i, ch in enumerate(name, 1):
        new = [i]
        for j in range(1, len(read) + 1):
            new.append(min(cost[j - 1] + (read[j - 1] != ch), cost[j] + 1, new[j - 1] + 1))
        cost = new
    return min(min(cost), limit + 1)


def _same(a: str, b: str) -> bool:
    """One name is the end of the other (the same office: 岳麓区教育局, 长沙市岳麓区教育局)."""
    return a.endswith(b) or b.endswith(a)
