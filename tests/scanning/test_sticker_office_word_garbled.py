"""A registration entry's authority read with its place chain in full and only its office
word garbled (九江市修水县都育刷) is the one office of that place the word is closest to, by a
margin of a character; a tie or a short place stays flagged (issue 12)."""

from __future__ import annotations

from datetime import date

from scanning._ocr import Line
from scanning._office_word import office_word
from scanning._sticker_decode import decode_sticker
from scanning._stickers import group


def _decode(authority: str) -> tuple[object, list[tuple[str, str]], float]:
    texts = ("注册不合格", f"注册机关：{authority}", "2015年8月23日")
    # the garbled office word lowers its line's score, as a recogniser's does
    lines = [Line(t, 0.8 if k == 1 else 0.98, (100, 100 + 40 * k, 500, 130 + 40 * k))
             for k, t in enumerate(texts)]  # fmt: skip
    [s] = group(lines)
    entry, found, conf = decode_sticker(s, 0, today=date(2026, 1, 1))
    said = [(f.code, f.severity) for f in found if f.field.endswith("authority")]
    return entry["authority"], said, conf


def test_a_whole_place_with_a_garbled_office_word_names_its_office() -> None:
    assert office_word("九江市修水县都育刷") == "九江市修水县教育局"
    got, found, conf = _decode("九江市修水县都育刷")
    assert got == "九江市修水县教育局"
    assert found == [("corrected_authority", "note")]
    assert conf > 0.9  # the misread the rule corrected leaves no doubt on its line


def test_a_word_two_offices_fit_alike_or_a_short_place_stays_flagged() -> None:
    assert office_word("杭州市西湖区科技局") is None  # 教育局 and 教体局 both two off
    assert office_word("修水县都育刷") is None  # a three-character place
    assert office_word("九江市修水县教育局") is None  # a name already
    got, found, conf = _decode("杭州市西湖区科技局")
    assert got == "杭州市西湖区科技局"
    assert found == [("authority_unknown", "warning")]
    assert conf <= 0.5
