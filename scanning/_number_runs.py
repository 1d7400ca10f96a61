"""A number's run of digits: how many a whole ID or certificate number holds, the one run of
that many a reading holds, how many digits the best reading of a field lacks, the label's end
a re-read box caught before the number, and the boxes that may hold the digits a box cut off."""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.rules import HAN_RANGE
from scanning._date_cn import CN_NUMERALS
from scanning._ocr import Box, Reading

# Digits a whole number holds: a reading with fewer lost some (a doubled digit the recogniser
# merged, a thin 1 between wider digits, digits a seal or a pale print kept out of the box).
LENGTHS = {"id_number": 18, "certificate_number": 17}
_RUN = re.compile(r"[0-9]+[Xx]?")
DIGIT_EM = 0.45  # a digit's advance in box heights (digits are narrower than they are tall)


def digit_run(reading: Reading, length: int) -> Reading | None:
    """The reading's one run of exactly ``length`` digits (an ID's last may be X), with its
    characters' alternatives; None when it holds no such run or more than one."""
    runs = [m for m in _RUN.finditer(reading.text) if len(m.group()) == length]
    if len(runs) != 1 or any(len(m.group()) > length for m in _RUN.finditer(reading.text)):
        return None
    a, b = runs[0].span()
    alts = reading.alternatives[a:b] if reading.alternatives else ()
    return Reading(reading.text[a:b].upper(), reading.score, alts)


# What a re-read box catches of the label before a number: Han characters (号码, 编号, a
# misread 马 for 码), its colon and the spaces between. A Chinese numeral is no such head: it
# may be a digit of the number written or misread so (一, 〇).
_HEAD = re.compile(rf"^[{HAN_RANGE}:：\s]+")


def cut_label_end(reading: Reading, length: int) -> Reading:
    """``reading`` without the label characters read before its digits: a re-read crop is cut
    a few pixels wider than the box, and where the label stands close before the number (号码
    2006…) the crop holds the label's last character. Cut only when the digits after it are
    exactly a whole number's ``length``: then the head can hide none of its digits (a head
    before a run short of the number may stand where a seal's stroke took one)."""
    head = _HEAD.match(reading.text)
    if head is None or any(ch in CN_NUMERALS for ch in head.group()):
        return reading
    rest = reading.text[head.end() :]
    if len(rest) != length or not rest.isdigit() or not rest.isascii():
        return reading
    alts = reading.alternatives[head.end() :] if reading.alternatives else ()
    return Reading(rest, reading.score, alts)


def short(key: str, readings: Sequence[Reading]) -> int:
    """How many digits the longest reading of a number field lacks (0: one is whole)."""
    want = LENGTHS.get(key)
    if want is None or not readings:
        return 0
    got = max(max((len(m.group()) for m in _RUN.finditer(r.text)), default=0) for r in readings)
    return max(0, want - got)


def sided(box: Box, missing: int, width: int) -> tuple[Box, Box]:
    """The box widened by the ``missing`` digits (and one more) on its left alone and on its
    right alone, within the page's ``width``.

    A box cut at one end of its number (a seal's ring over the first digits, a pale end)
    widened on both sides holds paper or the next cell's ink past the end it did not cut;
    the recogniser reads such a crop differently (a doubled 11 merged into one), while the
    crop that runs on over the lost end only holds the number. The number's own print, not
    a generator's layout, says which end lost digits: both ends are offered, and only a
    crop read as a whole number counts."""
    x0, y0, x1, y1 = box
    grow = int(round((missing + 1) * DIGIT_EM * (y1 - y0)))
    return (max(0, x0 - grow), y0, x1, y1), (x0, y0, min(width, x1 + grow), y1)
