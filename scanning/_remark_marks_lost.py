"""A standard wording read in full whose readings differ only in marks some of them lost.

A comma is the mark a view loses most often (证书遗失予以补发 beside two views reading
证书遗失，予以补发). When the entry's text is a standard wording (``_remark_standard``) that
no other comes within one character of, every reading of each line says its words and holds
its digits, the chosen text of each line is one of its readings, and no reading holds a mark
the chosen text lacks, the disagreement is only a mark that some views saw where the wording
has it: the wording decides it and the entry is settled as read.
"""

from __future__ import annotations

from collections.abc import Sequence

from scanning._remark_standard import (
    ENDS,
    MARKS,
    STANDARD,
    Lines,
    Settled,
    disputed,
    same_digits,
    same_end,
    skeleton_marked,
    standard,
    worded,
)

__all__ = ["settle"]


def settle(text: str | None, lines: Lines, doubted: Sequence[int] = ()) -> Settled | None:
    """``text`` settled as read when its lines' readings differ only in marks some lost (see
    the module's rules); None when they agree, or when anything else is in doubt."""
    if not text or doubted or text.rstrip(ENDS) not in STANDARD or disputed(lines):
        return None
    if not standard(text) or not same_end(lines) or not same_digits(lines):
        return None
    kept = [(t, [r for r in rs if r.strip()]) for t, rs in lines if worded(t)]
    if all(r.strip() == t.strip() for t, rs in kept for r in rs):
        return None  # the readings agree: nothing to decide
    for t, rs in kept:
        if t.strip() not in {r.strip() for r in rs}:
            return None
        if not all(_fewer_marks(skeleton_marked(r), skeleton_marked(t)) for r in rs):
            return None
    return Settled(text, text.rstrip(ENDS), 0)


def _fewer_marks(read: str, chosen: str) -> bool:
    """Whether ``read`` is ``chosen`` with none, some or all of its marks left out."""
    k = 0
    for ch in chosen:
        if k < len(read) and read[k] == ch:
            k += 1
        elif ch not in MARKS:
            return False
    return k == len(read)
