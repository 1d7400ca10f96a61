"""How much of the recogniser's doubt at a place of a name falls on characters no name holds there.

A name's character read at 83 % beside another the engine offered at 15 % looks doubted, yet the
doubt is no doubt about the name when that other character makes no name: 诸 beside 诺 in
诸葛敏宇 (诺葛 is no compound surname, 诺 no surname), 宇 beside 字 in a given name (字 is no
given-name character). The surname and given-name lists (``_vocab_names.weight``, the same
weighing the decoder gives each reading's rivals) rule such a rival out, and the place is as
sure as the read character and those rivals together. Only where that proof holds:

- the read character is itself a name character there: part of a known surname, or a common
  given-name character (a character outside the list, 活 where 湉 was printed, may be a misread
  of a rare one the engine never offered);
- the reading offered no rare character there, at any probability: the engine's language prior
  holds rare name characters down (赜 at under 1 % beside 颐), so a rare one offered at all may
  be what is printed;
- the read character keeps most of the engine's belief (:data:`LEADS`).
"""

from __future__ import annotations

from collections.abc import Sequence

from core.rules import is_han
from scanning import _vocab_names as names

# The read character's own probability, at least: below it the engine hardly saw the character.
LEADS = 0.7


def unheld(value: str, i: int, alternatives: Sequence[tuple[str, float]]) -> float:
    """The probability the engine gave, at place ``i`` of the read ``value``, to characters no
    name holds there, when the proof above holds; 0.0 otherwise."""
    ch = value[i]
    mine = sum(p for c, p in alternatives if c == ch)
    rivals = [(c, p) for c, p in alternatives if c != ch]
    if mine < LEADS or not _held(value, i) or any(
        is_han(c) and not names.common(c) for c, _ in rivals
    ):
        return 0.0
    return sum(p for c, p in rivals if is_han(c) and names.weight(value, i, c) == 0.0)


def _held(value: str, i: int) -> bool:
    """The read character is a name's there: within a known surname, or a common given-name
    character after it."""
    if i < names.surname_length(value):
        return True
    return value[i] in names.given() and names.common(value[i])
