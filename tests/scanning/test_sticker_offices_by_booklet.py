"""A sticker's office word garbled between two entries that name one office (issue 12).

Third generator 0005_scan: 河北省衡水市冀州区教商商 between two 河北省衡水市冀州区教育局 was
``authority_unknown`` (two characters off, and 教体局 as far as 教育局).
"""

from __future__ import annotations

import pytest

from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._sticker_authority import between
from scanning._stickers import group

JIZHOU = "河北省衡水市冀州区教育局"


@pytest.mark.parametrize(
    ("read", "before", "after", "office"),
    [
        ("河北省衡水市冀州区教商商", JIZHOU, JIZHOU, JIZHOU),
        ("河北省衡水市冀州区教育员", JIZHOU, JIZHOU, JIZHOU),
        ("河北省衡水市冀州区教商商", JIZHOU, None, None),  # one side only
        ("河北省衡水市冀州区教商商", JIZHOU, "河北省衡水市冀州区教体局", None),  # renamed
        ("河北省衡水市冀州区商商商", JIZHOU, JIZHOU, None),  # three characters off
        ("河北省衡水市冀洲区教商局", JIZHOU, JIZHOU, None),  # the place garbled too
        ("河北省衡水市冀州区教体局", JIZHOU, JIZHOU, None),  # another office, read as is
        ("衡水市冀州区教商商", JIZHOU, JIZHOU, None),  # another length
    ],
)
def test_between(read, before, after, office):
    assert between(read, before, after) == office


def _sticker(office: str):
    rows = [("注册结论：注册合格", (80, 100, 330, 140)),
            ("有效期：2020.01.18至2025.01.17", (80, 150, 480, 190)),
            (f"注册机关：{office}", (80, 200, 520, 240)),
            ("注册日期：2019.12.04", (80, 250, 400, 290))]  # fmt: skip
    (s,) = group([Line(t, 0.98, box) for t, box in rows])
    return s


def test_the_entries_on_both_sides_settle_a_garbled_office_word():
    entry, found, _ = decode_sticker(_sticker("河北省衡水市冀州区教商商"), 1,
                                     beside=(JIZHOU, JIZHOU))  # fmt: skip
    assert entry["authority"] == JIZHOU
    assert [(f.code, f.severity) for f in found] == [("corrected_authority", "note")]


def test_without_neighbours_it_stays_flagged():
    entry, found, _ = decode_sticker(_sticker("河北省衡水市冀州区教商商"), 1)
    assert any(f.blocking and f.field.endswith("authority") for f in found)


@pytest.mark.parametrize(
    ("read", "office"),
    [
        ("独山子区教直局", "独山子区教育局"),  # 直 for 育, a look-alike: the office's own end
        ("独山子区教体局", None),  # a whole office name of its own
        ("独山子区教本局", None),  # 本 looks like 体 as well: two offices fit
        ("区教直局", None),  # too short to be a whole office
    ],
)
def test_a_read_that_is_the_end_of_the_issuing_office_but_for_a_look_alike(read, office):
    from scanning._sticker_authority import from_booklet

    assert from_booklet(read, [], ["克拉玛依市独山子区教育局"]) == office
