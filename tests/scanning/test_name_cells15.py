"""A name's cells (session 15): a label's colon printed tight against the first character is
not part of its cell, a light face's faint strokes stay in their character's cell, and a
correct rare surname printed after a tight colon is confirmed by its glyphs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from scanning import _name_glyphs as glyphs

SANS = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
pytestmark = pytest.mark.skipif(not Path(SANS).exists(), reason="no Noto Sans CJK face")


def _label_and_name(name: str, colon_gap: int) -> np.ndarray:
    """``姓名：`` in bold, then ``name`` (26 px), its first character ``colon_gap`` px right of
    the colon's dots (0: they touch)."""
    bold, font = ImageFont.truetype(BOLD, 26, index=2), ImageFont.truetype(SANS, 26, index=2)
    img = Image.new("L", (80 + 30 * (len(name) + 3), 56), 240)
    draw = ImageDraw.Draw(img)
    draw.text((10, 12), "姓名", fill=20, font=bold)
    dots = draw.textbbox((0, 0), "：", font=bold)
    x = 66 - dots[0]
    draw.text((x, 12), "：", fill=20, font=bold)
    first = draw.textbbox((0, 0), name[0], font=font)
    start = x + dots[2] + colon_gap - first[0]
    for i, ch in enumerate(name):
        draw.text((start + 30 * i, 12), ch, fill=20, font=font)
    return np.asarray(img)


def test_a_colon_touching_the_first_character_is_no_part_of_its_cell() -> None:
    row = glyphs.cells(glyphs.ink_of(_label_and_name("王刚", colon_gap=0)))
    apart = glyphs.cells(glyphs.ink_of(_label_and_name("王刚", colon_gap=8)))
    wang = [c for c in apart if c.ink.shape[1] > 10][-2]  # the name's first cell, colon apart
    first = [c for c in row if c.ink.shape[1] > 10][-2]
    assert abs(first.ink.shape[1] - wang.ink.shape[1]) <= 2
    assert first.right == wang.right - 8


def test_two_dots_of_a_character_are_no_colon() -> None:
    # 冫 of 冯 and 冰: a dot above a rising stroke that reaches the character's foot.
    font = ImageFont.truetype(SANS, 26, index=2)
    for ch in "冯冰凌":
        img = Image.new("L", (60, 50), 240)
        ImageDraw.Draw(img).text((12, 10), ch, fill=20, font=font)
        mask = glyphs.ink_of(np.asarray(img)) > 0.45
        rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
        band = mask[rows[0] : rows[-1] + 1]
        span = [int(cols[0]), int(cols[-1])]
        assert glyphs._uncolon(band, span, len(band)) == span


def test_a_light_face_keeps_its_faint_strokes() -> None:
    # 王 drawn as a 宋体 face prints at a low resolution: the upright stroke dark, the three
    # horizontals faint (a third of the darkest ink, beside a bold label).
    ink = np.zeros((40, 120), np.float32)
    ink[8:32, 10:34] = 1.0  # the label's last character, a dark block
    ink[8:32, 61:63] = 1.0  # 王's upright
    for y in (8, 19, 30):
        ink[y : y + 2, 50:74] = 0.35
    row = glyphs.cells(ink)
    assert len(row) == 2
    wang = row[1]
    assert wang.ink.shape[1] >= 22  # the horizontals' width, not the upright's
    assert float(wang.ink[:, 0].max()) > 0.3


def test_a_mark_on_a_faint_rule_still_makes_a_cell() -> None:
    # A faint rule through a short dark mark: the faint level takes the mark for part of the
    # rule; the mark's cell keeps the ink the dark level found.
    ink = np.zeros((40, 200), np.float32)
    ink[18:21, :] = 0.3
    ink[18:21, 50:61] = 1.0
    ink[5:35, 100:126] = 1.0
    row = glyphs.cells(ink)
    assert [c.left for c in row] == [50, 100]
