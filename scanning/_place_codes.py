"""Which divisions (GB/T 2260 codes) a place chain may name: 雅江县 and 甘孜藏族自治州雅江县
both name 513325 and nothing else; 鼓楼区 names four districts in three provinces.

``_places.place_chains`` keeps only the provinces a chain may lie in, which cannot tell a
county lengthened by its own prefecture (甘孜藏族自治州雅江县: the same office) from a county
name several prefectures share (南京市鼓楼区, 徐州市鼓楼区: other offices). The chains are
spelt the same way here (its helpers), each kept with the codes that spell it.
"""

from __future__ import annotations

from functools import cache

from scanning._places import (
    _city_only,
    _division_table,
    _joined,
    _province_names,
    _variants,
)

__all__ = ["chain_codes", "one_division"]


@cache
def chain_codes() -> dict[str, frozenset[str]]:
    """Every place chain ``place_chains`` knows → the 6-digit codes of the divisions it names
    (its last level's: 湖南省永州市道县 → 431124)."""
    table = _division_table()
    chains: dict[str, set[str]] = {}
    for code, (_province, entry) in table.items():
        levels = [_province_names(table, code)]
        if code[2:] != "0000":
            if code[4:] != "00":
                levels.append(_variants(table.get(code[:4] + "00", ("", ""))[1]))
            levels.append(_variants(entry))
            if code[4:] != "00" and levels[1]:
                for chain in _city_only(levels[0], levels[1], entry):
                    chains.setdefault(chain, set()).add(code)
        levels = [lv for lv in levels if lv]
        for start in range(len(levels)):
            for chain in _joined(levels[start:]):  # a chain names its last level's division
                chains.setdefault(chain, set()).add(code)
    return {k: frozenset(v) for k, v in chains.items()}


def one_division(place: str, longer: tuple[str, ...]) -> bool:
    """``place`` names one division since the first certificates, and every chain of
    ``longer`` (the chains ending with it) names that division too: a head lost before it
    can only be the division's own prefecture or province, the same office."""
    codes = chain_codes()
    own = codes.get(place, frozenset())
    return len(own) == 1 and all(codes.get(c, frozenset()) <= own for c in longer)
