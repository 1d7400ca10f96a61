"""A rare character the name's crop shows where every reading read the common one it looks like.

A recogniser's language prior pulls a rare name character to the common character it looks
like, in every reading of the same print: 胡彧湉 was read 胡彧活 three times (活 at 95-99 %), 湉
offered by each reading at under 1 %. The readings agree, so only the crop can tell; where the
glyph check (``_name_glyphs.judge``) chooses the rare character — first by its clear margins
over the read one, its look-alikes and what the cell alone reads as — the name is taken as
printed. Because this overturns agreeing readings, the crop must show it in every view of the
print (the normalised page and the scan's own pixels, :data:`VIEWS` at least), each view
choosing the same characters; the rare character must be one every reading offered at that
place, the read one a common character (a printed common character is not pulled to a rare
one by the prior), and every other doubted place must be chosen as read. A crop that
chooses anything else, in any view, leaves the name for a person.
"""

from __future__ import annotations

from collections.abc import Sequence

from scanning import _name_glyphs as glyphs
from scanning import _vocab_names as names
from scanning._ocr import Reading, read_as

# Views of the print that must each choose the same characters: one view's choice may be the
# quirk of its pixels (a JPEG block, a resampling), two views' are the print's.
VIEWS = 2


def shown(value: str, doubt: Sequence[int], verdicts: Sequence[glyphs.Verdict],
          readings: Sequence[Reading]) -> str:
    """``value`` with its misread rare characters restored when every one of ``verdicts`` (one
    per view, at least :data:`VIEWS`) chose the same characters at the ``doubt`` places, and
    each place it chose otherwise than read holds a rare character every reading of ``value``
    offered there in place of a common read one; "" otherwise."""
    if len(verdicts) < VIEWS or not doubt:
        return ""
    chosen = verdicts[0].chosen
    if any(v.chosen != chosen for v in verdicts) or set(chosen) != set(doubt):
        return ""
    same = read_as(value, readings)
    changed = [i for i in doubt if chosen[i] != value[i]]
    if not same or not changed:
        return ""
    for i in changed:
        ch = chosen[i]
        if names.common(ch) or not names.common(value[i]):
            return ""
        if not all(any(c == ch for c, _ in r.alternatives[i]) for r in same):
            return ""
    return "".join(chosen.get(i, ch) for i, ch in enumerate(value))
