"""A sticker's authority read with a character lost, settled by the booklet's own office under
the place chain the read spells out (issue 12, session 16).

黔南布依族苗族自治州都市教育局 (匀 lost) could not be spelt from place names and was flagged;
the booklet was issued by 都匀市教育局, and 黔南布依族苗族自治州都匀市教育局 is that office under
its prefecture's name. Taken only when no other whole vocabulary name is as near (都市教育局 is
成都市教育局 as much as 都匀市教育局).
"""

from __future__ import annotations

import pytest

from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._sticker_authority import from_booklet
from scanning._stickers import group

LONG = "黔南布依族苗族自治州都匀市教育局"


@pytest.mark.parametrize(
    ("read", "offices", "office"),
    [
        ("黔南布依族苗族自治州都市教育局", ["都匀市教育局"], LONG),  # 匀 lost
        ("黔南布依族苗族自治州都市教育局", [], None),  # no booklet office
        ("都市教育局", ["都匀市教育局"], None),  # 成都市, 宜都市 … as near
        ("黔南布依族苗族自治州都市教育局", ["都江堰市教育局"], None),  # not this office
    ],
)
def test_a_read_one_character_from_a_booklet_office_under_its_chain(read, offices, office):
    assert from_booklet(read, [], offices) == office


def test_the_sticker_takes_the_booklet_office_with_a_note():
    texts = ("注册结论：注册合格", "有效期：2018.09.01至2023.08.31",
             "注册机关：黔南布依族苗族自治州都市教育局", "注册日期：2017.10.01")  # fmt: skip
    lines = [Line(t, 0.99, (100, 100 + 40 * k, 600, 130 + 40 * k)) for k, t in enumerate(texts)]
    (s,) = group(lines)
    entry, found, _ = decode_sticker(s, 0, offices=["都匀市教育局"])
    assert entry["authority"] == LONG
    assert not any(f.blocking for f in found)
    assert "corrected_authority" in {f.code for f in found}
    _, raw, _ = decode_sticker(s, 0)  # without the booklet's office: flagged, as before
    assert "authority_unknown" in {f.code for f in raw}


# -- a grey stamp that prints no date, beside the office's seal ---------------------------------


def _grey_stamp() -> tuple[object, object, list[object], list[Line]]:
    from types import SimpleNamespace

    from scanning._seal_shape import Ring

    lines = [Line("定期注册合格", 0.99, (330, 215, 460, 245)),
             Line("2017.01.01—2021.12.31", 0.99, (255, 248, 530, 280))]  # fmt: skip
    (s,) = group(lines)
    page = SimpleNamespace(red_ink=SimpleNamespace(frames=[(240, 195, 545, 290)], rings=()))
    return page, s, [Ring(600.0, 360.0, 80.0)], lines  # type: ignore[return-value]


def test_a_grey_stamp_beside_a_seal_that_named_the_office_prints_no_date():
    from scanning import _sticker_read
    from scanning._seal_ring import RingName

    page, s, rings, lines = _grey_stamp()  # type: ignore[misc]
    named = RingName("黄山市祁门县教育局", ("黄山市祁门县教育局", "黄山市祁门县教育局"))
    assert _sticker_read._lone_stamp(page, s, rings, lines, named)
    # a seal read with a digit (a date stamp's ring could date it) or not read: no
    dated = RingName("黄山市祁门县教育局", ("黄山市祁门县教育局", "2016黄山市"))
    assert not _sticker_read._lone_stamp(page, s, rings, lines, dated)
    assert not _sticker_read._lone_stamp(page, s, rings, lines, RingName(None, ("黄山",)))
    assert not _sticker_read._lone_stamp(page, s, rings, lines, None)
