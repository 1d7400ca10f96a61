"""A 注册合格 sticker's period row the detector lost right below its conclusion."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _sticker_below
from scanning._ocr import Line
from scanning._stickers import group
from tests.scanning._fonts import cjk_font

HEAD = [Line("注册合格", 1.0, (98, 187, 229, 226))]  # nothing else of the sticker was read


def _page(period: str | None) -> np.ndarray:
    img = Image.new("L", (760, 420), 245)
    d = ImageDraw.Draw(img)
    d.text((100, 190), "注册合格", font=cjk_font(30), fill=20)
    if period:
        d.text((100, 236), period, font=cjk_font(26), fill=20)
    for r in (125, 120):  # a seal's ring across the row's end
        d.ellipse((575 - r, 260 - r, 575 + r, 260 + r), outline=20, width=4)
    return np.repeat(np.asarray(img)[..., None], 3, axis=2)


def _period_of(lines: list[Line]) -> tuple[str | None, str | None]:
    (s,) = group(lines)
    return (s.start.value if s.start else None, s.end.value if s.end else None)


def test_a_period_row_lost_below_a_lone_conclusion_is_read_where_it_stands():
    assert _period_of(HEAD) == (None, None)
    got = _sticker_below.found(_page("2018年6月7日至2023年6月6日"), HEAD)
    assert _period_of(got) == ("2018-06-07", "2023-06-06")


@pytest.mark.parametrize("period", [None, "2018年6月7日至2023年6月16日"])
def test_no_row_or_a_period_that_breaks_the_rule_adds_nothing(period):
    assert _sticker_below.found(_page(period), HEAD) == HEAD


def test_a_sticker_that_has_a_period_reads_nothing_more():
    lines = [*HEAD, Line("2018年6月7日至2023年6月6日", 1.0, (100, 236, 420, 266))]
    assert _sticker_below.found(_page("2018年6月7日至2023年6月6日"), lines) == lines
