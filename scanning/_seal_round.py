"""A seal's ring read from inside its name, read on round the ring (局磁县教育: 磁县教育局).

A ring's lettering has no first character of its own: ``_seal_ring`` unwraps the ring from its
widest blank arc, which is the blank arc under the name unless something crossing that arc
inks it (the seal of the entry below, stamped overlapping this one; a stroke of handwriting).
The strip then starts at a blank between two of the name's characters, and the reading is
the name cut in two, its end first. Read on round, the characters are the name, and the blank
arc lies between its last character and its first, where a lost first character would show:
``_seal_ring``'s tests of a whole read (evenly spaced, all the lettering accounted for, spread
as a whole seal name, read alike at two scales) are applied to the characters' places on the
way round.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from scanning._vocab import is_authority

__all__ = ["turned", "twice_round"]


def turned(chars: str, at: list[float], turn: float) -> tuple[str, list[float]] | None:
    """The one authority name the reading is when read on round the ring from inside it, with
    its characters' places on the way round (``turn``: the strip's length of the whole ring),
    or None (no turn of it a name, or more than one)."""
    names = {chars[k:] + chars[:k]: k for k in range(1, len(chars))}
    found = [(n, k) for n, k in names.items() if is_authority(n)]
    if len(found) != 1:
        return None
    name, k = found[0]
    return name, [*at[k:], *(x + turn for x in at[:k])]


def twice_round(inked: NDArray[np.bool_], turn: float) -> NDArray[np.bool_]:
    """A strip's ink mask over two whole turns of the ring, for places read on round (the
    blank arc the strip left out is blank: it was chosen so)."""
    blank = np.zeros((inked.shape[0], max(0, round(turn) - inked.shape[1])), dtype=bool)
    return np.concatenate([inked, blank, inked, blank], axis=1)
