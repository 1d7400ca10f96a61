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

Two more doubts the fits leave close are settled the same way, for a character every reading put
first and the cell alone reads so:

- a rare character (董嫣璐: 嫣) first in every voting face by :data:`READ_LEAD` over every
  look-alike: short of the judge's margins, but a printed look-alike is neither read alone as
  it nor drawn worse in every face;
- a rare given-name character of the list whose only close rivals are rare characters outside
  it (谢祎: 袆, one dot from 祎, which the fits cannot tell apart): of two rare characters the
  recogniser's prior favours neither, and what parents name a child with is the listed one.
  Every rival a name could hold must still trail by the judge's ``EVERY`` in each face, and
  the face that draws the name best must put it first.

- a rare given-name character of the list (谭钰瑜: 瑜) beside which the readings offered only
  characters no name holds (输, and 谕 under :data:`FAINT`): nothing a name holds is in play,
  so the crop need only not say otherwise — the face that draws the name best puts it first
  by :data:`LEAD` over the offered characters and its look-alikes, and the cell alone reads it.
  On s32's synthetic prints (45 rare listed characters and 16 listed / unlisted pairs against
  their nearest twins, three faces, two degradations) no printed twin passed this.

A common character read is never settled so: a printed rare one is read as the common one it
looks like (赟 as 赞), and a rare one outside the list may still be a name's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from core.rules import is_han
from scanning import _name_glyphs as glyphs
from scanning import _vocab_names as names
from scanning._name_twins import twins
from scanning._ocr import Reading, read_as

