"""Which divisions (GB/T 2260 codes) a place chain may name: 雅江县 and 甘孜藏族自治州雅江县
both name 513325 and nothing else; 鼓楼区 names four districts in three provinces.

``_places.place_chains`` keeps only the provinces a chain may lie in, which cannot tell a
county lengthened by its own prefecture (甘孜藏族自治州雅江县: the same office) from a county
name several prefectures share (南京市鼓楼区, 徐州市鼓楼区: other offices); the chains kept
with the division codes they name (``_places.chain_codes``) can.
"""

from __future__ import annotations

from scanning._places import chain_codes, codes_in_force

__all__ = ["chain_codes", "one_division"]


def one_division(place: str, longer: tuple[str, ...], year: int | None = None) -> bool:
    """``place`` names one division since the first certificates (since ``year``, when given:
    磁县 is 130427 alone after 1993), and every chain of ``longer`` (the chains ending with it)
    names that division too: a head lost before it can only be the division's own prefecture
    or province, the same office."""
    own = codes_in_force(place, year)
    return len(own) == 1 and all(codes_in_force(c, year) <= own for c in longer)
