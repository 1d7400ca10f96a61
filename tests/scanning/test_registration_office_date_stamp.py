"""A registration recorded with a round date stamp names its office on the stamp's ring.

The date in the stamp's band is read with the page's print and given to the entry beside it;
the entry's office was ``missing`` (flagged) although the ring names it. The ring around the
date is found, its upper arc unwrapped and read, and the read matched to the booklet's own
offices and the vocabulary: taken only when one office fits with a margin, flagged when two do.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _date_stamp
from scanning._ocr import Line
from scanning._office_match import match
from scanning._sections import decode_sticker
from scanning._stickers import group
from tests.scanning._fonts import arc_text, cjk_font

PAPER = (245, 242, 228)
BLUE = (40, 50, 140)
FIELD = "registrations[0].authority"


def _stamp(img: Image.Image, cx: int, cy: int, r: int, name: str, day: str, turn: float) -> None:
    """A round dater in blue: double rim, ``name`` upright along the upper arc, ``day`` in a
    band between two lines, 定期注册 below."""
    size = 2 * r + 8
    layer = Image.new("L", (size, size), 0)
    g = ImageDraw.Draw(layer)
    c = size / 2
    g.ellipse((c - r, c - r, c + r, c + r), outline=255, width=4)
    g.ellipse((c - r + 7, c - r + 7, c + r - 7, c + r - 7), outline=255, width=2)
    ch_size = int(r * 0.2)
    span = min(220, 22 * len(name) + 30)
    arc_text(layer, c, r, name, cjk_font(ch_size), ch_size, span, 0.76)
    band = int(0.25 * r)
    g.line((c - r + 12, c - band, c + r - 12, c - band), fill=255, width=3)
    g.line((c - r + 12, c + band, c + r - 12, c + band), fill=255, width=3)
    g.text((c, c), day, font=cjk_font(int(r * 0.27)), fill=255, anchor="mm")
    g.text((c, c + band + int(0.28 * r)), "定期注册", font=cjk_font(int(r * 0.22)), fill=255,
           anchor="mm")
    layer = layer.rotate(turn, resample=Image.BICUBIC)
    img.paste(Image.new("RGB", layer.size, BLUE), (int(cx - c), int(cy - c)), layer)


def _entry(name: str, turn: float = 6.0) -> tuple[np.ndarray, list[Line]]:
    """A registration box: conclusion and period printed, a date stamp right of them; the
    lines as the page reader gives them (the stamp's date one of them)."""
    img = Image.new("RGB", (880, 420), PAPER)
    d = ImageDraw.Draw(img)
    d.text((100, 60), "注册结论：注册合格", font=cjk_font(26), fill=(20, 20, 20))
    d.text((100, 130), "有效期：2019.9.1—2024.8.31", font=cjk_font(26), fill=(20, 20, 20))
    _stamp(img, 690, 200, 88, name, "2019.01.01", turn)
    lines = [
        Line("注册结论：注册合格", 0.99, (96, 58, 340, 92)),
        Line("有效期：2019.9.1—2024.8.31", 0.99, (96, 128, 480, 162)),
        Line("2019.01.01", 0.99, (622, 180, 758, 222)),
    ]
    return np.asarray(img), lines


def test_the_ring_of_a_date_stamp_gives_the_entry_its_office():
    image, lines = _entry("山西省教育厅")
    (s,) = group(lines)
    assert s.authority is None and s.date is not None  # the raw read: no office
    s, found = _date_stamp.named(image, s, ["山西省教育厅"], FIELD)
    entry, more, _ = decode_sticker(s, 0)
    assert entry["authority"] == "山西省教育厅" and entry["date"] == "2019-01-01"
    assert not any(f.blocking for f in found + more)
    assert {f.code for f in found} <= {"stamp_authority", "corrected_authority"}


def test_a_ring_naming_another_office_than_the_booklet_is_not_snapped_to_it():
    image, lines = _entry("江西省教育厅")
    (s,) = group(lines)
    s2, found = _date_stamp.named(image, s, ["山西省教育厅"], FIELD)
    assert s2.authority is None or s2.authority.text == "江西省教育厅"
    assert s2.authority is None or found[0].code == "stamp_authority"


def test_no_ring_no_office():
    image, lines = _entry("山西省教育厅")
    blank = np.full_like(image, PAPER)  # the date printed without a stamp around it
    (s,) = group(lines)
    s2, found = _date_stamp.named(blank, s, ["山西省教育厅"], FIELD)
    assert s2.authority is None and not found


@pytest.mark.parametrize(
    ("read", "offices", "office"),
    [
        ("山西省教育厅", ["山西省教育厅"], "山西省教育厅"),  # whole, exact
        ("山西省教育", ["山西省教育厅"], "山西省教育厅"),  # the last character lost
        ("山西省教育斤", ["山西省教育厅"], "山西省教育厅"),  # one misread
        ("岳麓区教育局", ["长沙市岳麓区教育局"], "长沙市岳麓区教育局"),  # the name's end
        ("鼓楼区教育局", ["福州市鼓楼区教育局"], "福州市鼓楼区教育局"),  # a whole name's end
        ("合肥市瑤海区教育局", ["合肥市瑶海区教育局"], "合肥市瑶海区教育局"),  # a variant form
        ("西省教育厅", ["山西省教育厅"], None),  # 山西 / 江西 / 陕西: two fit
        ("西省教育", ["山西省教育厅"], None),
        ("江西省教育厅", ["山西省教育厅"], None),  # exactly another office
        ("太原市教育", ["山西省教育厅"], None),  # the booklet's office does not fit
        ("教育厅", ["山西省教育厅"], None),  # no place
        ("岳麓区教育局", [], None),  # the vocabulary alone: which of three forms?
    ],
)
def test_a_ring_read_is_matched_only_when_one_office_fits(read, offices, office):
    got = match(read, offices)
    assert got.name == office
    if office is None and read not in ("教育厅", "太原市教育"):
        assert len(got.candidates) >= 2  # what a person chooses from
