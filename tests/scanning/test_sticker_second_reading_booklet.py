"""A registration entry's second reading checked as its first is: its authority against the
booklet's other stickers (never the entry's own first read)."""

from __future__ import annotations

from scanning import _sticker_read
from scanning._ocr import Line
from scanning._sticker_decode import decode_sticker
from scanning._stickers import group

ROWS = ("注册结论：注册合格", "有效期：2020年03月25日至2025年03月24日", "注册机关：横峰县教育局",
        "2020年02月09日")  # fmt: skip


def _lines(*texts: str) -> list[Line]:
    return [Line(t, 0.99, (200, 200 + 40 * k, 560, 230 + 40 * k)) for k, t in enumerate(texts)]


def test_a_garbled_second_authority_is_the_office_another_sticker_names():
    (s,) = group(_lines(*ROWS))
    entry = decode_sticker(s, 0)[0]
    again = _lines(*ROWS[:2], "注册机关：模峰县教育局", ROWS[3])  # 模/鹤 both look like 横
    alone = _sticker_read._one_sticker(0, None, s, entry)(again)
    assert alone is not None and alone[0]["authority"] == "模峰县教育局"
    named = ["横峰县教育局", "横峰县教育局"]  # this sticker's own read and another sticker's
    rest = _sticker_read._others(named, s)
    assert rest == ["横峰县教育局"]
    other = _sticker_read._one_sticker(0, None, s, entry, others=rest)(again)
    assert other is not None and other[0]["authority"] == "横峰县教育局"


def test_the_entrys_own_first_read_is_no_other_sticker():
    (s,) = group(_lines(*ROWS))
    assert _sticker_read._others(["横峰县教育局"], s) == []
