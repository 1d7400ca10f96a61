"""A re-read crop loses the ruled borders of its table cell, and nothing of the print: a
character's own long stroke (一, 田) is no border."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from scanning._ruled import unruled
from tests.scanning._fonts import cjk_font


def _cell(text: str, borders: bool) -> np.ndarray:
    """``text`` at 44 px in a padded crop; with ``borders``, the cell's top, bottom and left
    rules 3 px thick pressed into the padding, as a bordered table's re-read crop has them."""
    img = Image.new("RGB", (172, 118), (236, 236, 230))
    draw = ImageDraw.Draw(img)
    draw.text((30, 30), text, fill=(40, 40, 40), font=cjk_font(44))
    if borders:
        draw.rectangle((0, 11, 171, 14), fill=(30, 30, 30))
        draw.rectangle((0, 105, 171, 108), fill=(30, 30, 30))
        draw.rectangle((8, 0, 11, 100), fill=(30, 30, 30))
    return np.asarray(img)


def _ink(a: np.ndarray) -> np.ndarray:
    return a.min(axis=2) < 128


def test_the_cell_borders_are_painted_out_and_the_print_kept() -> None:
    ruled, bare = _cell("贺宇", True), _cell("贺宇", False)
    out = unruled(ruled)
    assert not _ink(out)[11:15].any() and not _ink(out)[105:109].any()
    assert not _ink(out)[:, 8:12].any()
    inside = (slice(20, 100), slice(20, 172))
    assert (_ink(out)[inside] == _ink(bare)[inside]).all()


def test_a_crop_without_borders_is_unchanged() -> None:
    for text in ("一", "男", "贺宇"):
        crop = _cell(text, False)
        assert (unruled(crop) == crop).all()


def test_a_blank_crop_is_unchanged() -> None:
    blank = np.full((40, 90, 3), 240, np.uint8)
    assert (unruled(blank) == blank).all()
