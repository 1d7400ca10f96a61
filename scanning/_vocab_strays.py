"""A vocabulary entry read with stray characters at its ends (信息技术市: the seal's 市 caught
after 信息技术). Such a read is in no list, so it used to be taken as a free value when the
readings agreed; but seal lettering or a neighbour's characters are read just as surely as the
value itself, so agreement proves nothing.

Rule: a read that is not an entry but holds one with extra characters at its start or end
is either
- snapped to that entry (a ``corrected`` note, rule 印章文字) when the extras are all characters
  of the seal's lettering (the issuing authority as read) that no entry ever continues with
  (市, 区, 局 after a subject), and exactly one entry is left once they are cut off; or
- flagged (``unconfirmed``, rule 词表外多字) with every entry it may stand for, when the
  character next to the entry is one the seal or a neighbouring label holds (美术教育 beside a
  教育局 seal, 体育市长沙县…): a real value and a stray run look alike there.
A read whose character next to the entry nothing stray explains (生物学, 历史与社会, 汉语言文学)
is a real value outside the list and stays as read.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache

from core.rules import (
    CERTIFYING_SEAL_WORDING,
    COMMISSION_SUFFIX,
    DIVISION_ENDS,
    PROVINCE_SUFFIX,
    Finding,
)
from scanning import _vocab

RULE_SNAP = "印章文字"
RULE_FLAG = "词表外多字"
# What every seal says whatever the authority read (its level and office: 省/市/县/区 …,
# 教育局/教育厅/教育和体育局 …, and 教师资格认定专用章), and the first characters of the labels
# beside a value (教师资格…, 证书号码, 任教学科 …): the sources of stray characters. A merged
# office's other words (科技, 文化) are on its own seal only: ``seal`` (its name read) has them.
_STRAY_SOURCES = "".join(sorted(
    set(DIVISION_ENDS + CERTIFYING_SEAL_WORDING + "教育和体育局" + COMMISSION_SUFFIX
        + PROVINCE_SUFFIX + "人民政府")
    | _vocab.NEIGHBOUR_STARTS
))


def covered(read: str, entries: Collection[str], seal: str = "") -> list[str]:
    """Entries the read holds with extra characters at one or both ends whose character next
    to the entry the seal (``seal``: the authority as read) or a neighbouring label holds,
    longest first."""
    if read in entries:
        return []
    stray = set(seal + _STRAY_SOURCES)
    found = set()
    for e in (e for e in entries if len(e) < len(read) and e in read):
        i = read.index(e)
        lead, tail = read[:i], read[i + len(e):]
        if (lead and lead[-1] in stray) or (tail and tail[0] in stray):
            found.add(e)
    return sorted(found, key=lambda e: (-len(e), e))


@cache
def _inner_chars(entries: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Characters some entry holds after its first (a trailing extra may continue it) and
    before its last (a leading extra may start it)."""
    return frozenset("".join(e[1:] for e in entries)), frozenset("".join(e[:-1] for e in entries))


def _seal_only(extra: str, seal: str, allowed_inner: frozenset[str]) -> bool:
    return bool(extra) and all(c in seal and c not in allowed_inner for c in extra)


def snap(read: str, entries: frozenset[str], seal: str) -> str | None:
    """The one entry left when the read's ends are seal lettering no entry goes on with."""
    after, before = _inner_chars(entries)
    fits = []
    for e in covered(read, entries, seal):
        i = read.index(e)
        lead, tail = read[:i], read[i + len(e):]
        if (not lead or _seal_only(lead, seal, before)) and (
            not tail or _seal_only(tail, seal, after)
        ):
            fits.append(e)
    return fits[0] if len(fits) == 1 else None


def check(
    field: str, label: str, read: str, entries: frozenset[str], seal: str
) -> tuple[str, Finding] | None:
    """(value, finding) for a read holding an entry with extras: the snapped entry with a
    note, or the read itself with a warning; None when the rule does not apply."""
    options = covered(read, entries, seal)
    if not options:
        return None
    value = snap(read, entries, seal)
    if value is not None:
        return value, Finding("corrected", field, f"{label}由“{read}”更正为“{value}”（多出的字是"
                              "印章文字，词表唯一确定）", "note",
                              {"rule": RULE_SNAP, "read": read, "candidates": [value]})
    return read, Finding("unconfirmed", field, f"{label}“{read}”不在词表中，但含词表中的"
                         f"“{'”或“'.join(options)}”，多出的字可能是印章或相邻文字，请核对",
                         "warning", {"rule": RULE_FLAG, "read": read, "candidates": options})
