"""A registration period's end row the detector lost below its start (a seal's ring across it)
is read from the page where it stands, and taken only when the readings agree on the end the
5-year rule gives the start."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from scanning import _sticker_end
from scanning._ocr import Line
from scanning._stickers import group
from tests.scanning._fonts import cjk_font

END = "至2027年4月18日"


def test_end_taken_when_two_readings_give_the_rule_s_end() -> None:
    assert _sticker_end.agreed([END, END], "2022-04-19") == END
    assert _sticker_end.agreed(["2027年4月18日", END], "2022-04-19") == END


def test_end_left_unread_when_readings_differ_or_break_the_rule() -> None:
    assert _sticker_end.agreed([END], "2022-04-19") is None  # one reading is not enough
    # a reading cut short (2027年4月1: a digit lost) gives another real date
    assert _sticker_end.agreed([END, END, "至2027年4月1"], "2022-04-19") is None
    # not the end the 5-year rule gives the start
    assert _sticker_end.agreed([END, END], "2022-04-20") is None
    # more than an end on the row
    assert _sticker_end.agreed(["至2027年4月18日山东省教育厅"] * 2, "2022-04-19") is None


def _page() -> tuple[np.ndarray, list[Line]]:
    """A two-line period drawn under a conclusion; the detector gave every row but the end."""
    img = Image.new("RGB", (700, 420), "white")
    draw = ImageDraw.Draw(img)
    font = cjk_font(28)
    rows = [("注册结论", 60, 60), ("注册合格", 220, 60), ("有效期", 60, 125),
            ("自2022年4月19日", 220, 105), (END, 220, 145), ("注册时间", 60, 190),
            ("2022年1月12日", 220, 190)]  # fmt: skip
    for text, x, y in rows:
        draw.text((x, y), text, font=font, fill="black")
    lines = [Line(t, 1.0, (x, y, x + int(draw.textlength(t, font=font)), y + 30))
             for t, x, y in rows if t != END]  # fmt: skip
    return np.asarray(img), lines


def test_lost_end_row_is_read_below_its_start() -> None:
    image, lines = _page()
    [before] = group(lines)
    assert before.start is not None and before.end is None
    [after] = group(_sticker_end.found(image, lines))
    assert after.end is not None and after.end.value == "2027-04-18"


def test_nothing_read_where_the_band_holds_no_ink() -> None:
    image, lines = _page()
    blank = np.full_like(image, 255)
    assert _sticker_end.found(blank, lines) == lines
