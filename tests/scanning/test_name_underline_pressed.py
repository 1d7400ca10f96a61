"""A name printed on its underline (邱喆涛 on a scan): binarised, the underline breaks for a
column where its ink is faint, and the piece left of the break, shorter than a character is
wide, was kept as a stroke of the first character: its cell grew, and the row was cut wrong,
so no face drew the name. The row just above the rule holds the lowest strokes of the
characters standing on it (喆's 口), which must stay in their cells."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from scanning import _name_cells as NC
from scanning import _name_evidence as evidence
from scanning import _name_glyphs as glyphs
from tests.scanning._fonts import SANS, needs_face

pytestmark = needs_face(SANS)
_EM = 64
Box = tuple[int, int, int, int]


def _printed(name: str, line: bool = True, gap_at: int | None = None) -> tuple[np.ndarray, Box]:
    """``name`` printed at 26 px, on a 2-px underline pressed against its lowest strokes (the
    line broken for one column ``gap_at`` pixels right of the name's start), and its box."""
    font = ImageFont.truetype(SANS, _EM, index=2)
    img = Image.new("L", (_EM * 6, 140), 255)
    ImageDraw.Draw(img).text((80, 20), name, fill=0, font=font)
    f = 26 / _EM
    page = cv2.resize(np.asarray(img), None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(page < 128)
    x0, x1, bottom = int(xs.min()), int(xs.max()), int(ys.max())
    if line:
        page[bottom + 1 : bottom + 3, x0 - 12 : x1 + 40] = 40
    if gap_at is not None:
        page[bottom + 1 : bottom + 3, x0 + gap_at] = 255
    return page, (x0 - 1, int(ys.min()) - 3, x1 + 2, bottom + 4)


def _cells(page: np.ndarray, box: Box) -> list[glyphs.Cell]:
    return glyphs.cells(glyphs.ink_of(evidence.crop(page, box)))


@pytest.mark.parametrize("gap_at", [16, 20])
def test_a_broken_underline_leaves_no_piece_on_the_first_character(gap_at: int) -> None:
    widths = [c.right - c.left + 1 for c in _cells(*_printed("邱喆涛", gap_at=gap_at))]
    assert len(widths) == 3
    assert max(widths) <= 1.15 * min(widths)


def test_the_characters_on_the_underline_keep_their_lowest_strokes() -> None:
    bare = [c.ink.shape[0] for c in _cells(*_printed("邱喆涛", line=False))]
    lined = [c.ink.shape[0] for c in _cells(*_printed("邱喆涛"))]
    assert lined == bare


def _row(*runs: tuple[int, int]) -> np.ndarray:
    """A 40 × 120 mask with the flat ``runs`` (start, end) inked in row 20."""
    mask = np.zeros((40, 120), bool)
    for a, b in runs:
        mask[20, a:b] = True
    return mask


def test_a_rule_broken_by_a_pixel_goes_whole() -> None:
    assert not NC.rules_out(_row((10, 30), (31, 110)), 30).any()


def test_two_strokes_a_pixel_apart_are_no_rule() -> None:
    # 程 and 世 in a bold face at 20 px: their middle strokes stand a pixel apart in a row.
    mask = _row((10, 30), (31, 51))
    assert (NC.rules_out(mask, 30) == mask).all()
