"""A printed registration office read with a look-alike in its place name and its office word
cut with the line (third generator 0008: 黔东南苗族侗族自治州丹塞县教 between two entries naming
黔东南苗族侗族自治州丹寨县教育局) is the office both neighbours name, when no office of another
place fits the read as well."""

from __future__ import annotations

from scanning._sticker_authority import between_garbled

DANZHAI = "黔东南苗族侗族自治州丹寨县教育局"


def test_a_read_garbled_between_two_entries_of_one_office_is_that_office() -> None:
    assert between_garbled("黔东南苗族侗族自治州丹塞县教", DANZHAI, DANZHAI) == DANZHAI
    # 夹江县教体局 fits as well, but it is the same place: the neighbours name its office
    assert between_garbled("夹江县教局", "夹江县教育局", "夹江县教育局") == "夹江县教育局"


def test_one_neighbour_or_another_place_fitting_as_well_decides_nothing() -> None:
    assert between_garbled("黔东南苗族侗族自治州丹塞县教", DANZHAI, None) is None
    assert between_garbled("黔东南苗族侗族自治州丹塞县教", DANZHAI, "凯里市教育局") is None
    # 商丘市教育局 fits 商市教育局 as well as 商洛市教育局
    assert between_garbled("商市教育局", "商洛市教育局", "商洛市教育局") is None
    # another county of the prefecture, read clearly
    assert between_garbled("黔东南苗族侗族自治州三穗县教", DANZHAI, DANZHAI) is None
