"""A name in a bordered table (姓名 | 萧俊淑): the border between label and name stops at the
cell's rules, short of the crop's height, and is no stroke of a character. Left in, it joined
the cells either side of it, and no glyph check could find the name's characters."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from core.rules import Finding
from scanning import _name_evidence as evidence
from scanning import _name_glyphs as glyphs
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._fonts import SANS, needs_face

pytestmark = needs_face(SANS)
_EM = 64
TOP, BOTTOM = 66, 170


def _grid(name: str) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A table row 姓名 | ``name`` printed at 26 px with the border between, and the name's box."""
    font = ImageFont.truetype(SANS, _EM, index=2)
    img = Image.new("L", (_EM * 9, 220), 255)
    draw = ImageDraw.Draw(img)
    draw.text((20, 70), "姓名", fill=0, font=font)
    draw.text((200, 70), name, fill=0, font=font)
    # The cell's border, ending where the cell's rules (out of the crop here) would stand:
    # it spans 0.8 of the crop's height.
    draw.line([(186, TOP), (186, BOTTOM)], fill=0, width=6)
    f = 26 / _EM
    page = cv2.GaussianBlur(cv2.resize(np.asarray(img), None, fx=f, fy=f,
                                       interpolation=cv2.INTER_AREA), (0, 0), 0.7)
    x0 = int(200 * f)
    top = int((TOP + 5) * f)
    ys, xs = np.nonzero(page[top : int((BOTTOM - 5) * f), x0:] < 128)
    return page, (x0 + int(xs.min()), top + int(ys.min()) - 3, x0 + int(xs.max()) + 3,
                  top + int(ys.max()) + 3)


def _settle(name: str, grey: np.ndarray) -> Value:
    flagged = Value(name, 0.5, [Finding("unconfirmed", "name", f"姓名“{name}”请核对", "warning",
                                        {"rule": "姓氏字形"})])
    reading = Reading(name, 0.99, tuple(((ch, 0.99),) for ch in name))
    return evidence.settle(flagged, {name: 1.0}, [reading], grey)


def test_the_border_between_label_and_name_is_no_character() -> None:
    page, box = _grid("萧俊淑")
    row = glyphs.cells(glyphs.ink_of(evidence.crop(page, box)))
    assert max(c.ink.shape[0] for c in row) < 1.3 * min(c.ink.shape[0] for c in row)
    assert len(row) == 4  # 名 萧 俊 淑


def test_a_rare_surname_in_a_table_is_told_from_the_common_one() -> None:
    page, box = _grid("萧俊淑")
    v = _settle("萧俊淑", evidence.crop(page, box))
    assert v.value == "萧俊淑" and not v.blocking


@pytest.mark.parametrize("printed", ["董俊淑", "黄俊淑"])
def test_the_common_surname_printed_is_never_taken_for_the_rare_one(printed: str) -> None:
    page, box = _grid(printed)
    v = _settle("萧俊淑", evidence.crop(page, box))
    assert v.blocking or v.value == printed
