"""A mark the readings read before a name ("☑韦华": a label's cut tail at the value box's edge)
is no character of it when the crop shows blank paper between the mark and the name, wider than
a lost character could leave: the name is confirmed without it. A mark right before the name
(a surname the engine read as a mark) keeps the flag."""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from core.rules import Finding
from scanning import _name_evidence as evidence
from scanning import _name_glyphs as glyphs
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._fonts import SANS_BOLD as SANS
from tests.scanning._fonts import needs_face

pytestmark = needs_face(SANS)


@pytest.fixture(autouse=True)
def no_recogniser(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No recogniser in unit tests: a cell read alone reads nothing."""
    monkeypatch.setattr(glyphs, "read_alone", lambda cell: "")
    yield


def _crop(gap: int, height: int = 36) -> np.ndarray:
    """A label's 名 cut in half at the crop's left edge, ``gap`` px (at 64 px) of blank paper,
    then 韦华, printed at ``height`` px and slightly blurred."""
    font = ImageFont.truetype(SANS, 64, index=2)
    img = Image.new("L", (64 * 7 + gap, 110), 255)
    draw = ImageDraw.Draw(img)
    draw.text((-40, 20), "名", fill=0, font=font)
    for k, ch in enumerate("韦华"):  # spaced as a value is
        draw.text((32 + gap + 76 * k, 20), ch, fill=0, font=font)
    grey = cv2.resize(np.asarray(img), None, fx=height / 64, fy=height / 64,
                      interpolation=cv2.INTER_AREA)
    return cv2.GaussianBlur(grey, (0, 0), 0.8)


def _settle(gap: int) -> Value:
    marked = Reading("☑韦华", 0.95, ((("☑", 0.85),), (("韦", 0.99),), (("华", 1.0),)))
    bare = Reading("韦华", 0.99, ((("韦", 0.98),), (("华", 0.998),)))
    doubt = Finding("unconfirmed", "name", "姓名“韦华”请核对", "warning", {})
    flagged = Value("韦华", 0.5, [doubt])
    return evidence.settle(flagged, {"韦华": 1.0}, [marked, bare, marked], _crop(gap))


def test_a_mark_far_before_the_name_is_no_character_of_it() -> None:
    v = _settle(gap=150)
    assert v.value == "韦华" and not v.blocking
    assert [f.code for f in v.findings] == ["glyph_checked"]


def test_a_mark_right_before_the_name_keeps_the_flag() -> None:
    assert _settle(gap=6).blocking