# The read character's lead over its best rival in each voting face (in fit).
LEAD = 0.02
# A rare character every reading put first and the cell alone reads so is confirmed when it
# leads every look-alike by this in every voting face. Calibrated on 45 rare given-name
# characters against their three nearest twins, each printed both ways in three faces (the
# print's face and its sibling left out of the vote) at 20 and 24 px, blurred and JPEG: no
# printed twin was read alone as the rare character or put it first in every face (the nearest,
# 琰 printed, trailed 瑛 by 0.033); 60 of 270 prints of the rare one pass at this lead, 46 at
# the judge's EVERY. Kept above the worst lead a wrong character ever had in every face of the
# tuning scans (0.054, 怡 / 恰), without the readings' or the lone cell's word.
READ_LEAD = 0.06
# A look-alike no name holds (袆 beside 祎) may fit this much better than the name's own
# character in the voting faces after the best: the fits cannot tell glyphs a dot apart (祎 and
# 袆 printed each came out ahead by up to 0.04 in some face), the name's frequency does.
TIE = 0.03
# A rare character outside the list the engine gave this much beside a listed one is one it saw
# in the print, not a faint guess (printed 珙 read 琪 at 97 %, 珙 offered at 2.5 %).
FAINT = 0.02


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
    has it: by the glyph judge, against the prior (:func:`against_prior`), as a rare character
    read throughout that leads every look-alike by :data:`READ_LEAD`, or as a name character
    whose only close rivals are look-alikes no name holds (:func:`unnamed`); else ""."""
    verdict = glyphs.judge(row, places)
    if verdict.chosen:
        return verdict.detail if verdict.chosen.get(i) == value[i] else ""
    if verdict.reason != "close" or not read_first(value, i, readings):
        return ""
    ch = value[i]
    if against_prior(value, i, places[i], readings):
        return _shown(row, places, i, ch)
    if names.common(ch):
        # A printed rare character is read as the common one it looks like (赟 as 赞, 湉 as 活),
        # and one outside the list may be a name's still: the readings say nothing here.
        return ""
    if seen := _shown(row, places, i, ch, READ_LEAD, "通读"):
        return seen
    if ch in names.given() and i >= names.surname_length(value) and (seen := _shown(
            row, places, i, ch, glyphs.EVERY, "姓名用字", lambda c: unnamed(value, i, c))):
        # Every rival a name may hold is beaten as clearly as the judge asks of any winner.
        return seen
    if only_unnamed(value, i, readings, places[i]):
        # Nothing a name holds was offered: the best face need only not say otherwise.
        return _shown(row, places, i, ch, LEAD, "名用字", voters=1)
    return ""


def only_unnamed(value: str, i: int, readings: Sequence[Reading], offered: set[str]) -> bool:
    """Whether ``value`` holds a rare given-name character of the list at place ``i`` (in the
    given name) and every rival offered there (``offered``, and what the readings of ``value``
    gave) is one no name holds: a
    common character outside the list (输 beside 瑜), or a rare one outside it offered below
    :data:`FAINT` (谕 beside 瑜, 荁 beside 萱, 媽 beside 嫣). Between two rare characters the
    recogniser's prior pulls neither way, and of the two, people are named with the listed
    one."""
    ch = value[i]
    if names.common(ch) or ch not in names.given() or i < names.surname_length(value):
        return False
    gave = [(c, p) for r in read_as(value, readings) for c, p in r.alternatives[i] if c != ch]
    return all(not is_han(c) or names.weight(value, i, c) == 0
               or (unnamed(value, i, c) and p < FAINT)
               for c, p in [*gave, *((c, 0.0) for c in offered - {ch})])


def read_first(value: str, i: int, readings: Sequence[Reading]) -> bool:
    """Whether every reading of ``value``'s length put ``value``'s character first at place
    ``i``, and at least two readings read ``value`` itself."""
    ch = value[i]
    if any(len(r.text) == len(value) and r.text[i] != ch for r in readings):
        return False  # a reading that put another character there
    same = read_as(value, readings)
    return len(same) >= 2 and all(
        r.alternatives[i] and max(r.alternatives[i], key=lambda a: a[1])[0] == ch for r in same
    )


def against_prior(value: str, i: int, offered: set[str], readings: Sequence[Reading]) -> bool:
    """Whether the character read at place ``i`` is a rare one every reading of ``value`` put
    first, over rivals that are all common Chinese characters (the prior's favourites)."""
    ch = value[i]
    rivals = offered - {ch}
    if names.common(ch) or not rivals or not all(
        is_han(c) and names.common(c) for c in rivals
    ):
        return False
    return read_first(value, i, readings)


def unnamed(value: str, i: int, ch: str) -> bool:
    """Whether ``ch`` at place ``i`` of ``value`` is a look-alike no name holds there: a rare
    character outside the given-name list that makes no surname either (袆 beside 祎). Used
    only beside a rare listed character: beside a common one, a rare name character the list
    lacks (赟 beside 赞) is the very misread to fear."""
    if not is_han(ch) or names.common(ch) or ch in names.given():
        return False
    return i >= names.surname_length(value) or not names.surname_length(
        value[:i] + ch + value[i + 1 :])


def _shown(row: Sequence[glyphs.Cell], places: Sequence[set[str]], i: int, ch: str,
           lead: float = LEAD, why: str = "先验相反",
           tied: Callable[[str], bool] = lambda _c: False, voters: int = glyphs.VOTERS) -> str:
    """The detail when the crop draws ``ch`` at place ``i`` first in the ``voters`` best faces,
    ahead of the offered characters and its twins by ``lead``, about as well as the agreed
    characters fit, and the recogniser reads the cell alone as ``ch``; else "". A rival
    ``tied`` is one the name's own character is chosen over by its frequency in names, where
    the fits cannot tell the two apart (袆 / 祎 differ by one dot): it must trail ``ch`` by
    :data:`LEAD` in the face that draws the name best and may fit up to :data:`TIE` better in
    the others."""
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
    rivals = (places[i] | twins(ch)) - {ch}
    parts, best = [], 0.0
    for k, (_, face) in enumerate(faces[:voters]):
        own = glyphs.fit(cell, ch, face)
        fits = sorted(((glyphs.fit(cell, c, face), c) for c in rivals), reverse=True)
        # In the face that draws the name best, ``ch`` leads a tied rival by LEAD at least.
        if any(own - s < ((-TIE if k else LEAD) if tied(c) else lead) for s, c in fits):
            return ""
        best = best or own
        parts.append(f"{own:.3f}/{fits[0][1]}{fits[0][0]:.3f}" if fits else f"{own:.3f}")
    if best < faces[0][0] - glyphs.SHORTFALL:
        return ""  # it fits no better than a character the print does not hold
    return f"{i}:{ch} " + " ".join(parts) + f" agreed {faces[0][0]:.3f} alone {alone} {why}"
