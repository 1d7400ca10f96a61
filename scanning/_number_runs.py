"""A number's run of digits: how many a whole ID or certificate number holds, the one run of
that many a reading holds, and how many digits the best reading of a field lacks."""

from __future__ import annotations

import re
from collections.abc import Sequence

from scanning._ocr import Reading

# Digits a whole number holds: a reading with fewer lost some (a doubled digit the recogniser
# merged, a thin 1 between wider digits, digits a seal or a pale print kept out of the box).
LENGTHS = {"id_number": 18, "certificate_number": 17}
_RUN = re.compile(r"[0-9]+[Xx]?")


def digit_run(reading: Reading, length: int) -> Reading | None:
    """The reading's one run of exactly ``length`` digits (an ID's last may be X), with its
    characters' alternatives; None when it holds no such run or more than one."""
    runs = [m for m in _RUN.finditer(reading.text) if len(m.group()) == length]
    if len(runs) != 1 or any(len(m.group()) > length for m in _RUN.finditer(reading.text)):
        return None
    a, b = runs[0].span()
    alts = reading.alternatives[a:b] if reading.alternatives else ()
    return Reading(reading.text[a:b].upper(), reading.score, alts)


def short(key: str, readings: Sequence[Reading]) -> int:
    """How many digits the longest reading of a number field lacks (0: one is whole)."""
    want = LENGTHS.get(key)
    if want is None or not readings:
        return 0
    got = max(max((len(m.group()) for m in _RUN.finditer(r.text)), default=0) for r in readings)
    return max(0, want - got)
