"""Whether re-reads of a flagged issuing authority prove one office without the seal's ring.

Two ways, each answering only when exactly one office fits (``_authority_reread`` gives the
reads):

- **by the print** (``by_print``): two or more reads spell the same text, and that text is an
  office as it is, or an office with one character inside it lost (鄂尔多斯市鄂克前旗教育局:
  托 lost under the seal's rim), and
  - the office lies in the province the certificate number names (read surely; without it
    nothing is proved: every province's names would be rivals);
  - no other office of that province holds the text with at most two characters more (the
    text may as well be it with characters lost: 鄂托克旗 for 鄂托克前旗), save the office's
    own longer names (内蒙古自治区鄂尔多斯市…);
  - when such a longer name exists, a read that starts right after the authority's label (or
    a line of its own with no text before it) shows the office's first character first:
    nothing was lost before it;
  - no read is another office as it is.
- **by the holder's division** (``by_division``): the reads leave several offices of the
  certificate's province (第州市教育局, 州市教育局: 常州, 徐州, 扬州, 泰州 …); the one whose place
  is the ID number's prefecture or county (read surely) is taken only when it is the only one
  and some read spells it as it is. A holder may be certified away from home, so the division
  never overrules the print: it only picks among what the print left open.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache

from scanning import _authority_support as support
from scanning import _vocab
from scanning._authority_reread import Read
from scanning._places import AUTHORITY_SUFFIXES, division_places

__all__ = ["by_division", "by_print", "consistent", "longer_names", "starts"]

MORE = 2  # characters a rival may hold beyond a text it explains by characters lost
MIN_AGREE = 2  # reads that must spell the same text
SHOWN_SLACK = 1  # characters of an office a read may miss and still be consistent with it


@cache
def _province_names(province: str) -> tuple[str, ...]:
    """The vocabulary's offices of one province, longest first."""
    names = [n for n in _vocab.authority_names() if province in _vocab.authority_provinces(n)]
    return tuple(sorted(names, key=len, reverse=True))


@cache
def _by_tail() -> dict[str, tuple[str, ...]]:
    """Each office to its longer names (the same place named from a higher level)."""
    names = _vocab.authority_names()
    known = set(names)
    index: dict[str, list[str]] = {}
    for name in names:
        for k in range(1, len(name) - 2):
            if name[k:] in known:
                index.setdefault(name[k:], []).append(name)
    return {k: tuple(v) for k, v in index.items()}


def longer_names(entry: str) -> tuple[str, ...]:
    """The vocabulary's longer names of ``entry``'s place (湖南省岳阳市湘阴县教育局 for
    湘阴县教育局)."""
    return _by_tail().get(entry, ())


def starts(entry: str, reads: Sequence[Read]) -> bool:
    """A read whose start is proved (after the label, or a line alone) begins with ``entry``'s
    first character, read as it is."""
    for r in reads:
        if r.after_label and r.text:
            first, j = support.align(entry, r.text)[0]
            if first == "read" and j == 0:
                return True
    return False


def _heads(entry: str, reads: Sequence[Read]) -> bool:
    """A read shows more of a longer name of ``entry``'s place than of ``entry`` (宁省抚顺市…
    beside 抚顺市…): what stands before the entry's first character was printed."""
    return any(_shown(longer, r.text) > _shown(entry, r.text)
               for longer in longer_names(entry) for r in reads)


def _shown(entry: str, text: str) -> int:
    return sum(op == "read" for op, _ in support.align(entry, text))


def _spelt(text: str, names: Sequence[str]) -> list[str]:
    """Offices that are ``text`` or ``text`` with one character inside it lost."""
    out = [text] if text in names else []
    out += [n for n in names if len(n) == len(text) + 1 and n[0] == text[0]
            and n[-1] == text[-1] and support.within(n, text)]
    return out


def _rivals(
    entry: str, text: str, names: Sequence[str], closed: Callable[[frozenset[int]], bool]
) -> bool:
    """Another office holds ``text`` with characters more (at most ``MORE`` beyond ``entry``),
    not a longer name of ``entry``'s place, nor one whose characters more would all stand
    inside ``text`` where its characters stand too close together for one between
    (``closed``: given the indices of ``text`` they might stand before) and away from where
    ``entry``'s lost character stood."""
    own = _between(entry, text)
    for n in names:
        if n == entry or n.endswith(entry) or not len(text) <= len(n) <= len(entry) + MORE:
            continue
        if not support.within(n, text):
            continue
        if n[0] == text[0] and n[-1] == text[-1]:
            # A restored entry's rival must hold the lost character too: one that does not
            # says nothing was lost there, and the reads cannot tell which is right.
            if own:
                at = _beyond(n, entry, own) if support.within(n, entry) else None
            else:
                at = _between(n, text)
            if at is not None and closed(frozenset(at)):
                continue
        return True
    return False


