"""A subject read run into the authority seal's legend (科学拜泉县教, 美术系大城县, 幼儿园育和).

The seal is pressed over the lower fields, so its ring lettering often crosses the subject's
row and the recogniser reads the two as one line. ``_vocab_strays`` snaps a read only when every
extra character is one the authority's read holds; but the authority sits under the same seal
and loses characters too (拜泉县 read 泉县), so a legend run with one character the authority's
read lacks stays unexplained, and two reads of the same cut box (科泉县教) outvote the one that
held the whole entry.

Rule: a read's extra characters at an end are legend when they are a run of two or more
characters the authority's read holds as one piece and that names a level or an office
(县, 市, 教育, 局 …), with at most one other character between it and the value (the one the
authority's read lost). When some reading is a list entry plus such legend, and every other
reading is that entry, its start (the seal's ring took the rest) or legend alone, the entry is
offered as the value — always flagged (``suggested``): the legend's run proves where the stray
characters came from, not that the value under it is whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from core.rules import QUOTES_HALF, SENTENCE_MARKS, Finding
from scanning import _vocab
from scanning._ocr import Reading
from scanning._validate import Value

RULE = "印章文字"
# Characters that name a level or an office on every authority seal: a run holding none of
# them (a place's own name alone) is no proof of lettering.
_LEGEND_MARKS = frozenset("省市县区州盟旗局厅育委")


def _legend(run: str, seal: str) -> bool:
    """A run the authority's read holds as one piece, naming a level or an office."""
    return len(run) >= 2 and run in seal and any(c in _LEGEND_MARKS for c in run)


@cache
def _word_edges() -> tuple[frozenset[str], frozenset[str]]:
    """Two-character words entries end with (教育, 技术) and start with (美术, 信息)."""
    return (frozenset(e[-2:] for e in _vocab.SUBJECTS),
            frozenset(e[:2] for e in _vocab.SUBJECTS))


def _extra(extra: str, seal: str, tail: bool) -> bool:
    """Characters beside an entry that are legend, allowing one character next to the
    entry the authority's read lost (拜 of 拜泉县教 when the authority read 泉县教育局).
    Extras that go on like a subject's own word (美术教育 beside a 教育局 seal) may be the
    real value, so they are no legend."""
    if not extra:
        return True
    ends, starts = _word_edges()
    if (extra[:2] in ends) if tail else (extra[-2:] in starts):
        return False
    return _legend(extra, seal) or _legend(extra[1:] if tail else extra[:-1], seal)


def entry_in(read: str, seal: str) -> str | None:
    """The longest list entry ``read`` holds with legend on its other characters."""
    if read in _vocab.SUBJECTS:
        return read
    fits = [
        e for e in _vocab.SUBJECTS if len(e) < len(read) and e in read
        and _extra(read[: read.index(e)], seal, False)
        and _extra(read[read.index(e) + len(e):], seal, True)
    ]
    return max(fits, key=len) if fits else None


def core(read: str, seal: str) -> str:
    """``read`` without a legend run at its end or start (科泉县教: 科)."""
    for k in range(len(read), 1, -1):
        if _legend(read[-k:], seal):
            return read[:-k]
        if _legend(read[:k], seal):
            return read[k:]
    return read


# Marks a read may catch at its ends (the ring's edge, a speck, the box's rule read as a
# comma); no subject starts or ends with one. Sentence marks, double quotes and the middle dot:
# not the single quotes ‘’ nor the other dots, kept as found (stripping more changes reads).
_MARKS = SENTENCE_MARKS + QUOTES_HALF + "“”·"


def offered(readings: Sequence[Reading], seal: str) -> str | None:
    """The one entry the readings hold under the legend, or None (see the module); a mark at
    a read's end (音乐学自治区,) is no character of the value nor of the legend."""
    texts = [t for r in readings if (t := r.text.strip(_MARKS))]
    entries = {e for t in texts if t not in _vocab.SUBJECTS and (e := entry_in(t, seal))}
    if len(entries) != 1:
        return None
    entry = entries.pop()
    for t in texts:
        c = core(t, seal)
        if entry_in(t, seal) != entry and not (c == "" or entry.startswith(c)):
            return None
    return entry


def settle(v: Value, readings: Sequence[Reading], seal: str) -> Value:
    """The subject's value with the entry the legend hid offered in place of a read that is
    no list entry; flagged, never silent."""
    if not seal or (v.value is not None and v.value in _vocab.SUBJECTS):
        return v
    entry = offered(readings, seal)
    if entry is None:
        return v
    texts = [r.text for r in readings if r.text]
    return Value(entry, min(v.confidence, 0.5), [Finding(
        "suggested", "subject", f"任教学科读作“{'”/“'.join(texts)}”，其中多出的字是发证机关"
        f"印章的文字，去掉后为“{entry}”，请核对", "warning",
        {"rule": RULE, "readings": texts, "candidates": [entry], "read": v.value})])
