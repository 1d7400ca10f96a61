"""An authority read with its place chain spelt in full and only its office word garbled
(九江市修水县都育刷) → the one office that place's name can end with.

Which office a name means rests on its place: a place has one education office at a time, and
the office words a place of its level uses are few (a county's: 教育局, 教体局, 教育体育局 …).
When the read's place is a known chain of ``MIN_PLACE`` characters or more, read as is (a
misread rarely spells another real chain that long), and its office word is, of the office
words that fit that place, closest to one by a margin of a character (都育刷: 教育局 two
characters off, 教体局 three), that office is taken, recorded as a correction. The vocabulary
must hold no other office as close to the whole read (one a misread place would give). A tie
(科技局: 教育局 and 教体局 both two off), a word further off than ``SLIPS``, or a read whose
office word is one itself decides nothing and the entry stays flagged.
"""

from __future__ import annotations

from core.rules import slips
from scanning._office_match import vocabulary_fits
from scanning._office_tail import other_office_ends
from scanning._places import AUTHORITY_SUFFIXES, place_chains, suffix_fits
from scanning._vocab import is_authority

__all__ = ["OFFICE_WORD_RULE", "office_word"]

OFFICE_WORD_RULE = "机关名称由完整地名与最接近的机关称谓唯一确定"

MIN_PLACE = 4  # characters of the place a read must spell exactly
SLIPS = 2  # characters of the office word that may be garbled



def office_word(read: str) -> str | None:
    """The one office ``read`` names by its place, its office word garbled (see the module's
    rules); None otherwise."""
    if is_authority(read):
        return None
    cost: dict[str, int] = {}
    for suffix in AUTHORITY_SUFFIXES:
        place, word = read[: -len(suffix)], read[-len(suffix) :]
        if len(place) < MIN_PLACE or place not in place_chains() or word in AUTHORITY_SUFFIXES:
            continue
        if suffix_fits(place, suffix) and is_authority(place + suffix):
            cost[place + suffix] = slips(word, suffix)
    best = min(cost.values(), default=SLIPS + 1)
    named = [n for n, c in cost.items() if c == best]  # a margin of one over every other
    if best > SLIPS or len(named) != 1:
        return None
    return named[0] if _alone(read, named[0], best) else None


def _alone(read: str, name: str, best: int) -> bool:
    """No other office of the vocabulary is as close to the whole read (a misread place:
    the name's own province or prefecture before it is no rival when it is the same office)."""
    for other, d in vocabulary_fits(read, best).items():
        if other == name or d > best:
            continue
        if not (other.endswith(name) and not other_office_ends(name)):
            return False
    return True