def _between(name: str, text: str) -> set[int]:
    """The indices of ``text`` before which characters of ``name`` it lacks may stand, over
    every way it sits in ``name`` (from its leftmost to its rightmost placing)."""
    if len(name) == len(text):
        return set()
    marks = []
    for order in (1, -1):
        src, dst = (name, text) if order == 1 else (name[::-1], text[::-1])
        taken, j = [], 0
        for i, ch in enumerate(src):
            if j < len(dst) and ch == dst[j]:
                taken.append(i)
                j += 1
        pos = taken if order == 1 else [len(name) - 1 - i for i in reversed(taken)]
        marks += [k for k in range(1, len(text)) if pos[k] - pos[k - 1] > 1]
        marks += [0] if pos and pos[0] > 0 else []
        marks += [len(text)] if pos and pos[-1] < len(name) - 1 else []
    return set(range(min(marks), max(marks) + 1)) if marks else set()


def _beyond(name: str, entry: str, own: set[int]) -> set[int] | None:
    """Where ``name`` holds characters beyond ``entry`` (which it holds), as indices of the
    text ``entry`` was read as (one character lost before ``own``); None when they may stand
    next to the lost one."""
    lost = min(own)
    at = _between(name, entry)
    if at & {lost, lost + 1}:
        return None
    return {k if k < lost else k - 1 for k in at}


Tight = Callable[[Read, frozenset[int]], bool]


def by_print(
    reads: Sequence[Read], province: str | None, tight: Tight = lambda r, at: False
) -> list[str]:
    """The offices the reads prove by themselves (see the module; ``tight``: in a read, no
    character can stand before any of the indices given)."""
    if not province:
        return []
    names = _province_names(province)
    found: set[str] = set()
    for text, n in Counter(r.text for r in reads).items():
        if n < MIN_AGREE or len(text) < 3:
            continue
        same = [r for r in reads if r.text == text]

        def closed(at: frozenset[int], same: list[Read] = same) -> bool:
            return any(tight(r, at) for r in same)

        for e in _spelt(text, names):
            if _rivals(e, text, names, closed):
                continue
            if longer_names(e) and (not starts(e, same) or _heads(e, reads)):
                continue
            found.add(e)
    offices = {r.text for r in reads if _vocab.is_authority(r.text)}
    if any(o not in found and not any(f.endswith(o) for f in found) for o in offices):
        return []  # a read names another office as it is
    return sorted(found)


def consistent(entry: str, text: str) -> bool:
    """``text`` reads ``entry`` with nothing added and at most ``SHOWN_SLACK`` of its
    characters not shown as they are."""
    ops = support.align(entry, text)
    if len(text) != sum(op != "lost" for op, _ in ops):
        return False
    return sum(op == "read" for op, _ in ops) >= len(entry) - SHOWN_SLACK


def by_division(
    reads: Sequence[Read], province: str | None, division: str | None,
    offered: Sequence[str] = (),
) -> list[str]:
    """The office of the certificate's province whose place is the holder's prefecture or
    county, among those the reads leave open (``offered``: the decoder's candidates too):
    one place only, its office spelt as it is by a read, and no read ending in another
    office's word (教体局, 教育体育局 …). See the module."""
    places = division_places(division or "")
    if not province or not places or (division or "")[:2] != province:
        return []
    names = _province_names(province)
    texts = {r.text for r in reads if len(r.text) >= 3}
    open_ = {e for e in names for t in texts
             if sum(ch in t for ch in e) >= len(e) - SHOWN_SLACK and consistent(e, t)}
    open_ |= set(offered) & set(names)
    fit = [e for e in open_ if any(support.place_part(e).endswith(p) for p in places)]
    if len({support.place_part(e) for e in fit}) != 1:
        return []
    spelt = [e for e in fit if e in texts]
    if len(spelt) != 1:
        return []
    office = spelt[0][len(support.place_part(spelt[0])):]
    if any(t.endswith(s) for t in texts for s in AUTHORITY_SUFFIXES
           if s != office and not office.endswith(s)):
        return []  # a read ends in another office's word
    others = {t for t in texts if _vocab.is_authority(t) and province in
              _vocab.authority_provinces(t)} - set(spelt)
    return [] if others else spelt
