"""A one-digit month or day whose print stands two digits wide (a seal or a fold took one digit
from every view: 2015年11月20日 read 2015年1月20日) is flagged; a date printed with one digit
there is not. Drawn dates read by the real recogniser's character places, and hand-placed
glyphs for a date printed with spaces."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from scanning import _date_width
from scanning._charbox import Glyph
from scanning._fields import RawField
from scanning._validate import Value


def _drawn(text: str, erase: int | None = None) -> np.ndarray:
    """``text`` printed in Noto Sans CJK, the character at ``erase`` covered with paper."""
    font = ImageFont.truetype("NotoSansCJK-Regular.ttc", 30, index=2)
    img = Image.new("RGB", (40 + 30 * len(text), 60), "white")
    draw = ImageDraw.Draw(img)
    x = 20.0
    for i, ch in enumerate(text):
        width = draw.textlength(ch, font=font)
        draw.text((x, 10), ch, font=font, fill="black")
        if i == erase:
            draw.rectangle((x, 0, x + width, 60), fill="white")
        x += width
    return np.asarray(img)


def _flag(img: np.ndarray, read: str, iso: str) -> Value:
    values = {"issue_date": Value(iso, 0.99, [])}
    raw = {"issue_date": RawField(read, 0.99, (0, 0, img.shape[1], img.shape[0]), 0)}
    _date_width.flag(img, raw, values)
    return values["issue_date"]


def test_a_month_two_digits_wide_read_as_one_is_flagged() -> None:
    v = _flag(_drawn("2015年11月20日", erase=6), "2015年1月20日", "2015-01-20")
    assert v.blocking and [f.code for f in v.findings] == ["digit_lost"]
    assert v.findings[0].field == "issue_date" and "两位" in v.findings[0].message


def test_a_month_printed_with_one_digit_is_left() -> None:
    assert not _flag(_drawn("2015年1月20日"), "2015年1月20日", "2015-01-20").findings


def test_a_day_two_digits_wide_read_as_one_is_flagged() -> None:
    v = _flag(_drawn("2015年10月12日", erase=8), "2015年10月2日", "2015-10-02")
    assert v.blocking


def _glyphs(text: str, xs: list[float]) -> list[Glyph]:
    return [Glyph(ch, x) for ch, x in zip(text, xs, strict=True)]


def test_a_date_printed_with_spaces_is_measured_against_its_own_space() -> None:
    # 2015 年 1 月 20 日 at 15 px a digit, 15 px of space round each unit.
    text = "2015年1月20日"
    even = [0, 15, 30, 45, 82.5, 120, 157.5, 195, 210, 247.5]
    assert _date_width.lost_places(_glyphs(text, even), text, "2015-01-20") == []
    wide = even[:6] + [x + 15 for x in even[6:]]  # a digit's room after the month's 1
    assert _date_width.lost_places(_glyphs(text, wide), text, "2015-01-20") == [6]


def test_a_lost_digit_that_makes_no_other_date_is_no_doubt() -> None:
    text = "2015年5月20日"  # 15月 is no month; 05月 is the same date
    xs = [0, 15, 30, 45, 67.5, 90, 127.5, 150, 165, 187.5]
    assert _date_width.lost_places(_glyphs(text, xs), text, "2015-05-20") == []
