"""The name's crop reaches about a character before its value box: a two-character name under a
caption label (元婷, 云桐), whose box the detector cut tight at its first stroke, shows the blank
paper before it that proves no surname was lost; a surname the box lost still shows its ink."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from core.rules import Finding
from scanning import _name_evidence as evidence
from scanning._ocr import Reading
from scanning._validate import Value

SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
pytestmark = pytest.mark.skipif(not Path(SERIF).exists(), reason="no Noto CJK face")
_EM = 64
_SIZE = 26  # the printed characters' height on the page, px


def _page(text: str, first: int) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A page with ``text`` printed on blank paper, and the value box a detector would give
    for the name starting at character ``first``: tight at its ink (what comes before lost)."""
    font = ImageFont.truetype(SERIF, _EM, index=2)
    img = Image.new("L", (_EM * (len(text) + 6), 140), 255)
    draw = ImageDraw.Draw(img)
    for k, ch in enumerate(text):
        draw.text((3 * _EM + k * _EM, 30), ch, fill=0, font=font)
    f = _SIZE / _EM
    page = cv2.GaussianBlur(cv2.resize(np.asarray(img), None, fx=f, fy=f,
                                       interpolation=cv2.INTER_AREA), (0, 0), 0.7)
    at = int((3 + first) * _EM * f)
    ys, xs = np.nonzero(page[:, at:] < 128)
    return page, (at + int(xs.min()), int(ys.min()) - 2, at + int(xs.max()) + 2,
                  int(ys.max()) + 2)


def _settle(name: str, grey: np.ndarray) -> Value:
    flagged = Value(name, 0.5, [Finding("unconfirmed", "name", f"姓名“{name}”请核对", "warning",
                                        {"rule": "漏识姓氏"})])
    reading = Reading(name, 0.99, tuple(((ch, 0.99),) for ch in name))
    return evidence.settle(flagged, {name: 1.0}, [reading], grey)


@pytest.mark.parametrize("name", ["元婷", "云桐"])
def test_a_name_under_a_caption_shows_the_blank_before_it(name: str) -> None:
    page, box = _page(name, 0)
    v = _settle(name, evidence.crop(page, box))
    assert v.value == name and not v.blocking
    assert [f.code for f in v.findings] == ["glyph_checked"]


@pytest.mark.parametrize("surname", list("王郑卜丁"))
def test_a_surname_the_box_lost_keeps_the_flag(surname: str) -> None:
    page, box = _page(surname + "元婷", 1)
    assert _settle("元婷", evidence.crop(page, box)).blocking


def test_the_crop_keeps_a_name_at_the_page_edge() -> None:
    page, box = _page("元婷", 0)
    grey = evidence.crop(page[:, box[0] - 3 :], (3, box[1], box[2] - box[0] + 3, box[3]))
    assert grey.shape[1] > 0
    assert _settle("元婷", grey).blocking  # 3 px of paper before it prove nothing
