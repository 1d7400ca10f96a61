"""The 56 ethnic groups (GB/T 3304) as one closed vocabulary."""

from __future__ import annotations

from core.rules import ETHNIC_GROUPS


def test_fifty_six_distinct_groups_in_the_standards_order():
    assert len(ETHNIC_GROUPS) == len(set(ETHNIC_GROUPS)) == 56
    assert all(name.endswith("族") for name in ETHNIC_GROUPS)
    # the code of a group is its place in the standard's list
    assert (ETHNIC_GROUPS[0], ETHNIC_GROUPS[2], ETHNIC_GROUPS[55]) == ("汉族", "回族", "基诺族")
