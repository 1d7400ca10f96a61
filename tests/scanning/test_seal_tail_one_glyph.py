"""A seal's one character read right after a value (信息科技 + the ring's 教), standing close
against its print in a box the detector ended with that character, is cut off
(``scanning._seal_tail``), on drawn pages (no OCR run)."""

from __future__ import annotations

import numpy as np

from scanning import _seal_tail

H = 40


def line(seal_from: int, seal_ink: int = 150) -> np.ndarray:
    """Dark "characters" (ink 20, 32 px wide) ending at x = 200, one lighter character from
    ``seal_from`` to 32 px on."""
    img = np.full((H, 260, 3), 240, np.uint8)
    for x in range(36, 200, 40):
        img[6:34, x : x + 4] = 20
        img[18:22, x - 28 : x + 4] = 20
    img[6:34, seal_from + 26 : seal_from + 32] = seal_ink
    img[10:14, seal_from : seal_from + 32] = seal_ink
    img[26:30, seal_from : seal_from + 32] = seal_ink
    return img


def test_one_seal_character_close_after_the_print_is_a_tail():
    # The box ends where the seal's character does, 32 px after the print: the tail is read
    # from a quarter of the line's height past the print, not half of it.
    end = _seal_tail.print_end(line(204), (0, 0, 236, H))
    assert end is not None and 195 <= end <= 205


def test_no_tail_where_nothing_lighter_stands_after_the_print():
    img = line(204, seal_ink=240)
    assert _seal_tail.print_end(img, (0, 0, 236, H)) is None
    # the print's own lighter edge is no character
    img[6:34, 204:207] = 150
    assert _seal_tail.print_end(img, (0, 0, 236, H)) is None
