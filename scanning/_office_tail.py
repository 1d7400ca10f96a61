"""Whether an authority name read without its first characters could be another office.

A seal's ring or a cut line may lose the first characters of a name without a trace; what is
left may still be a whole name of the vocabulary (禅城区教育局 from 佛山市禅城区教育局). That
matters only when the longer name is another office. A name that places its division under its
prefecture (永州市道县教育局) is lengthened only by its province's name (湖南省永州市道县
教育局): the same office, so nothing lost before it can change which office it is. A bare
district or county (鼓楼区教育局: 南京市, 徐州市, 福州市, 开封市 each have one; 道县教育局
under 永州市 or under its older 零陵地区) can be lengthened by a prefecture, so it stays in doubt,
unless the table shows the place naming one division whose own prefecture is all that can
lengthen it (雅江县: only 甘孜藏族自治州雅江县, code 513325; ``_place_codes``).

A longer name that had ceased to exist before the booklet's dates (``year``: the earliest the
booklet shows) names no office that can have sealed it: 忻州地区忻州市, the county-level city
under the prefecture that became 忻州市 in 2000, is no other office for a seal of 忻州市教育局
on a booklet issued in 2004 (``_places.chain_ends``). Today's names always count.
"""

from __future__ import annotations

from functools import cache

from scanning._place_codes import one_division
from scanning._places import AUTHORITY_SUFFIXES, chain_ends, place_chains, province_level

__all__ = ["other_office_ends"]


def _split(name: str) -> tuple[str, str] | None:
    """(place, suffix) of an authority name, None when it ends with no authority suffix."""
    for suffix in AUTHORITY_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)], suffix
    return None


@cache
def _longer(place: str) -> tuple[str, ...]:
    """The vocabulary's place chains that end with ``place`` and are longer."""
    return tuple(c for c in place_chains() if c.endswith(place) and c != place)


def other_office_ends(name: str, year: int | None = None) -> bool:
    """A longer authority name ending with this one may be another office: its extra head is
    not the name of the one province this place lies in (湖南省 before 永州市道县 is the same
    office; 南京市 or 徐州市 before 鼓楼区, or a province the place has not always been in —
    广东省 and 海南省 before 海口市 — are not known to be); of the longer names, only those
    still in force in ``year`` (None: every one) count."""
    split = _split(name)
    if split is None:
        return False
    place = split[0]
    ends = chain_ends()
    longer = tuple(c for c in _longer(place) if year is None or ends[c] >= year)
    if not longer or one_division(place, longer, year):
        return False
    provinces = place_chains().get(place, frozenset())
    if len(provinces) != 1:
        return True
    own = next(iter(provinces))
    heads = province_level()
    return any(heads.get(c[: -len(place)]) != own for c in longer)
