"""The merged offices of the 2018–2019 reforms (教育和科技局, 教育体育局 …) are authority names:
one list in core, used by the scanner's vocabulary."""

from __future__ import annotations

import pytest

from core.rules import AUTHORITY_SUFFIXES, LOCAL_SUFFIXES, PROVINCE_SUFFIX
from scanning import _places, _vocab

REFORMED = [
    "十堰市郧西县教育和科技局",
    "延寿县教育和科技局",
    "松原市前郭尔罗斯蒙古族自治县教育和科技局",
    "鹤岗市教育和体育局",
    "商南县教育体育局",
    "郧西县教育科技局",
    "延寿县教育和科学技术局",
    "延安市富县教育文化和体育局",
]


@pytest.mark.parametrize("name", REFORMED)
def test_reformed_office_is_an_authority(name: str) -> None:
    assert _places.known_authority(name)
    assert _vocab.is_authority(name)


def test_reformed_offices_are_local_only() -> None:
    # A province's office is its 教育厅: a merged bureau's word after a province is no name.
    assert not _vocab.is_authority("湖北省教育和科技局")
    assert not _places.known_authority("吉林省教育科技局")
    assert PROVINCE_SUFFIX not in LOCAL_SUFFIXES


def test_no_office_word_ends_another() -> None:
    # Callers take the first suffix a name ends with as its office word.
    assert not [(a, b) for a in AUTHORITY_SUFFIXES for b in AUTHORITY_SUFFIXES
                if a != b and a.endswith(b)]


def test_misread_reformed_office_is_near_the_right_one() -> None:
    # One misread character in the place (郧酉县) still leads to the reformed office.
    assert "十堰市郧西县教育和科技局" in _vocab.near_authorities("十堰市郧酉县教育和科技局")
