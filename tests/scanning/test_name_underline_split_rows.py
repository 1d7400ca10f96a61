"""A name over a thin underline that lies a little off level (a phone photo's flattened page):
where the line's centre falls between two pixel rows, each row holds under half its ink, so
binarised no row kept a run a rule's length and the line stayed as strokes of the characters
standing on it (禤霞嫣: 禤's cell a fifth too wide, no face drew it). The two rows' ink together
holds the line whole."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from scanning import _name_cells as NC
from scanning import _name_evidence as evidence
from scanning import _name_glyphs as glyphs
from tests.scanning._fonts import SANS, needs_face

pytestmark = needs_face(SANS)
Box = tuple[int, int, int, int]


def _printed(name: str, line: bool = True) -> tuple[np.ndarray, Box]:
    """``name`` printed at 26 px on a faint one-pixel underline pressed against its lowest
    strokes that drops two pixel rows over 120 px (each column's ink shared between the two
    rows its centre falls between), and the name's box."""
    font = ImageFont.truetype(SANS, 26, index=2)
    img = Image.new("L", (180, 70), 255)
    ImageDraw.Draw(img).text((40, 10), name, fill=0, font=font)
    page = np.asarray(img).astype(np.float32)
    ys, xs = np.nonzero(page < 128)
    bottom = int(ys.max()) + 1
    for x in range(30, 150) if line else ():
        y = bottom + 2 * (x - 30) / 120
        low = int(y)
        page[low, x] -= 150 * (1 - (y - low))
        page[low + 1, x] -= 150 * (y - low)
    box = (int(xs.min()) - 1, int(ys.min()) - 3, int(xs.max()) + 2, bottom + 3)
    return np.clip(page, 0, 255).astype(np.uint8), box


def _cells(page: np.ndarray, box: Box) -> list[glyphs.Cell]:
    return glyphs.cells(glyphs.ink_of(evidence.crop(page, box)))


def test_a_split_underline_leaves_the_cells_as_without_it() -> None:
    bare = [(c.ink.shape, c.left) for c in _cells(*_printed("禤霞嫣", line=False))]
    lined = [(c.ink.shape, c.left) for c in _cells(*_printed("禤霞嫣"))]
    assert len(lined) == 3
    for (shape, left), (want, at) in zip(lined, bare, strict=True):
        assert abs(shape[0] - want[0]) <= 1 and abs(shape[1] - want[1]) <= 1 and left == at


def test_strokes_of_neighbouring_characters_are_no_rule() -> None:
    # Two characters' strokes in one row, split between two rows by their place, a pixel apart.
    ink = np.zeros((40, 120), np.float32)
    ink[20:22, 10:50] = 0.4
    ink[20:22, 51:91] = 0.4
    mask = ink > 0.3
    assert (NC.rules_out(mask, 45, ink) == mask).all()


def test_blurred_characters_in_a_row_are_no_rule() -> None:
    # A blurred bold name on its underline (a phone photo): the strokes of a row of characters
    # join, their two rows' ink added, into a run a rule's length, and the rows just above
    # the underline hold its blur's halo; neither is a thin line of its own.
    bold = ImageFont.truetype(SANS.replace("Regular", "Bold"), 26, index=2)
    img = Image.new("L", (180, 70), 255)
    ImageDraw.Draw(img).text((40, 10), "孔琦新", fill=0, font=bold)
    page = np.asarray(img).copy()
    ys, xs = np.nonzero(page < 128)
    page[int(ys.max()) + 2 : int(ys.max()) + 4, 30:170] = 0
    page = cv2.GaussianBlur(page, (0, 0), 1.3)
    box = (int(xs.min()) - 1, int(ys.min()) - 3, int(xs.max()) + 2, int(ys.max()) + 5)
    ink = glyphs.ink_of(evidence.crop(page, box))
    length = max(12, int(0.75 * ink.shape[0]))
    assert (NC.rules_out(ink > 0.45, length, ink) == NC.rules_out(ink > 0.45, length)).all()


def test_strokes_standing_on_a_faint_rule_keep_their_lowest_rows() -> None:
    # A rule too faint to bin in either row (a greyed print): the two rows added find it, but
    # the only dark pixels there are the characters' strokes that cross it, which stay.
    font = ImageFont.truetype(SANS, 26, index=2)
    img = Image.new("L", (180, 70), 255)
    ImageDraw.Draw(img).text((40, 10), "何东永", fill=0, font=font)
    page = np.asarray(img).astype(np.float32)
    ys, xs = np.nonzero(page < 128)
    low = int(ys.max()) - 1
    page[low : low + 2, 30:170] -= 70
    page = np.clip(page, 0, 255).astype(np.uint8)
    box = (int(xs.min()) - 1, int(ys.min()) - 3, int(xs.max()) + 2, int(ys.max()) + 4)
    bare = np.asarray(img)
    lined = [c.ink.shape for c in _cells(page, box)]
    assert lined == [c.ink.shape for c in _cells(bare, box)]
