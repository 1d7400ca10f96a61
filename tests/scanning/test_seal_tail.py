"""A seal's lettering read at the end of a value is cut off by its lighter ink
(``scanning._seal_tail``), on drawn pages (no OCR run: the re-read is stubbed)."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _seal_tail
from scanning._info_labels import RawField
from scanning._ocr import Reading

H = 40


def page(print_to: int, seal_to: int = 0, seal_ink: int = 110, paper_tail: int = 240) -> np.ndarray:
    """A grey line 40 px high: dark "characters" (ink 20) up to ``print_to``, lighter
    "lettering" (``seal_ink``) on to ``seal_to``, the paper there ``paper_tail``."""
    img = np.full((H, 500, 3), 240, np.uint8)
    img[:, print_to + 10 :] = paper_tail
    for x in range(10, print_to - 20, 40):
        img[8:32, x : x + 6] = 20
        img[18:22, x : x + 30] = 20
    for x in range(print_to + 20, seal_to - 20, 40):
        img[6:30, x : x + 5] = seal_ink
        img[12:16, x : x + 28] = seal_ink
    return img


def test_the_print_ends_where_only_lighter_ink_stands():
    end = _seal_tail.print_end(page(200, 330), (0, 0, 500, H))
    assert end is not None and 170 <= end <= 200


def test_no_cut_without_a_second_ink_or_under_glare():
    assert _seal_tail.print_end(page(330), (0, 0, 500, H)) is None  # print alone
    assert _seal_tail.print_end(page(200, 330, seal_ink=20), (0, 0, 500, H)) is None  # as dark
    # lighter strokes on lighter paper: glare washing the line's end, not a seal
    glare = page(200, 330, seal_ink=150, paper_tail=255)
    assert _seal_tail.print_end(glare, (0, 0, 500, H)) is None


@pytest.mark.parametrize(
    ("read", "again", "kept"),
    [
        ("护理省教", "护理", True),  # the ring's 省, 教
        ("汉语言文学育", "汉语言文学", True),
        ("汉语言文学", "汉语言文", False),  # 学 is no seal lettering
        ("护理省教", "护埋", False),  # not the read less a tail
    ],
)
def test_a_cut_read_is_kept_only_less_a_tail_of_seal_lettering(monkeypatch, read, again, kept):
    def reread(pieces, red=True):
        return [[Reading(again, 0.9)] for _ in pieces]

    monkeypatch.setattr(_seal_tail._ocr, "readings", reread)
    raw = {"subject": RawField(read, 0.9, (0, 0, 500, H), 0)}
    got = _seal_tail.trimmed(page(200, 330), raw)
    assert (got["subject"].text if got else None) == (again if kept else None)
    if kept:
        assert got["subject"].box[2] < 260
