"""Digits that strokes added over the print turn into other digits.

A seal's lettering or ring, a bitonal scan's dithered seal, dirt or a fold line lays ink over a
digit and never takes the print's own ink away: a 3 under a seal's strokes reads 8 (fifth
0027_g4: 2011-03-20 read 2011-08-20 by two views and the third, the plain view alone read 3),
a 1 reads 4 or 7. So a view that reads a digit as one of fewer strokes than the others read may
be the one view that saw past the added ink, and the views that agree on more strokes are no
independent proof against it.
"""

from __future__ import annotations

# For each digit, the digits it can be read from when strokes are added to them.
MADE_FROM: dict[str, str] = {"8": "03569", "9": "357", "6": "5", "7": "1", "4": "1"}


def made_from(decided: str, read: str) -> bool:
    """Whether the digit ``decided`` may be the digit ``read`` with strokes added over it."""
    return len(decided) == 1 and len(read) == 1 and read in MADE_FROM.get(decided, "")
