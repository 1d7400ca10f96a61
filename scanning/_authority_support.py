"""Whether an authority's readings support a vocabulary entry none of them read as is.

A snap (a misread character) or a restoration (characters lost under a seal) chooses among
vocabulary entries by likelihood, and likelihood is only relative: readings that show little
of the name (1, 县教育局, 安雁区教育局 for 西安市雁塔区教育局) still give one entry nearly all
of it when no other entry is near. Such a choice is refused unless one reading shows the entry
itself. Aligned with the entry (each of its characters read, misread or lost), the reading

- shows at least three quarters of the entry's characters, read or misread;
- reads at least half of its place's characters as they are, among them one that is no level
  word (省 市 县 区 …): the suffix 教育局 and a level word name no place;
- misreads a place character only as a look-alike, as one the engine offered, or as the
  character with a component lost or added (掇为区 for 掇刀区, 王 for 土: ``_vocab_parts``; an
  unlike character read surely is no misread; the suffix, one of a few a place's level allows,
  may be misread any way);
- and no other entry of a province the entry lies in holds every character of the reading in
  order, unless it holds the entry too (a longer chain of the same place): the reading may as
  well be that entry with characters lost (安雁区教育局 is 西安市雁塔区教育局 with three lost
  as much as 安塞区教育局 with one misread).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

from scanning import _rulesets as rs
from scanning import _vocab
from scanning import _vocab_glyphs as glyphs
from scanning import _vocab_parts as parts
from scanning import _vocab_registry as reg
from scanning._candidates import CONFUSIONS
from scanning._ocr import Reading
from scanning._places import AUTHORITY_SUFFIXES, SIMPLIFIED_FORMS, TRADITIONAL_FORMS

__all__ = [
    "MIN_KEPT", "MIN_PLACE", "alike", "align", "other_script", "place_part", "rivals", "supported",
    "supports", "within",
]

MIN_KEPT = 0.75  # share of the entry's characters a reading must show, read or misread
MIN_PLACE = 0.5  # … of its place's, read as they are
MISREAD_P = 0.01  # an engine alternative this likely makes a character a misread
# Words of a division's level and kind: shared by thousands of places, they name none.
LEVEL_CHARS = frozenset("省市县区州盟旗自治地")
_SUFFIXES = sorted(AUTHORITY_SUFFIXES, key=len, reverse=True)
_READ, _MISREAD, _LOST = "read", "misread", "lost"


def place_part(entry: str) -> str:
    """The entry without its education suffix (the whole entry when it has none)."""
    suffix = next((s for s in _SUFFIXES if entry.endswith(s) and len(entry) > len(s)), "")
    return entry[: len(entry) - len(suffix)]


@lru_cache(maxsize=8192)
def align(entry: str, read: str) -> tuple[tuple[str, int], ...]:
    """Per character of ``entry``: read, misread (with the reading's position) or lost, in
    the alignment with the fewest changes (a reading's extra characters cost one each)."""
    n, m = len(entry), len(read)
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 or j == 0:
                cost[i][j] = i + j
                continue
            same = entry[i - 1] == read[j - 1]
            cost[i][j] = min(cost[i - 1][j - 1] + (0 if same else 1),
                             cost[i - 1][j] + 1, cost[i][j - 1] + 1)
    ops: list[tuple[str, int]] = []
    i, j = n, m
    while i > 0:
        same = j > 0 and entry[i - 1] == read[j - 1]
        if j > 0 and cost[i][j] == cost[i - 1][j - 1] + (0 if same else 1):
            ops.append((_READ if same else _MISREAD, j - 1))
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j] + 1:
            ops.append((_LOST, -1))
            i -= 1
        else:
            j -= 1
    return tuple(ops[::-1])


_TWINS = {**dict(zip(TRADITIONAL_FORMS, SIMPLIFIED_FORMS, strict=True)),
          **dict(zip(SIMPLIFIED_FORMS, TRADITIONAL_FORMS, strict=True))}


def other_script(entry: str, read: str) -> str:
    """The characters of ``entry`` that ``read`` shows in their other script (區 for 区, 别 for
    別): the name is known in both forms, and only the print tells which one it bears."""
    return "".join(entry[i] for i, (op, j) in enumerate(align(entry, read))
                   if op == "misread" and _TWINS.get(entry[i]) == read[j])


def within(text: str, part: str) -> bool:
    """Every character of ``part`` is in ``text``, in order."""
    it = iter(text)
    return all(ch in it for ch in part)


def alike(read: str, meant: str) -> bool:
    """``read`` is a look-alike of ``meant`` (a misread the glyphs explain)."""
    return glyphs.misread_p(read, meant) is not None or meant in CONFUSIONS.get(read, "")


def _misread(reading: Reading, j: int, meant: str) -> bool:
    """``meant`` printed where the reading has another character: offered or alike."""
    read = reading.text[j]
    offered = reading.alternatives[j] if j < len(reading.alternatives) else ()
    if any(ch == meant and p >= MISREAD_P for ch, p in offered):
        return True
    return alike(read, meant) or parts.kin(read, meant)


def supports(entry: str, reading: Reading) -> bool:
    """One reading shows enough of ``entry`` (see the module's rules, rivals aside)."""
    if not reading.text:
        return False
    ops = align(entry, reading.text)
    place = len(place_part(entry))
    if sum(op != _LOST for op, _ in ops) < math.ceil(MIN_KEPT * len(entry)):
        return False
    if any(op == _MISREAD and not _misread(reading, j, entry[i])
           for i, (op, j) in enumerate(ops[:place])):
        return False
    shown = [entry[i] for i, (op, _) in enumerate(ops[:place]) if op == _READ]
    return len(shown) >= MIN_PLACE * place and any(ch not in LEVEL_CHARS for ch in shown)


def rivals(entry: str, read: str, names: Iterable[str]) -> list[str]:
    """Other entries of which ``read`` is a part with characters lost, that do not hold
    ``entry`` itself (a longer chain of its place explains nothing else)."""
    return [n for n in names if n != entry and len(n) > len(read) and within(n, read)
            and not within(n, entry)]


@cache
def _by_province() -> dict[str, tuple[str, ...]]:
    """The vocabulary's entries per province code."""
    index: dict[str, list[str]] = {}
    for name in _vocab.authority_names():
        for code in _vocab.authority_provinces(name):
            index.setdefault(code, []).append(name)
    return {code: tuple(v) for code, v in index.items()}


def supported(entry: str, readings: Sequence[Reading], known: reg.Known = reg.NONE) -> bool:
    """Some reading shows enough of ``entry`` and no other entry of its provinces (the
    vocabulary's and the registry's, ``known``) explains that reading as well by characters
    lost."""
    codes = rs.authority_provinces(entry, known)
    index = _by_province()
    near = {n for code in codes for n in index.get(code, ())}
    near |= {n for n in reg.names(known) if rs.authority_provinces(n, known) & codes}
    return any(
        supports(entry, r) and not rivals(entry, r.text, near) for r in readings
    )
