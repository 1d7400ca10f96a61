"""A one-character line after the line that closes a standard wording (予以换发), read as
different characters by different readings (冰 / 外: a seal's fragment), is no word of the
entry: the wording without it settles, the piece named."""

from __future__ import annotations

from scanning._remark_stray import settle

FIRST = "2019年11月29日 原证书损坏，予以换发"


def test_a_lone_piece_the_readings_disagree_on_is_left_out() -> None:
    lines = [(FIRST, [FIRST, FIRST]), ("冰", ["冰", "冰", "外"])]
    got = settle("原证书损坏，予以换发冰", lines)
    assert got is not None and got.text == "原证书损坏，予以换发" and got.stray == "冰"


def test_a_lone_character_every_reading_agrees_on_or_one_that_goes_on_a_wording_stays() -> None:
    assert settle("原证书损坏，予以换发冰", [(FIRST, [FIRST]), ("冰", ["冰", "冰"])]) is None
    cut = "2019年11月29日 原证书损坏，予以换"  # 发 ends the wording on the next row
    assert settle("原证书损坏，予以换发", [(cut, [cut]), ("发", ["发", "友"])]) is None
    # two characters are words, and a wording that is not closed keeps what follows it
    two = [(FIRST, [FIRST]), ("作废", ["作废", "作度"])]
    assert settle("原证书损坏，予以换发作废", two) is None
    other = "2019年11月29日 原证书损坏"
    assert settle("原证书损坏冰", [(other, [other]), ("冰", ["冰", "外"])]) is None
