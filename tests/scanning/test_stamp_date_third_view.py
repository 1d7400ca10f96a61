"""A red stamp's decision date read two ways is settled by a third view of the page as it is.

A red stamp over something dark (a photo bleeding through the page) loses strokes in one of its
two views: 2019年12月13日 read again as 2019年2月13 (third generator 0023_open), 2023年11月30日
as 2023年11308 (0019_photos). The entries were flagged as read two ways although the page
itself reads the first date clearly. A third view that reads another date settles nothing.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from core.rules import Finding
from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._stamp_third import settled
from scanning._stickers import group
from tests.scanning._fonts import cjk_font

_ROWS = [
    ("审核结论：注册不合格", (80, 100, 330, 140)),
    ("注册机构：临沂市罗庄区教育局", (80, 160, 430, 200)),
    ("2019年12月13日", (80, 220, 300, 262)),
]
_FIELD = "registrations[1]"


def _page(date: str) -> np.ndarray:
    img = Image.new("RGB", (600, 320), (250, 250, 245))
    ImageDraw.Draw(img).text((86, 224), date, font=cjk_font(28), fill=(200, 30, 40))
    return np.asarray(img)


def _settle(printed: str, second: str | None) -> list[Finding]:
    (s,) = group([Line(t, 0.95, box) for t, box in _ROWS])
    entry, _, _ = decode_sticker(s, 1)
    ev = {"first": entry["date"], "second": second}
    hit = Finding("ocr_disagreement", f"{_FIELD}.date", "两次识别结果不一致", "warning", ev)
    return settled(_page(printed), s, entry, [hit], _FIELD)


def test_a_third_view_reading_the_first_date_settles_the_stamp():
    (got,) = _settle("2019年12月13日", "2019-02-13")
    assert (got.code, got.severity) == ("settled_reading", "note")
    assert got.evidence and got.evidence["first"] == "2019-12-13"


def test_a_second_reading_that_read_no_date_is_settled_the_same_way():
    (got,) = _settle("2019年12月13日", None)
    assert got.code == "settled_reading"


def test_a_third_view_reading_another_date_keeps_the_flag():
    (got,) = _settle("2019年02月13日", "2019-02-13")
    assert (got.code, got.severity) == ("ocr_disagreement", "warning")
