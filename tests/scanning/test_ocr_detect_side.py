"""The page read detects its lines on a copy at most ``DET_SIDE`` px long, and still finds
and reads the lines of a normalised page (1100 px high) printed at a booklet's type size."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _ocr
from tests.scanning._fonts import cjk_font

LINES = ["姓名：孔华梅", "性别：男", "出生日期：1994年05月19日", "发证日期：2025年04月22日"]


def _page() -> np.ndarray:
    """A normalised page's size (1100 px high) with four lines at ~26 px type (≈ 10 pt)."""
    img = Image.new("RGB", (780, 1100), (245, 243, 238))
    draw = ImageDraw.Draw(img)
    for i, text in enumerate(LINES):
        draw.text((90, 200 + 120 * i), text, font=cjk_font(26), fill="black")
    return np.asarray(img)


@pytest.mark.slow
def test_a_page_is_detected_at_800_px_and_its_lines_read(monkeypatch: pytest.MonkeyPatch):
    det = _ocr.engine().text_det
    seen: list[tuple[int, ...]] = []
    session = det.session

    def spy(blob: np.ndarray) -> object:
        seen.append(blob.shape)
        return session(blob)

    monkeypatch.setattr(det, "session", spy)
    lines = _ocr.read(_page())
    assert len(seen) == 1 and max(seen[0][2:]) <= 800  # not 960: a third less detector CPU
    assert [ln.text for ln in lines] == LINES
