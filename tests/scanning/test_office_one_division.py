"""A county's office named without its prefecture is the same office when the division table
shows the county's name for one division only (issue 12).

A hand-written registration entry names its office only in the round seal over it; the seals of
neighbouring entries overlap, so a ring's reading may carry another ring's marks before the name
(攀物雅江县教育局 for 雅江县教育局). A name that a longer one ends with was held in doubt when a
prefecture could lengthen it, as if that made another office; but 甘孜藏族自治州雅江县 is the
one 雅江县 (code 513325), so nothing lost before it can name another office. Names several
divisions share (鼓楼区: four) or that another name ends with (江县: 雅江县 …) stay in doubt."""

from __future__ import annotations

from scanning._office_tail import other_office_ends
from scanning._place_codes import chain_codes, one_division
from scanning._sticker_seal_office import office


def test_a_county_of_one_division_lengthened_by_its_prefecture_is_one_office():
    assert chain_codes()["甘孜藏族自治州雅江县"] == chain_codes()["雅江县"] == {"513325"}
    assert not other_office_ends("雅江县教育局")
    assert not other_office_ends("谷城县教育局")  # 襄樊市 / 襄阳市: one prefecture renamed


def test_a_name_several_divisions_share_stays_in_doubt():
    assert len(chain_codes()["鼓楼区"]) == 4
    assert other_office_ends("鼓楼区教育局")
    assert not one_division("江县", ("雅江县",))  # another county's name ends with it


def test_ring_reads_with_a_neighbour_seals_marks_name_the_booklet_office():
    reads = ["攀物雅江县教育局", "攀物雅江县教育局"]
    assert office(reads, ["雅江县教育局"]) == "雅江县教育局"
    assert office(["攀物鼓楼区教育局"] * 2, ["鼓楼区教育局"]) is None
