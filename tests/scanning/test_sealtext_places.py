"""The recogniser's character places prove a line under a grey seal even when it read the gap
between a remark's date and its text as a space (no OCR run: places made up)."""

from __future__ import annotations

from scanning import _charbox
from scanning._charbox import Glyph
from scanning._ocr import Line
from scanning._seal_proof import doubts
from scanning._seal_shape import Ring

EM = 30.0
TEXT = "2024年7月6日 原证书污损，经本人申请同意换发"


def placed(text: str, x: float = 100.0) -> list[Glyph]:
    out = []
    for ch in text:
        w = (1.0 if ch.isspace() else _charbox.width(ch)) * EM
        out.append(Glyph(ch, x + w / 2))
        x += w
    return out


def test_a_space_the_recogniser_read_in_the_gap_does_not_void_the_places() -> None:
    gs = placed(TEXT)  # the reading holds the space, as the recogniser emits it
    at = {g.char: g.x for g in gs}
    ring = Ring((at["申"] + at["意"]) / 2, 315, (at["意"] - at["申"]) / 2 + EM / 2)
    ln = Line(TEXT, 0.99, (100, 300, int(gs[-1].x + EM / 2), 300 + int(EM)))
    assert doubts(ln, True, True, [ring], gs) == (False, False)  # 申请同意: one em apart
    roomy = [Glyph(g.char, g.x + (EM if g.x >= at["同"] else 0.0)) for g in gs]
    assert doubts(ln, True, True, [ring], roomy)[0]  # a comma's room under the seal: doubt
