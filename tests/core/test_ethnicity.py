"""The 56 ethnic groups (GB/T 3304) as one closed vocabulary."""

from __future__ import annotations

import pytest

from core.errors import InvalidInput
from core.rules import ETHNIC_GROUPS, ethnic_group_code, is_ethnic_group, parse_ethnicity


def test_fifty_six_distinct_groups_in_the_standards_order():
    assert len(ETHNIC_GROUPS) == len(set(ETHNIC_GROUPS)) == 56
    assert all(name.endswith("族") for name in ETHNIC_GROUPS)
    assert ethnic_group_code("汉族") == "01"
    assert ethnic_group_code("回族") == "03"
    assert ethnic_group_code("基诺族") == "56"


def test_names_and_short_forms():
    assert is_ethnic_group("维吾尔族") and not is_ethnic_group("维吾尔")
    assert parse_ethnicity("维吾尔") == "维吾尔族"
    assert parse_ethnicity(" 回族 ") == "回族"
    for wrong in ("四族", "民族", "", "汉人"):
        with pytest.raises(InvalidInput):
            parse_ethnicity(wrong)
