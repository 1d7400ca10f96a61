"""A sticker authority read without its first characters (the next sticker pasted over the
line's top, a seal, a line cut at its start) is the booklet's office when every name of the
vocabulary ending with the read is that office; a read a bare district could end, or two offices
of the booklet end, stays flagged."""

from __future__ import annotations

from scanning._ocr import Line
from scanning._sticker_authority import head_lost
from scanning._sticker_decode import decode_sticker
from scanning._stickers import group

FULL = "克拉玛依市白碱滩区教育和科技局"


def test_a_read_that_lost_its_head_is_the_booklets_office():
    assert head_lost("依市白碱滩区教育和科技局", [FULL]) == FULL


def test_the_office_under_its_own_province_is_the_same_office():
    assert head_lost("州市道县教育局", ["湖南省永州市道县教育局"]) == "湖南省永州市道县教育局"


def test_a_read_several_places_end_stays_unsettled():
    # 鼓楼区: 南京市, 徐州市, 福州市, 开封市 each have one
    assert head_lost("楼区教育局", ["南京市鼓楼区教育局"]) is None
    assert head_lost("鼓楼区教育局", ["南京市鼓楼区教育局"]) is None


def test_a_read_of_no_office_of_the_booklet_stays_unsettled():
    assert head_lost("依市白碱滩区教育和科技局", ["乌鲁木齐市天山区教育局"]) is None
    assert head_lost("教育局", [FULL]) is None


def test_the_sticker_takes_the_booklets_office_with_a_note():
    lines = [Line(t, 0.99, (200, 200 + 40 * k, 560, 230 + 40 * k)) for k, t in enumerate(
        ("注册合格", "自2019年03月17日", "至2024年03月16日", "依市白碱滩区教育和科技局",
         "2019.02.12"))]  # fmt: skip
    (s,) = group(lines)
    entry, found, _ = decode_sticker(s, 0, others=[FULL, "依市白碱滩区教育和科技局"])
    assert entry["authority"] == FULL
    assert [f.code for f in found if f.field.endswith("authority")] == ["corrected_authority"]
    entry, found, _ = decode_sticker(s, 0)
    assert [f.code for f in found if f.field.endswith("authority")] == ["authority_unknown"]
