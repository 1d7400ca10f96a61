"""A decision date read with the dot between its month and day lost (2025.1215), settled by
where its digits stand (``_sticker_dot``).

Fifth generator 0003_scan and 0026_open: 注册日期 2025.12.15 and 2021.03.12 stamped under the
registration seal's ring, the ring's stroke over the day's dot; every reading gave 2025.1215,
and the entry (暂缓注册 / 注册不合格: no period to check it by) was left unread. The print keeps
the dot's room: the month's last digit and the day's first stand a dot apart.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _sticker_dot
from scanning._charbox import Glyph
from scanning._ocr import Line
from scanning._sections import decode_sticker
from scanning._stickers import group
from tests.scanning._fonts import cjk_font

_ROW = (93, 196, 330, 240)


def _page(parts: list[str], room: int) -> np.ndarray:
    """The date printed in ``parts``, ``room`` pixels of blank paper between them."""
    img = Image.new("RGB", (500, 300), (255, 255, 255))
    draw, font, x = ImageDraw.Draw(img), cjk_font(24), 97
    for part in parts:
        draw.text((x, 204), part, font=font, fill=(30, 30, 30))
        x += int(draw.textlength(part, font=font)) + room
    return np.asarray(img)


def _settled(read: str, printed: np.ndarray):
    rows = [("注册不合格", (88, 62, 199, 104)), (read, _ROW)]
    (s,) = group([Line(t, 0.99, box) for t, box in rows])
    page = SimpleNamespace(image=printed, second_view=printed)
    return _sticker_dot.lost_dot(page, s, "registrations[0].date", (None, None), "2026-01-01")


def test_a_dot_lost_where_its_room_stands_is_put_back():
    s, notes = _settled("2025.1215", _page(["2025.12", "15"], 9))  # the dot's room, no dot
    assert s.date is not None and s.date.value == "2025-12-15"
    assert [(f.code, f.severity) for f in notes] == [("corrected_date", "note")]
    entry, found, _ = decode_sticker(s, 0)
    assert entry["date"] == "2025-12-15"
    assert not any(f.field.endswith(".date") and f.severity != "note" for f in found)


def test_digits_printed_side_by_side_leave_the_date_unread():
    s, notes = _settled("2025.1215", _page(["2025.1215"], 0))  # no room for a dot
    assert s.date is not None and s.date.value is None and not notes


def test_a_date_the_rules_rule_out_stays_unread():
    s, notes = _settled("2027.1215", _page(["2027.12", "15"], 9))  # after today
    assert s.date is not None and s.date.value is None and not notes


def _glyphs(text: str, xs: list[float]) -> list[Glyph]:
    return [Glyph(c, x) for c, x in zip(text, xs, strict=True)]


@pytest.mark.parametrize(
    ("text", "xs", "shown"),
    [
        ("2025.1215", [0, 14, 28, 42, 54, 66, 80, 103, 117], True),  # 23 px: a dot's room
        ("2025.1215", [0, 14, 28, 42, 54, 66, 80, 94, 108], False),  # side by side
        ("2025.12.15", [0, 14, 28, 42, 54, 66, 80, 92, 104, 118], True),  # the dot read
        ("2025.1216", [0, 14, 28, 42, 54, 66, 80, 103, 117], None),  # other digits there
        ("2028.1215", [0, 14, 28, 42, 54, 66, 80, 103, 117], None),  # another year
    ],
)
def test_where_a_view_shows_the_dot(text, xs, shown):
    assert _sticker_dot._dot_shown(_glyphs(text, xs), "2025", "1215") is shown
